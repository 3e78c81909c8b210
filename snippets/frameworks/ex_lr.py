import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits

digits = load_digits()
X = torch.tensor(digits.data / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target)

def final_loss(lr: float, num_steps: int = 100) -> float:
    rng = np.random.default_rng(0)  # the same start as on the page
    W1 = torch.tensor(rng.standard_normal((64, 32)) * 0.1).float()
    W2 = torch.tensor(rng.standard_normal((32, 10)) * 0.1).float()
    params = [W1, torch.zeros(32), W2, torch.zeros(10)]
    for p in params:
        p.requires_grad_(True)
    optimizer = torch.optim.SGD(params, lr=lr)
    forward = lambda: torch.tanh(X @ W1 + params[1]) @ W2 + params[3]
    for _ in range(num_steps):
        loss = F.cross_entropy(forward(), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return F.cross_entropy(forward(), y).item()

for lr in (0.5, 0.05):
    print(f"loss after 100 steps, lr={lr}: {final_loss(lr):.3f}")
