import matplotlib.pyplot as plt
import torch

from dlbook import seed_everything
from dlbook.diffusion import Denoiser, energy_distance, linear_schedule
from dlbook.diffusion import sample, train_ddpm, two_moons

seed_everything(0)
X = two_moons(2000, seed=0)  # training data, (2000, 2), standardised
X_new = two_moons(1000, seed=1)  # fresh data, never trained on
schedule = linear_schedule(100, beta_T=0.1)
model = Denoiser(2, T=100, num_hiddens=128)
history = train_ddpm(model, X, schedule, num_steps=1500, lr=2e-3)  # (1)!

gen = torch.Generator().manual_seed(0)
x0, kept = sample(model, (1000, 2), schedule, keep=(100, 60, 30, 10, 0),
                  generator=gen)
noise = torch.randn(1000, 2, generator=gen)
print("energy distance to fresh data (lower is better):")  # (2)!
print(f"  Gaussian noise: {energy_distance(noise, X_new):.3f}")
print(f"  DDPM samples:   {energy_distance(x0, X_new):.3f}")
print(f"  training data:  {energy_distance(X[:1000], X_new):.3f}")

fig, axes = plt.subplots(1, 5, figsize=(12, 2.6), sharex=True, sharey=True)
for ax, t in zip(axes, (100, 60, 30, 10, 0)):
    ax.scatter(kept[t][:, 0], kept[t][:, 1], s=1, c="tab:purple")
    ax.set_title(f"x_{t}")
fig.tight_layout()
plt.show()
