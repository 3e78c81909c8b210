import torch

from dlbook.neuron import Neuron

neuron = Neuron(3, activation="sigmoid")
with torch.no_grad():  # (1)!
    neuron.w.copy_(torch.tensor([0.5, -1.0, 0.25]))
    neuron.b.fill_(0.1)

x = torch.tensor([1.0, 2.0, 3.0])
z = 0.5 * 1.0 + (-1.0) * 2.0 + 0.25 * 3.0 + 0.1  # (2)!
print(f"z = {z:.2f}")
print(f"by hand: {1 / (1 + torch.exp(torch.tensor(-z))):.4f}")
print(f"Neuron:  {neuron(x):.4f}")
