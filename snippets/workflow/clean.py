import torch
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from dlbook.data import load_digits, split

X, y = load_digits(flatten=True)  # (1797, 64)
rows = {tuple(r.tolist()) for r in X}
print(f"exact duplicate images: {len(X) - len(rows)}")  # (1)!

(X_tr, y_tr), _, (X_te, y_te) = split(X, y, seed=0)
g = torch.Generator().manual_seed(0)
wrong = torch.rand(len(y_tr), generator=g) < 0.2  # (2)!
noisy = torch.where(wrong, torch.randint(0, 10, (len(y_tr),), generator=g), y_tr)
wrong = noisy != y_tr
print(f"training labels corrupted: {wrong.sum().item()} of {len(y_tr)}")


def test_accuracy(X_fit, y_fit):
    model = LogisticRegression(max_iter=2000).fit(X_fit, y_fit)
    return model.score(X_te, y_te)


print(f"clean labels: test accuracy {test_accuracy(X_tr, y_tr):.3f}")
print(f"noisy labels: test accuracy {test_accuracy(X_tr, noisy):.3f}")

proba = cross_val_predict(LogisticRegression(max_iter=2000), X_tr, noisy,
                          cv=5, method="predict_proba")  # (3)!
suspect = torch.from_numpy(proba[range(len(noisy)), noisy] < 0.1)
print(f"flagged: {suspect.sum().item()}, of which really wrong: "
      f"{(suspect & wrong).sum().item()}")
keep = ~suspect
print(f"after removing flagged: test accuracy "
      f"{test_accuracy(X_tr[keep], noisy[keep]):.3f}")
