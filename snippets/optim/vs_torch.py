import copy

import torch
import torch.nn.functional as F

from dlbook import seed_everything
from dlbook.models import MLP
from dlbook.optim import SGD, Adam

seed_everything(0)
X, y = torch.randn(32, 64), torch.randint(10, (32,))
start = MLP(64, [32], 10)
pairs = {  # ours, torch's
    "SGD": (lambda p: SGD(p, lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    "momentum": (lambda p: SGD(p, lr=0.1, momentum=0.9),
                 lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
    "Adam": (lambda p: Adam(p, lr=0.01),
             lambda p: torch.optim.Adam(p, lr=0.01))}
for name, (ours, theirs) in pairs.items():
    a, b = copy.deepcopy(start), copy.deepcopy(start)
    opt_a, opt_b = ours(a.parameters()), theirs(b.parameters())
    for _ in range(5):  # five steps, each from the model's own position
        for model, opt in ((a, opt_a), (b, opt_b)):
            opt.zero_grad()
            F.cross_entropy(model(X), y).backward()
            opt.step()
    gap = max((p - q).abs().max().item()
              for p, q in zip(a.parameters(), b.parameters()))
    print(f"{name:9s} same weights as torch.optim after 5 steps "
          f"(max gap < 1e-6): {gap < 1e-6}")
