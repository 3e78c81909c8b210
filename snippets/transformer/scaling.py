import math

import torch

torch.manual_seed(0)
for D in (4, 64, 1024):
    q, k = torch.randn(1000, 1, D), torch.randn(1000, 8, D)  # 8 keys each
    raw = (q @ k.transpose(1, 2)).squeeze(1)  # (1000, 8)
    top_raw = torch.softmax(raw, -1).max(-1).values.mean()
    top = torch.softmax(raw / math.sqrt(D), -1).max(-1).values.mean()
    print(f"D={D:5d} score std {raw.std():6.1f} | largest weight: "
          f"unscaled {top_raw:.2f}, scaled {top:.2f}")
