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
for lr, z_dim in ((1e-3, 16), (2e-4, 32)):
    gan = GAN(64, z_dim=z_dim, num_hiddens=128, out="sigmoid")
    train_gan(gan, X, num_steps=1500, lr=lr, batch_size=64)
    fake = gan.sample(1000, generator=torch.Generator().manual_seed(0))
    counts = torch.bincount(torch.tensor(judge.predict(fake)), minlength=10)
    spread = torch.pdist(fake).mean() / torch.pdist(X[:1000]).mean()  # (2)!
    print(f"lr={lr:g}: varied (spread > 0.5): {spread.item() > 0.5}, "
          f"one digit > half: {counts.max().item() > 500}")
    image_grid({f"lr={lr:g}": fake[:12]},
               title=f"digits per 1000 samples: {counts.tolist()}, "
                     f"spread {spread:.2f}")
plt.show()
