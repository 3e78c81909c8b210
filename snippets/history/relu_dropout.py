import torch
from torch import nn

from dlbook import seed_everything

seed_everything(0)
X = torch.randn(64, 32)

def first_layer_grad(activation: nn.Module, depth: int = 10) -> float:
    layers = []
    for _ in range(depth):  # (1)!
        layers += [nn.Linear(32, 32), activation]
    model = nn.Sequential(*layers, nn.Linear(32, 1))
    model(X).sum().backward()
    return model[0].weight.grad.norm().item()

ratio = first_layer_grad(nn.Sigmoid()) / first_layer_grad(nn.ReLU())
print(f"sigmoid / ReLU first-layer gradient < 0.01: {ratio < 0.01}")

dropout = nn.Dropout(p=0.5)  # (2)!
h = torch.ones(10_000)
out = dropout(h)
print(f"training: zeros {(out == 0).float().mean():.1%}, "
      f"kept values {out.max():.1f}, mean {out.mean():.2f}")
dropout.eval()  # (3)!
print(f"evaluation: zeros {(dropout(h) == 0).float().mean():.1%}")
