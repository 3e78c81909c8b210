import torch

from dlbook import seed_everything
from dlbook.data import load_digits, split
from dlbook.deep import DeepMLP
from dlbook.optim import Adam, loss_curve

X, y = load_digits(flatten=True)
(X_train, y_train), _, (X_test, y_test) = split(X, y, seed=0)
for init in ["normal", "xavier"]:
    seed_everything(0)
    model = DeepMLP(depth=20, activation="tanh", init=init)
    loss_curve(model, X_train, y_train, Adam(model.parameters(), lr=0.001),
               num_steps=300, seed=0)
    with torch.no_grad():
        acc = (model(X_test).argmax(1) == y_test).float().mean().item()
    print(f"tanh, init={init:7s} with Adam: test accuracy {acc:.1f}")
