import matplotlib.pyplot as plt
import torch

from dlbook import seed_everything
from dlbook.autoencoder import AutoEncoder, reconstruction_error
from dlbook.autoencoder import train_autoencoder
from dlbook.data import load_digits

seed_everything(0)
X, y = load_digits(flatten=True)
model = AutoEncoder(64, code_dim=2)  # (1)!
train_autoencoder(model, X, num_epochs=40, lr=3e-3)
with torch.no_grad():
    code = model.encode(X)  # (1797, 2)
    print(f"error with 2 numbers: {reconstruction_error(model(X), X):.3f}")

fig, ax = plt.subplots(figsize=(6, 5))
points = ax.scatter(code[:, 0], code[:, 1], c=y, cmap="tab10", s=6)
fig.colorbar(points, ax=ax, label="digit (never shown to the model)")
ax.set(title="2-D codes of the digits", xlabel="code[0]", ylabel="code[1]")
plt.show()
