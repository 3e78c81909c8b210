import torch
import torch.nn.functional as F

from dlbook import seed_everything
from dlbook.conv import LeNet
from dlbook.data import load_digits, loader, split
from dlbook.train import evaluate, fit

seed_everything(0)
X, y = load_digits()  # (1797, 1, 8, 8)
train, val, test = split(X, y, val=0.15, test=0.15, seed=0)
model = LeNet()  # (1)!
history = fit(model, loader(*train, batch_size=32, shuffle=True, seed=0),
              loader(*val, batch_size=256), loss_fn=F.cross_entropy,
              optimizer=torch.optim.Adam(model.parameters(), lr=0.003),
              num_epochs=20)
_, test_acc = evaluate(model, loader(*test, batch_size=256), F.cross_entropy)
print("parameters:", sum(p.numel() for p in model.parameters()))
# output tolerance: ±0.01 on "test accuracy"
print(f"test accuracy {test_acc:.3f}")
