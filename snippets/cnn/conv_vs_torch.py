import torch
import torch.nn.functional as F

from dlbook import seed_everything
from dlbook.conv import conv2d

seed_everything(0)
X = torch.randn(2, 3, 8, 8)  # (B, C_in, H, W)
weight = torch.randn(4, 3, 3, 3)  # (C_out, C_in, kh, kw)
bias = torch.randn(4)
for stride, padding in [(1, 0), (1, 1), (2, 1)]:
    ours = conv2d(X, weight, bias, stride=stride, padding=padding)
    theirs = F.conv2d(X, weight, bias, stride=stride, padding=padding)
    same = torch.allclose(ours, theirs, atol=1e-5)
    print(f"stride={stride} padding={padding}: {tuple(ours.shape)} "
          f"matches F.conv2d: {same}")  # (1)!
