import torch
from torch import nn

from dlbook import seed_everything
from dlbook.transformer import DecoderBlock

seed_everything(0)
ref = nn.TransformerDecoderLayer(32, 4, 64, dropout=0.0, batch_first=True)
ours = DecoderBlock(32, 4, 64).load_from_torch(ref).eval()
Y, memory = torch.randn(1, 5, 32), torch.randn(1, 7, 32)  # (B, T, C), (B, S, C)
out = ours(Y, memory)
causal = nn.Transformer.generate_square_subsequent_mask(5)
print("matches torch:", torch.allclose(out, ref(Y, memory, tgt_mask=causal),
                                       atol=1e-5))
Y2 = Y.clone()
Y2[0, 3:] = torch.randn(2, 32)  # (1)!
out2 = ours(Y2, memory)
print("positions 0-2 unchanged:", torch.allclose(out[0, :3], out2[0, :3]))
print("positions 3-4 changed:  ", not torch.allclose(out[0, 3:], out2[0, 3:]))
print("cross-attention", tuple(ours.cross_weights.shape), "= (B, H, T, S)")
