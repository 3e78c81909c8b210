import torch

from dlbook.data import load_digits, split

X, y = load_digits()
for stratify in [True, False]:
    _, _, (_, y_test) = split(X, y, seed=3, stratify=stratify)
    counts = torch.bincount(y_test, minlength=10)  # (10,)
    print(f"stratify={stratify!s:5s} test examples per class: "
          f"{counts.min().item()} .. {counts.max().item()}")
