import torch

from dlbook.perceptron import Perceptron, train_perceptron

X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
targets = {"AND": torch.tensor([0, 0, 0, 1]),
           "XOR": torch.tensor([0, 1, 1, 0])}

for name, y in targets.items():
    model = Perceptron(2)
    mistakes = train_perceptron(model, X, y, num_epochs=20).mistakes  # (1)!
    acc = (model(X) == y).float().mean().item()
    print(f"{name}: mistakes per epoch {mistakes[:6]} ... {mistakes[-1]},"
          f" accuracy {acc:.2f}")
