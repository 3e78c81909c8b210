import torch

from dlbook.perceptron import McCullochPitts

X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]])  # every input pair
AND = McCullochPitts(2, threshold=2)  # (1)!
OR = McCullochPitts(2, threshold=1)
NOT = McCullochPitts(0, threshold=0, num_inhibitory=1)  # (2)!

print("x1 x2 | AND OR")
for x, a, o in zip(X.tolist(), AND(X).tolist(), OR(X).tolist()):
    print(f" {x[0]}  {x[1]} |  {a}   {o}")
print("NOT 0, NOT 1:", NOT(torch.tensor([[0], [1]])).tolist())
