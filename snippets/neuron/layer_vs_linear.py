import torch
from torch import nn

from dlbook import seed_everything
from dlbook.neuron import Dense, Neuron

seed_everything(0)
neurons = [Neuron(4, activation="identity") for _ in range(3)]
layer = Dense.from_neurons(neurons)  # (1)!

linear = nn.Linear(4, 3)
with torch.no_grad():
    linear.weight.copy_(layer.weight)  # (2)!
    linear.bias.copy_(layer.bias)

X = torch.randn(5, 4)  # a batch: 5 examples, 4 features each
y_layer = layer(X)
y_neurons = torch.stack([n(X) for n in neurons], dim=1)
print(tuple(y_layer.shape))
print(torch.allclose(y_layer, linear(X), atol=1e-6))
print(torch.allclose(y_layer, y_neurons, atol=1e-6))
