import torch

from dlbook.conv import conv2d

H, k, padding, stride = 8, 3, 1, 2
print("formula:", (H + 2 * padding - k) // stride + 1)
Y = conv2d(torch.zeros(1, 1, H, H), torch.zeros(1, 1, k, k),
           stride=stride, padding=padding)
print("conv2d: ", tuple(Y.shape))
