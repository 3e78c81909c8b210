import torch
import torch.nn.functional as F
from torch import nn

from dlbook import seed_everything
from dlbook.audio import VOWELS, make_vowels
from dlbook.data import loader
from dlbook.train import accuracy, fit, predict

waves, y = make_vowels(100, seed=0)
test_waves, test_y = make_vowels(50, seed=1)
X, X_test = waves.unsqueeze(1), test_waves.unsqueeze(1)  # (N, 1 channel, 2000)
for width in (3, 33):
    seed_everything(0)
    model = nn.Sequential(
        nn.Conv1d(1, 32, kernel_size=width, padding=width // 2), nn.ReLU(),
        nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(32, len(VOWELS)))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    fit(model, loader(X, y, batch_size=32, shuffle=True), loss_fn=F.cross_entropy,
        optimizer=optimizer, num_epochs=20, progress=False)
    acc = accuracy(predict(model, X_test), test_y)
    print(f"raw wave, kernel of {width:2d} samples ({1000 * width / 8000:.1f} ms): "
          f"test accuracy {acc:.2f}")
