import torch
import torch.nn.functional as F

from dlbook import seed_everything
from dlbook.data import load_digits
from dlbook.models import MLP

X, y = load_digits(flatten=True)
weights = {}
for batch_size in [64, 32]:
    seed_everything(0)
    model = MLP(64, [32], 10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for start in range(0, len(y) - 63, 64):  # the same 1792 examples
        for i in range(start, start + 64, batch_size):
            loss = F.cross_entropy(model(X[i:i + batch_size]),
                                   y[i:i + batch_size])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    weights[batch_size] = torch.cat([p.flatten() for p in model.parameters()])
gap = (weights[64] - weights[32]).abs().max().item()
print(f"batch 64 vs batch 32, largest weight difference: {gap:.2f}")
