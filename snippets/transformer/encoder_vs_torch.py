import torch
from torch import nn

from dlbook import seed_everything
from dlbook.transformer import EncoderBlock

seed_everything(0)
X = torch.randn(2, 6, 32)  # (B, T, C)
for norm_first in (False, True):  # (1)!
    ref = nn.TransformerEncoderLayer(32, 4, dim_feedforward=64, dropout=0.0,
                                     batch_first=True, norm_first=norm_first)
    ours = EncoderBlock(32, 4, 64, norm_first=norm_first).load_from_torch(ref)
    gap = (ours(X) - ref(X)).abs().max().item()
    print(f"norm_first={norm_first!s:5} gap < 1e-5: {gap < 1e-5}")
n_ours = sum(p.numel() for p in ours.parameters())
n_ref = sum(p.numel() for p in ref.parameters())
print("parameters:", n_ours, n_ref)
