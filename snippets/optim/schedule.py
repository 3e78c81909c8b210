import copy

import matplotlib.pyplot as plt
import torch
from torch.optim.lr_scheduler import (CosineAnnealingLR, LambdaLR, LinearLR,
                                      SequentialLR)

from dlbook import seed_everything
from dlbook.data import load_digits, split
from dlbook.models import MLP
from dlbook.optim import SGD, loss_curve, warmup_cosine

seed_everything(0)
X, y = load_digits(flatten=True)
(X_train, y_train), _, (X_test, y_test) = split(X, y, seed=0)
steps, warmup, lr = 300, 30, 0.2
factor = lambda t: warmup_cosine(t, warmup_steps=warmup, total_steps=steps)

opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
torch_sched = SequentialLR(opt, [  # (1)!
    LinearLR(opt, start_factor=1 / warmup, total_iters=warmup - 1),
    CosineAnnealingLR(opt, T_max=steps - warmup)], milestones=[warmup])
gap = 0.0
for t in range(steps):
    gap = max(gap, abs(opt.param_groups[0]["lr"] - lr * factor(t)))
    opt.step()
    torch_sched.step()
print(f"matches torch's SequentialLR (max gap < 1e-9): {gap < 1e-9}")

start = MLP(64, [64, 64], 10)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3))
for name, schedule in [("constant", None), ("warm-up + cosine", factor)]:
    model = copy.deepcopy(start)
    opt = SGD(model.parameters(), lr=lr, momentum=0.9)
    sched = None if schedule is None else LambdaLR(opt, schedule)  # (2)!
    losses = loss_curve(model, X_train, y_train, opt, num_steps=steps,
                        scheduler=sched, seed=0).train_loss
    acc = (model(X_test).argmax(1) == y_test).float().mean().item()
    print(f"{name:17s} last-50-step loss {sum(losses[-50:]) / 50:.2f}, "
          f"test accuracy {acc:.3f}")
    ax1.plot([lr * (1 if schedule is None else schedule(t))
              for t in range(steps)], label=name)
    ax2.plot(losses, label=name, linewidth=0.8)
ax1.set(xlabel="step", ylabel="learning rate")
ax2.set(xlabel="step", ylabel="training loss", yscale="log")
ax2.legend()
fig.tight_layout()
plt.show()
