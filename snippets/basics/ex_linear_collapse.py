import torch

from dlbook import seed_everything
from dlbook.models import MLP

seed_everything(0)
mlp = MLP(3, [4, 4], 2, activation="identity")
W = torch.eye(3)
b = torch.zeros(3)
for layer in mlp.layers:  # compose x -> x W^T + b, layer by layer
    W = layer.weight @ W  # (C_out, C_in) @ (C_in, 3) -> (C_out, 3)
    b = layer.weight @ b + layer.bias
X = torch.randn(6, 3)
print(tuple(W.shape), torch.allclose(mlp(X), X @ W.T + b, atol=1e-6))
