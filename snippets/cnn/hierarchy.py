import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

from dlbook import seed_everything
from dlbook.conv import LeNet
from dlbook.data import load_digits, loader, split
from dlbook.train import fit

seed_everything(0)
X, y = load_digits()
train, val, _ = split(X, y, val=0.15, test=0.15, seed=0)
model = LeNet()
fit(model, loader(*train, batch_size=32, shuffle=True, seed=0),
    loader(*val, batch_size=256), loss_fn=F.cross_entropy,
    optimizer=torch.optim.Adam(model.parameters(), lr=0.003), num_epochs=20)

digit = X[y == 3][:1]  # (1, 1, 8, 8): one "3"
with torch.no_grad():
    A1, A2 = model.feature_maps(digit)  # (1, 16, 8, 8), (1, 32, 4, 4)
rows = [("conv1 filters", model.conv1.weight[:, 0].detach()),  # (16, 3, 3)
        ("conv1 maps", A1[0]), ("conv2 maps", A2[0, :16])]  # (1)!
fig, axes = plt.subplots(3, 17, figsize=(12, 2.6))
axes[0, 0].imshow(digit[0, 0], cmap="gray_r")
axes[0, 0].set_title("input", fontsize=8)
for r, (name, maps) in enumerate(rows):
    axes[r, 1].set_title(name, fontsize=8, loc="left")
    for c, m in enumerate(maps):
        axes[r, c + 1].imshow(m, cmap="RdBu_r" if r == 0 else "viridis")
for ax in axes.flat:
    ax.axis("off")
plt.show()
