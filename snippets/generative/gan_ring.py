import matplotlib.pyplot as plt

from dlbook import seed_everything
from dlbook.gan import GAN, mixture_of_gaussians, mode_coverage, ring_centers
from dlbook.gan import train_gan

seed_everything(0)
X = mixture_of_gaussians(2000, num_modes=8, std=0.05)  # (2000, 2)
gan = GAN(2, z_dim=8, num_hiddens=128)
steps = (250, 500, 1000, 1500)
history = train_gan(gan, X, num_steps=1500, lr=1e-3, snapshot_at=steps)

fig, axes = plt.subplots(1, 4, figsize=(12, 3.2), sharex=True, sharey=True)
modes = {}
for ax, step in zip(axes, steps):
    fake = history.snapshots[step]  # (1000, 2)
    modes[step], good = mode_coverage(fake, ring_centers(8), std=0.05)  # (1)!
    ax.scatter(fake[:, 0], fake[:, 1], s=2, c="tab:red")
    ax.scatter(X[:, 0], X[:, 1], s=1, c="black")
    ax.set_title(f"step {step}: {modes[step]}/8 modes, {good:.0%} good")
fig.tight_layout()
print(f"more modes at step 1500 than at 250: {modes[1500] > modes[250]}")
print(f"all 8 modes covered at step 1500: {modes[1500] == 8}")

fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(history.d_loss, label="discriminator", lw=0.8)
ax.plot(history.g_loss, label="generator", lw=0.8)
ax.axhline(2 * 0.6931, c="k", ls="--", lw=0.8, label="2 log 2")  # (2)!
ax.set(xlabel="step", ylabel="loss")
ax.legend()
plt.show()
