import matplotlib.pyplot as plt
import torch

from dlbook import seed_everything
from dlbook.autoencoder import AutoEncoder, corrupt
from dlbook.autoencoder import reconstruction_error, train_autoencoder
from dlbook.data import load_digits, split
from dlbook.plot import image_grid

seed_everything(0)
X, y = load_digits(flatten=True)
(X_train, _), _, (X_test, _) = split(X, y)
model = AutoEncoder(64, code_dim=16)
train_autoencoder(model, X_train, num_epochs=30, lr=3e-3, noise=0.3)  # (1)!

gen = torch.Generator().manual_seed(1)
X_noisy = corrupt(X_test, 0.3, generator=gen)
with torch.no_grad():
    X_clean = model(X_noisy)
print(f"noisy vs clean:    {reconstruction_error(X_noisy, X_test):.3f}")
print(f"denoised vs clean: {reconstruction_error(X_clean, X_test):.3f}")

image_grid({"noisy": X_noisy[:10], "denoised": X_clean[:10],
            "clean": X_test[:10]})
plt.show()
