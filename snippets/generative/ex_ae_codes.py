import torch

from dlbook import seed_everything
from dlbook.autoencoder import AutoEncoder, corrupt, reconstruction_error
from dlbook.autoencoder import train_autoencoder
from dlbook.data import load_digits, split

seed_everything(0)
X, y = load_digits(flatten=True)
(X_train, _), _, (X_test, _) = split(X, y)
X_noisy = corrupt(X_test, 0.3, generator=torch.Generator().manual_seed(1))
for noise in (0.0, 0.3):  # plain vs denoising training
    model = AutoEncoder(64, code_dim=16)
    train_autoencoder(model, X_train, num_epochs=30, lr=3e-3, noise=noise)
    with torch.no_grad():
        err = reconstruction_error(model(X_noisy), X_test)
    print(f"trained with noise={noise}: error on noisy input {err:.3f}")
