import torch

from dlbook.neuron import Dense

layer = Dense(4, 3)
X = torch.ones(2, 4, dtype=torch.long)  # integers, e.g. raw pixel counts
try:
    layer(X)
except TypeError as err:
    print(err)
print(layer(X.float()).shape)
