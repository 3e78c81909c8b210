import torch

from dlbook import seed_everything
from dlbook.attention import MultiHeadAttention

seed_everything(0)
attn = MultiHeadAttention(8, 2)
X = torch.randn(1, 5, 8)  # (B, T, C)
perm = torch.tensor([4, 2, 0, 1, 3])  # shuffle the 5 positions
out, _ = attn(X)
out_perm, _ = attn(X[:, perm])
print(torch.allclose(out[:, perm], out_perm, atol=1e-6))
