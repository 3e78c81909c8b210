import torch

from dlbook.vit import patchify

for size, p in [(8, 2), (8, 4), (224, 16), (224, 8)]:
    tokens = patchify(torch.zeros(1, 3, size, size), p)  # (1, N, 3*p*p)
    N = tokens.shape[1]
    print(f"{size:3d}x{size:<3d} {p:2d}x{p:<2d} patches: {N:4d} tokens of "
          f"{tokens.shape[2]:3d} numbers, {N * N:7d} attention scores")
