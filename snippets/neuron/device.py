import torch

import dlbook
from dlbook.neuron import Dense

dev = dlbook.device()  # (1)!
layer = Dense(4, 3, activation="relu").to(dev)
X = torch.ones(2, 4, device=dev)
y = layer(X)
print(y.shape, (y >= 0).all().item())
