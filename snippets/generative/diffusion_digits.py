import matplotlib.pyplot as plt
import torch

from dlbook import seed_everything
from dlbook.data import load_digits
from dlbook.diffusion import Denoiser, energy_distance, linear_schedule
from dlbook.diffusion import sample, train_ddpm
from dlbook.plot import image_grid

seed_everything(0)
X, y = load_digits(flatten=True)  # (1797, 64), pixels in [0, 1]
schedule = linear_schedule(100, beta_T=0.1)
model = Denoiser(64, T=100, num_hiddens=256)
train_ddpm(model, 2 * X - 1, schedule, num_steps=2000, batch_size=128)  # (1)!

gen = torch.Generator().manual_seed(0)
x0, _ = sample(model, (500, 64), schedule, generator=gen)
fake = ((x0 + 1) / 2).clamp(0, 1)  # back to pixels in [0, 1]
noise = torch.rand(500, 64, generator=gen)  # random pixels, the baseline
d_fake = energy_distance(fake, X[:500])
d_noise = energy_distance(noise, X[:500])
d_real = energy_distance(X[500:1000], X[:500])  # real vs real (2)!
# output tolerance: ±0.02 on "energy distance"
print(f"energy distance to the digits: DDPM {d_fake:.3f}, "
      f"noise {d_noise:.3f}, real digits {d_real:.3f}")
image_grid({"DDPM": fake[:12], "real": X[:12]},
           title=f"energy distance: DDPM {d_fake:.3f}, "
                 f"noise {d_noise:.3f}, real {d_real:.3f}")
plt.show()
