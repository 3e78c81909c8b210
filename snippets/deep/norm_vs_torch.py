import torch
from torch import nn

from dlbook import seed_everything
from dlbook.norm import BatchNorm1d, LayerNorm

seed_everything(0)
for ours, theirs in [(BatchNorm1d(5), nn.BatchNorm1d(5)),
                     (LayerNorm(5), nn.LayerNorm(5))]:
    theirs.load_state_dict(ours.state_dict())
    same = True
    for _ in range(3):  # training mode: three batches
        X = torch.randn(16, 5) * 3 + 1  # (B, C)
        same &= torch.allclose(ours(X), theirs(X), atol=1e-5)
    ours.eval(), theirs.eval()
    one = torch.randn(1, 5) * 3 + 1  # a single test example
    same_eval = torch.allclose(ours(one), theirs(one), atol=1e-5)
    print(f"{type(ours).__name__:11s} train mode: {same}, "
          f"eval mode: {same_eval}")
bn = BatchNorm1d(5)
bn(torch.randn(16, 5) * 3 + 1)  # one training batch moves the running mean
print("running mean after one batch:", [round(v, 2) for v in
                                        bn.running_mean.tolist()])
