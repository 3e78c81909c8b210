import torch
import torch.nn.functional as F

from dlbook import seed_everything

seed_everything(0)
Q, K, V = torch.randn(3, 1, 100, 16)  # 3 x (B, T, C)
full = F.scaled_dot_product_attention(Q, K, V)  # all 100 positions
last = F.scaled_dot_product_attention(Q[:, -1:], K, V)  # position 99 only
print(torch.allclose(full[:, -1:], last, atol=1e-6))
