import matplotlib.pyplot as plt
import torch
from sklearn.linear_model import LogisticRegression

from dlbook import seed_everything
from dlbook.data import load_digits
from dlbook.gan import GAN, train_gan
from dlbook.plot import image_grid

seed_everything(0)
X, y = load_digits(flatten=True)  # (1797, 64)
judge = LogisticRegression(max_iter=2000).fit(X, y)  # (1)!
rows = {}
for lr, z_dim in ((1e-3, 16), (2e-4, 16), (1e-3, 32), (2e-4, 32)):  # (2)!
    seed_everything(0)
    gan = GAN(64, z_dim=z_dim, num_hiddens=128, out="sigmoid")
    train_gan(gan, X, num_steps=1500, lr=lr, batch_size=64)
    fake = gan.sample(1000, generator=torch.Generator().manual_seed(0))
    counts = torch.bincount(torch.tensor(judge.predict(fake)), minlength=10)
    covered = (counts >= 20).sum().item()  # (3)!
    top = counts.max().item() / 1000  # the most common digit's share
    kind = "collapsed" if top >= 0.5 else "varied"  # (4)!
    # output tolerance: ±3 on "digits covered"
    print(f"lr={lr:<6g} z={z_dim}: {kind:9s} digits covered {covered:2}/10")
    rows[f"lr={lr:g}, z={z_dim}: {covered}/10 digits"] = fake[:12]
image_grid(rows, title="12 samples of each GAN")
plt.show()
