import torch
import torch.nn.functional as F

from dlbook import seed_everything
from dlbook.data import load_digits
from dlbook.models import MLP

X, y = load_digits(flatten=True)
seed_everything(0)
model = MLP(64, [32], 10)
full = F.cross_entropy(model(X[:64]), y[:64])
halves = [F.cross_entropy(model(X[i:i + 32]), y[i:i + 32]) for i in (0, 32)]
g_full = torch.autograd.grad(full, model.parameters())
g_halves = [torch.autograd.grad(h, model.parameters()) for h in halves]
gap = max((f - (a + b) / 2).abs().max().item()
          for f, a, b in zip(g_full, *g_halves))
print("mean of the two half-batch gradients = full-batch gradient:",
      gap < 1e-6)
