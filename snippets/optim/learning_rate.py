from dlbook import seed_everything
from dlbook.data import load_digits, split
from dlbook.models import MLP
from dlbook.optim import SGD, loss_curve, outcome

X, y = load_digits(flatten=True)
(X_train, y_train), _, _ = split(X, y, seed=0)
for lr in [0.001, 0.05, 0.5, 5.0]:
    seed_everything(0)  # the same start for every lr
    model = MLP(64, [64, 64], 10)
    opt = SGD(model.parameters(), lr=lr, momentum=0.9)
    history = loss_curve(model, X_train, y_train, opt, num_steps=300, seed=0)
    losses = history.train_loss
    # output tolerance: ±0.6 on "unstable"
    print(f"lr={lr:<5} last 50 steps {sum(losses[-50:]) / 50:.3f}  "
          f"{outcome(losses)}")  # (1)!
