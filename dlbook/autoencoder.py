"""An autoencoder: squeeze the input through a small code, then rebuild it.

The encoder maps an input of ``C`` features to a code of ``code_dim``
numbers; the decoder maps the code back to ``C`` features.  Trained only to
make its output equal its input, the network has to keep in the code what
matters most about the data: no labels are needed (Hinton & Salakhutdinov,
"Reducing the dimensionality of data with neural networks", Science 2006).
A *denoising* autoencoder sees a corrupted input and must rebuild the clean
one (Vincent et al., "Extracting and composing robust features with
denoising autoencoders", ICML 2008).

Taught on the page "Autoencoders / 自编码器"; the pretrained encoder is
reused on "Pretraining and fine-tuning / 预训练与微调".
"""

from __future__ import annotations

import torch
from torch import nn

from dlbook.models import MLP
from dlbook.train import History, check_training_args, progress_bar


class AutoEncoder(nn.Module):
    """MLP encoder ``C -> num_hiddens -> code_dim`` and a mirrored decoder.

    Both halves are ``dlbook.models.MLP``s with one ReLU hidden layer.
    The decoder ends in a sigmoid because the book's digits have pixels in
    [0, 1].  ``forward`` returns the reconstruction; ``encode`` and
    ``decode`` give the two halves separately.
    """

    def __init__(self, num_inputs: int = 64, code_dim: int = 2, *,
                 num_hiddens: int = 128) -> None:
        super().__init__()
        for name, v in (("num_inputs", num_inputs), ("code_dim", code_dim),
                        ("num_hiddens", num_hiddens)):
            if not isinstance(v, int) or v < 1:
                raise ValueError(f"{name} must be a positive int, got {v!r}")
        self.num_inputs = num_inputs
        self.code_dim = code_dim
        self.encoder = MLP(num_inputs, [num_hiddens], code_dim)
        self.decoder = nn.Sequential(
            MLP(code_dim, [num_hiddens], num_inputs), nn.Sigmoid())

    def _check(self, X: torch.Tensor, width: int, what: str) -> torch.Tensor:
        if X.dim() < 2 or X[0].numel() != width:
            raise ValueError(
                f"{what} expects input of shape (B, {width}), "
                f"got {tuple(X.shape)}"
            )
        return X.reshape(len(X), width)  # (B, C): (B, 1, 8, 8) is flattened

    def encode(self, X: torch.Tensor) -> torch.Tensor:
        """The code of each example: ``(B, C) -> (B, code_dim)``."""
        return self.encoder(self._check(X, self.num_inputs, "encode"))

    def decode(self, code: torch.Tensor) -> torch.Tensor:
        """Rebuild inputs from codes: ``(B, code_dim) -> (B, C)``."""
        return self.decoder(self._check(code, self.code_dim, "decode"))

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(X))  # (B, C)


def reconstruction_error(X_hat: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """Mean squared error per pixel, written out: ``mean((X_hat - X)^2)``.

    The same number as ``F.mse_loss(X_hat, X)``; spelled out because it is
    the whole training signal of an autoencoder.
    """
    if X_hat.shape != X.shape:
        raise ValueError(
            f"X_hat and X must have the same shape, got {tuple(X_hat.shape)} "
            f"and {tuple(X.shape)}"
        )
    return ((X_hat - X) ** 2).mean()


def corrupt(X: torch.Tensor, noise: float, *,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """Add Gaussian noise of standard deviation ``noise``, clip to [0, 1]."""
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    eps = torch.randn(X.shape, generator=generator)
    return (X + noise * eps).clamp(0.0, 1.0)


def train_autoencoder(
    model: AutoEncoder,
    X: torch.Tensor,
    *,
    num_epochs: int,
    lr: float = 1e-2,
    batch_size: int = 64,
    noise: float = 0.0,
    seed: int = 0,
    progress: bool | None = None,
) -> History:
    """Train ``model`` to rebuild ``X`` (unlabelled) with Adam; return a
    ``History`` whose ``train_loss`` is the mean loss of each epoch.

    With ``noise > 0`` every batch is corrupted first and the target stays
    the clean batch: a denoising autoencoder.
    """
    check_training_args(num_epochs=num_epochs, lr=lr, batch_size=batch_size, seed=seed)
    if len(X) == 0:
        raise ValueError("train_autoencoder got no examples")
    X = X.reshape(len(X), -1)  # (B, C)
    gen = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = History(unit="epoch")
    model.train()
    for _ in progress_bar(num_epochs, "epoch", progress):
        order = torch.randperm(len(X), generator=gen)
        total = 0.0
        for i in range(0, len(X), batch_size):
            clean = X[order[i:i + batch_size]]
            seen = corrupt(clean, noise, generator=gen) if noise else clean
            loss = reconstruction_error(model(seen), clean)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(clean)
        history.log(train_loss=total / len(X))
    model.eval()
    return history

