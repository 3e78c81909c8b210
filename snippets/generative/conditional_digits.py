import matplotlib.pyplot as plt
import torch
from sklearn.svm import SVC

from dlbook import seed_everything
from dlbook.conditional import ConditionalDenoiser, sample_labels
from dlbook.conditional import train_conditional
from dlbook.data import load_digits, split
from dlbook.diffusion import linear_schedule

seed_everything(0)
X, y = load_digits(flatten=True)  # (1797, 64), pixels in [0, 1]
(X_train, y_train), _, (X_test, y_test) = split(X, y, seed=0)
judge = SVC().fit(X_train.numpy(), y_train.numpy())  # (1)!
print(f"judge on real test digits: {judge.score(X_test, y_test):.3f}")
schedule = linear_schedule(100, beta_T=0.1)
model = ConditionalDenoiser(64, T=100, num_classes=10, num_hiddens=256)
train_conditional(model, 2 * X_train - 1, y_train, schedule,
                  num_steps=1500, p_uncond=0.1)  # (2)!

asked = torch.arange(10).repeat_interleave(50)  # "draw a 0" 50 times, ...
gen = torch.Generator().manual_seed(0)
print("asked for:    " + "    ".join(str(k) for k in range(10)))
for w in (0.0, 2.0):  # (3)!
    x0 = sample_labels(model, asked, schedule, guidance=w, generator=gen)
    fake = ((x0 + 1) / 2).clamp(0, 1)  # (500, 64), back to [0, 1]
    got = torch.from_numpy(judge.predict(fake.numpy()))
    right = [(got[asked == k] == k).float().mean().item() for k in range(10)]
    print(f"guidance {w}: " + " ".join(f"{r:.2f}" for r in right)
          + f" | mean {sum(right) / 10:.3f}")

grid = fake.reshape(10, 50, 8, 8)[:, :10]  # (class, sample, 8, 8)
grid = grid.permute(0, 2, 1, 3).reshape(80, 80)  # rows: classes 0..9
plt.figure(figsize=(4, 4))
plt.imshow(grid, cmap="gray_r", vmin=0, vmax=1)
plt.yticks(torch.arange(10) * 8 + 3.5, [f"asked {k}" for k in range(10)])
plt.xticks([])
plt.title("10 samples per requested digit (guidance 2)")
plt.show()
