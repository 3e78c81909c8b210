import math

import torch
from torch.nn import functional as F

from dlbook.attention import scaled_dot_product_attention

q = torch.tensor([[1.0, 0.0]])  # one query, D = 2
k = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])  # three keys
v = torch.tensor([[10.0], [20.0], [40.0]])  # one value per key

scores = q @ k.T / math.sqrt(2)  # (1)!
weights = torch.softmax(scores, dim=-1)
print("scores ", [f"{s:.3f}" for s in scores[0]])
print("weights", [f"{w:.3f}" for w in weights[0]])
print(f"output  {(weights @ v).item():.2f}")  # (2)!

out, w = scaled_dot_product_attention(q, k, v)
print(torch.allclose(out, F.scaled_dot_product_attention(q, k, v)))
