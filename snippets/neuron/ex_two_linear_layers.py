import torch

from dlbook import seed_everything
from dlbook.neuron import Dense

seed_everything(0)
first, second = Dense(4, 3), Dense(3, 2)  # no activation: identity
X = torch.randn(5, 4)

one = Dense(4, 2)
with torch.no_grad():
    one.weight.copy_(second.weight @ first.weight)  # (2, 3) @ (3, 4)
    one.bias.copy_(second.weight @ first.bias + second.bias)
print(torch.allclose(second(first(X)), one(X), atol=1e-6))
