import torch

from dlbook import seed_everything
from dlbook.attention import MultiHeadAttention

seed_everything(0)
attn = MultiHeadAttention(8, 2)
Y = torch.randn(1, 4, 8)  # (B, T, C)
Y_future = Y.clone()
Y_future[0, 3] += 1.0  # change only the last position
for causal in (True, False):
    a, _ = attn(Y, causal=causal)
    b, _ = attn(Y_future, causal=causal)
    print(f"causal={causal!s:5} position 0 unchanged:",
          torch.allclose(a[0, 0], b[0, 0]))
