from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

from dlbook import plot, seed_everything
from dlbook.data import load_digits, loader, split
from dlbook.models import DigitsCNN
from dlbook.train import fit

seed_everything(0)
train, val, test = split(*load_digits(), val=0.15, test=0.15, seed=0)
model = DigitsCNN(augment=True)  # (1)!
loss_fn = F.cross_entropy  # (2)!
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
num_epochs = 20
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, num_epochs)
history = fit(model, loader(*train, batch_size=32, shuffle=True),
              loader(*val), loss_fn=loss_fn, optimizer=optimizer,
              scheduler=scheduler, num_epochs=num_epochs, patience=5,
              checkpoint="digits_cnn.pt")  # (3)!
best = history.best_epoch  # (4)!
# output tolerance: ±0.01 on "val accuracy"
print(f"val accuracy at the best epoch: {history.val_acc[best]:.3f}")
print("checkpoint saved:", Path("digits_cnn.pt").exists())
epochs = range(1, history.epochs + 1)
plot.lines(epochs, {"train": history.train_loss, "val": history.val_loss},
           title="Loss", xlabel="epoch")
plot.lines(epochs, {"train": history.train_acc, "val": history.val_acc},
           title="Accuracy", xlabel="epoch")
plt.show()
