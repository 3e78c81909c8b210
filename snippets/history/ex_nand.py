import torch

from dlbook.perceptron import McCullochPitts

X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
AND = McCullochPitts(2, threshold=2)
NOT = McCullochPitts(0, threshold=0, num_inhibitory=1)
hidden = AND(X).reshape(-1, 1)  # (4,) -> (4, 1): one input for the next unit
print("NAND:", NOT(hidden).tolist())
