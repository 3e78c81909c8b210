import torch

from dlbook import seed_everything
from dlbook.losses import mse_loss

seed_everything(0)
X = torch.rand(100)
y = 3 * X + 2 + 0.1 * torch.randn(100)  # a line plus noise
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.5
for step in range(500):
    loss = mse_loss(w * X + b, y)
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
print(f"w = {w.item():.2f}, b = {b.item():.2f}, MSE {loss.item():.3f}")
