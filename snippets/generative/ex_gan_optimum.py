import math

import torch

from dlbook import seed_everything
from dlbook.gan import GAN, discriminator_loss, mixture_of_gaussians

seed_everything(0)
X = mixture_of_gaussians(4000, std=0.05)
real, fake = X[:2000], X[2000:]  # the "fakes" are perfect: real data too
gan = GAN(2)
opt = torch.optim.Adam(gan.D.parameters(), lr=1e-3)
for step in range(300):
    loss = discriminator_loss(gan.discriminate(real), gan.discriminate(fake))
    opt.zero_grad()
    loss.backward()
    opt.step()
print(f"D loss: {loss.item():.2f}, 2 log 2 = {2 * math.log(2):.2f}")
