import torch
import torch.nn.functional as F

from dlbook import seed_everything
from dlbook.conv import LeNet
from dlbook.data import load_digits, loader, split
from dlbook.train import evaluate, fit
from dlbook.vit import ViT, ViTConfig

X, y = load_digits()  # (1797, 1, 8, 8)
train, val, test = split(X, y, val=0.15, test=0.15, seed=0)
models = {"LeNet (CNN)": LeNet,
          "ViT, 2x2 patches": lambda: ViT(ViTConfig(patch_size=2,  # (1)!
                                                    num_hiddens=32))}
for name, make in models.items():
    seed_everything(0)
    model = make()
    fit(model, loader(*train, batch_size=64, shuffle=True, seed=0),  # (2)!
        loader(*val, batch_size=256), loss_fn=F.cross_entropy,
        optimizer=torch.optim.Adam(model.parameters(), lr=0.003),
        num_epochs=20)
    _, acc = evaluate(model, loader(*test, batch_size=256), F.cross_entropy)
    n = sum(p.numel() for p in model.parameters())
    print(f"{name:16s} {n:6d} parameters, test accuracy {acc:.3f}")
