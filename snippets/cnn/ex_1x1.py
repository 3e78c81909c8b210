import torch

from dlbook import seed_everything
from dlbook.conv import conv2d

seed_everything(0)
X = torch.randn(2, 3, 5, 5)  # (B, C_in, H, W)
W = torch.randn(4, 3, 1, 1)  # (C_out, C_in, 1, 1)
Y = conv2d(X, W)
# the same numbers as a linear layer applied to every pixel's channels
Y_lin = torch.einsum("bchw,oc->bohw", X, W[:, :, 0, 0])
print(tuple(Y.shape), torch.allclose(Y, Y_lin, atol=1e-5))
