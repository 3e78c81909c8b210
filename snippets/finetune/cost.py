import math

from dlbook import seed_everything
from dlbook.autoencoder import AutoEncoder, train_autoencoder
from dlbook.data import load_digits, split
from dlbook.finetune import Classifier, step_curve

seed_everything(0)
X, y = load_digits(flatten=True)
train, _, test = split(X, y)
ae = AutoEncoder(64, code_dim=32, num_hiddens=256)
train_autoencoder(ae, train[0], num_epochs=30, lr=3e-3, noise=0.4)
size = sum(p.numel() for p in ae.parameters())
steps = 30 * math.ceil(len(train[0]) / 64)  # (1)!
print(f"phase 1: {size} parameters, {steps} steps, "
      f"{30 * len(train[0])} images, no labels")


def fresh():
    return AutoEncoder(64, code_dim=32, num_hiddens=256).encoder


at, acc = step_curve(ae.encoder, fresh, 32, train, test, per_class=10,
                     num_steps=100, every=10)  # (2)!
for name, curve in acc.items():
    model = Classifier(ae.encoder, 32, 10, freeze=name == "probe")
    n = sum(p.numel() for p in model.parameters() if p.requires_grad)
    reach = next(s for s, a in zip(at, curve) if a >= 0.8)
    print(f"{name:9s} {n:5d} trained, 0.80 after {reach:3d} steps, "
          f"{curve[-1]:.2f} after {at[-1]}")
