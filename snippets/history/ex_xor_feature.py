import torch

from dlbook.perceptron import Perceptron, train_perceptron

X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
y = torch.tensor([0, 1, 1, 0])
X3 = torch.cat([X, X[:, :1] * X[:, 1:]], dim=1)  # (4, 3): x1, x2, x1*x2

model = Perceptron(3)
mistakes = train_perceptron(model, X3, y, num_epochs=20).mistakes
print("mistakes in the last epoch:", mistakes[-1])
print("predictions:", model(X3).tolist())
