import matplotlib.pyplot as plt
import torch

from dlbook import seed_everything
from dlbook.autoencoder import AutoEncoder, train_autoencoder
from dlbook.autoencoder import reconstruction_error
from dlbook.data import load_digits, split
from dlbook.plot import image_grid

seed_everything(0)
X, y = load_digits(flatten=True)  # (1797, 64), pixels in [0, 1]
(X_train, _), _, (X_test, _) = split(X, y)  # (1)!
model = AutoEncoder(64, code_dim=8)  # 64 pixels -> 8 numbers -> 64
history = train_autoencoder(model, X_train, num_epochs=30, lr=3e-3)

with torch.no_grad():
    X_hat = model(X_test)
baseline = reconstruction_error(X_train.mean(0).expand_as(X_test), X_test)
print(f"test error, mean image: {baseline:.3f}")  # (2)!
print(f"test error, 8-number code: {reconstruction_error(X_hat, X_test):.3f}")

image_grid({"original": X_test[:10], "rebuilt": X_hat[:10]})
plt.show()
