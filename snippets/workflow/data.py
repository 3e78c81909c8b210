import torch

from dlbook.data import load_digits, split

X, y = load_digits()  # (1)!
print("X:", tuple(X.shape), X.dtype, f"values in [{X.min()}, {X.max()}]")
print("y:", tuple(y.shape), "classes:", y.unique().tolist())

splits = split(X, y, val=0.15, test=0.15, seed=0)  # (2)!
print("train / val / test:", splits.sizes())
for name, (_, labels) in zip(["train", "val", "test"], splits):
    share = torch.bincount(labels, minlength=10) / len(labels)  # (10,)
    print(f"{name:5s} class shares: {share.min():.3f} .. {share.max():.3f}")
