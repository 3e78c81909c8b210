import torch

from dlbook.conv import conv2d

X = torch.tensor([[0., 0., 1., 1.],
                  [0., 0., 1., 1.],
                  [0., 0., 1., 1.]]).reshape(1, 1, 3, 4)  # (B, C, H, W)
K = torch.tensor([[-1., 1.]]).reshape(1, 1, 1, 2)  # (C_out, C_in, kh, kw)
print(conv2d(X, K)[0, 0])  # (1)!
