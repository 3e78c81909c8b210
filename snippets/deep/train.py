import torch

from dlbook import seed_everything
from dlbook.data import load_digits, split
from dlbook.deep import VARIANTS, DeepMLP
from dlbook.optim import SGD, loss_curve

X, y = load_digits(flatten=True)
(X_train, y_train), _, (X_test, y_test) = split(X, y, seed=0)
for name, kw in VARIANTS.items():
    seed_everything(0)
    model = DeepMLP(depth=20, **kw)  # 20 hidden layers of 64
    opt = SGD(model.parameters(), lr=0.01, momentum=0.9)
    losses = loss_curve(model, X_train, y_train, opt, num_steps=300, seed=0)
    model.eval()  # (1)!
    with torch.no_grad():
        acc = (model(X_test).argmax(1) == y_test).float().mean().item()
    print(f"{name:32s} last loss {sum(losses[-50:]) / 50:5.2f}  "
          f"test accuracy {acc:.2f}")
