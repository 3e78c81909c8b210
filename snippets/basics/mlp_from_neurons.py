import torch

from dlbook import seed_everything
from dlbook.models import MLP
from dlbook.neuron import Dense, Neuron

seed_everything(0)
hidden = Dense.from_neurons([Neuron(3, activation="relu")
                             for _ in range(4)])  # (1)!
output = Dense.from_neurons([Neuron(4, activation="identity")
                             for _ in range(2)])
mlp = MLP(3, [4], 2)  # (2)!
with torch.no_grad():
    for ours, theirs in zip(mlp.layers, [hidden, output]):
        ours.weight.copy_(theirs.weight)
        ours.bias.copy_(theirs.bias)

X = torch.randn(5, 3)  # (B, C) = 5 examples, 3 features
print(mlp)
print(tuple(mlp(X).shape), torch.allclose(mlp(X), output(hidden(X))))
print("parameters:", sum(p.numel() for p in mlp.parameters()))  # (3)!
