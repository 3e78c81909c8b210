import torch

from dlbook.neuron import Dense

layer = Dense(4, 3)
try:
    layer(torch.ones(2, 5))
except ValueError as err:
    print(err)
