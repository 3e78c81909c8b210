import torch
import torch.nn.functional as F

from dlbook.conv import avg_pool2d, max_pool2d

X = torch.arange(16.0).reshape(1, 1, 4, 4)  # (B, C, H, W)
print(max_pool2d(X, 2)[0, 0])  # (1)!
print(avg_pool2d(X, 2)[0, 0])
print(torch.equal(max_pool2d(X, 2), F.max_pool2d(X, 2)))
