import torch

from dlbook.history import McCullochPitts

X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
NAND = McCullochPitts([-1, -1], threshold=-1)
print("NAND:", NAND(X).tolist())
