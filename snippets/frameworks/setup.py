import numpy as np
from sklearn.datasets import load_digits

digits = load_digits()
X = (digits.data / 16.0).astype(np.float32)  # (1797, 64), pixels in [0, 1]
y = digits.target.astype(np.int64)  # (1797,), labels 0..9

rng = np.random.default_rng(0)  # (1)!
W1 = (rng.standard_normal((64, 32)) * 0.1).astype(np.float32)
b1 = np.zeros(32, dtype=np.float32)
W2 = (rng.standard_normal((32, 10)) * 0.1).astype(np.float32)
b2 = np.zeros(10, dtype=np.float32)
lr, num_steps = 0.5, 100


def show(name, loss, W1):  # (2)!
    weights = " ".join(f"{w:+.4f}" for w in W1[20, :3])
    print(f"{name:10s} loss {loss:.4f}, W1[20, :3] = {weights}")
