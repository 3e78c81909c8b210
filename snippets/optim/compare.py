import copy

import matplotlib.pyplot as plt
import torch

from dlbook import seed_everything
from dlbook.data import load_digits, split
from dlbook.models import MLP
from dlbook.optim import SGD, Adam, loss_curve

seed_everything(0)
X, y = load_digits(flatten=True)  # (1797, 64)
(X_train, y_train), _, (X_test, y_test) = split(X, y, seed=0)
start = MLP(64, [64, 64], 10)  # one initialisation for all three
optimizers = {"SGD": lambda p: SGD(p, lr=0.05),
              "momentum": lambda p: SGD(p, lr=0.05, momentum=0.9),  # (1)!
              "Adam": lambda p: Adam(p, lr=0.001)}
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, make in optimizers.items():
    model = copy.deepcopy(start)
    history = loss_curve(model, X_train, y_train, make(model.parameters()),
                         num_steps=300, seed=0)  # (2)!
    losses = history.train_loss
    acc = (model(X_test).argmax(1) == y_test).float().mean().item()
    print(f"{name:9s} last-50-step loss {sum(losses[-50:]) / 50:.3f}, "
          f"test accuracy {acc:.2f}")
    ax.plot(losses, label=name, linewidth=1)
ax.set(xlabel="step", ylabel="training loss (one batch)", yscale="log")
ax.legend()
fig.tight_layout()
plt.show()
