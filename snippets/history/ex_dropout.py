import torch
from torch import nn

from dlbook import seed_everything

seed_everything(0)
dropout = nn.Dropout(p=0.2)
out = dropout(torch.ones(10_000))
print(f"zeros {(out == 0).float().mean():.1%}, "
      f"kept values {out.max():.2f}, mean {out.mean():.2f}")
