import torch
import torch.nn.functional as F
from torch import nn

from dlbook import seed_everything
from dlbook.audio import VOWELS, log_spectrogram, make_vowels
from dlbook.data import loader
from dlbook.train import accuracy, fit, predict

seed_everything(0)
waves, y = make_vowels(100, seed=0)  # (1)!
test_waves, test_y = make_vowels(50, seed=1)
X, X_test = log_spectrogram(waves), log_spectrogram(test_waves)  # (2)!
mean, std = X.mean(), X.std()
X, X_test = (X - mean) / std, (X_test - mean) / std
print(f"{waves.shape[1]} samples -> spectrogram {tuple(X.shape[1:])}")

model = nn.Sequential(  # (3)!
    nn.Conv1d(X.shape[1], 32, kernel_size=3, padding=1), nn.ReLU(),
    nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(32, len(VOWELS)))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
fit(model, loader(X, y, batch_size=32, shuffle=True), loss_fn=F.cross_entropy,
    optimizer=optimizer, num_epochs=20, progress=False)
acc = accuracy(predict(model, X_test), test_y)
print(f"test accuracy {acc:.2f} (chance {1 / len(VOWELS):.2f})")
