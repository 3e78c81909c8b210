import torch
from torch import nn

from dlbook import seed_everything
from dlbook.attention import MultiHeadAttention, causal_mask, padding_mask

seed_everything(0)
ref = nn.MultiheadAttention(16, 4, batch_first=True)  # C = 16, H = 4
ours = MultiHeadAttention(16, 4).load_from_torch(ref)  # (1)!
X = torch.randn(2, 5, 16)  # (B, T, C)
keep = padding_mask(torch.tensor([5, 3]), 5)  # second sequence: 2 pads

for causal in (False, True):
    for pad in (False, True):
        out, w = ours(X, key_padding_mask=keep if pad else None, causal=causal)
        ref_out, ref_w = ref(
            X, X, X, key_padding_mask=~keep if pad else None,  # (2)!
            attn_mask=~causal_mask(5) if causal else None,
            average_attn_weights=False)
        gap = max((out - ref_out).abs().max(), (w - ref_w).abs().max())
        print(f"causal={causal!s:5} padding={pad!s:5} gap < 1e-5: {gap < 1e-5}")
print(tuple(w.shape), "= (B, H, T, T)")
for row in w[1, 0].detach():  # second sequence, head 0
    print(" ".join(f"{x:.2f}" for x in row))
