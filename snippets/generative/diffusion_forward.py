import matplotlib.pyplot as plt
import torch

from dlbook import seed_everything
from dlbook.diffusion import linear_schedule, q_sample, q_step, two_moons

seed_everything(0)
schedule = linear_schedule(100, beta_T=0.1)
abar = schedule.alpha_bars[50 - 1]
print(f"abar_50 = {abar:.3f}, abar_100 = {schedule.alpha_bars[-1]:.4f}")

x0 = torch.tensor([2.0, 0.0]).repeat(20000, 1)  # one point, 20000 copies
x = x0
for t in range(1, 51):  # (1)!
    x = q_step(x, torch.full((20000,), t), torch.randn_like(x0), schedule)
jump = q_sample(x0, torch.full((20000,), 50), torch.randn_like(x0), schedule)
print(f"formula: mean {2 * abar.sqrt():.2f}, std {(1 - abar).sqrt():.2f}")
print(f"chain:   mean {x[:, 0].mean():.2f}, std {x[:, 0].std():.2f}")
print(f"jump:    mean {jump[:, 0].mean():.2f}, std {jump[:, 0].std():.2f}")

X = two_moons(2000)  # (2000, 2), standardised
fig, axes = plt.subplots(1, 5, figsize=(12, 2.6), sharex=True, sharey=True)
for ax, t in zip(axes, (0, 5, 20, 50, 100)):
    x_t = X if t == 0 else q_sample(X, torch.full((2000,), t),
                                    torch.randn_like(X), schedule)  # (2)!
    ax.scatter(x_t[:, 0], x_t[:, 1], s=1)
    ax.set_title(f"t = {t}")
fig.tight_layout()
plt.show()
