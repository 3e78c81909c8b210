import torch

from dlbook.neuron import Neuron

neuron = Neuron(2, activation="relu")
with torch.no_grad():
    neuron.w.copy_(torch.tensor([1.0, -2.0]))
    neuron.b.fill_(0.5)

X = torch.tensor([[3.0, 1.0], [0.0, 1.0]])
print(neuron(X).tolist())
