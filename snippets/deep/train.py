import torch

from dlbook import seed_everything
from dlbook.data import load_digits, split
from dlbook.deep import VARIANTS, DeepMLP
from dlbook.optim import SGD, loss_curve

X, y = load_digits(flatten=True)
(X_train, y_train), _, (X_test, y_test) = split(X, y, seed=0)
for name, kw in VARIANTS.items():
    losses, accs = [], []
    for seed in range(3):  # (1)!
        seed_everything(seed)
        model = DeepMLP(depth=20, **kw)  # 20 hidden layers of 64
        opt = SGD(model.parameters(), lr=0.005, momentum=0.9)
        curve = loss_curve(model, X_train, y_train, opt, num_steps=300,
                           seed=seed).train_loss
        model.eval()  # (2)!
        with torch.no_grad():
            right = model(X_test).argmax(1) == y_test
        accs.append(right.float().mean().item())
        losses.append(sum(curve[-50:]) / 50)
    # output tolerance: ±0.06 on "test accuracy"
    print(f"{name:32s} last loss {sum(losses) / 3:4.1f}  "
          f"test accuracy {sum(accs) / 3:.2f}")  # (3)!
