import torch
import torch.nn.functional as F
from torch import nn

from dlbook import seed_everything
from dlbook.data import load_digits, loader, split
from dlbook.models import MLP, DigitsCNN
from dlbook.train import evaluate, fit

X, y = load_digits()
train, val, test = split(X, y, seed=0)
models = {"MLP": lambda: nn.Sequential(nn.Flatten(),  # (1)!
                                       MLP(64, [64], 10)),
          "CNN": lambda: DigitsCNN(augment=True)}  # (2)!
for name, make_model in models.items():
    seed_everything(0)
    model = make_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    fit(model, loader(*train, batch_size=32, shuffle=True),
        loss_fn=F.cross_entropy, optimizer=optimizer, num_epochs=20,
        progress=False)
    _, acc = evaluate(model, loader(*test), F.cross_entropy)
    # output tolerance: ±0.01 on "test accuracy"
    print(f"{name}: test accuracy {acc:.3f}")  # (3)!
