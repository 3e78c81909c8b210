import torch
from torch import nn

from dlbook import seed_everything
from dlbook.norm import BatchNorm1d

seed_everything(0)
X = torch.randn(32, 8)  # (B, C)
linear, bn = nn.Linear(8, 4, bias=False), BatchNorm1d(4)
Y = bn(linear(X))
with torch.no_grad():
    linear.weight *= 100  # the same directions, 100 times longer
Y_big = bn(linear(X))
print("largest difference:", f"{(Y - Y_big).abs().max().item():.1e}")
