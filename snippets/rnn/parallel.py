import time

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

from dlbook import plot

C, B = 64, 8
rnn = nn.RNN(C, C, batch_first=True)
qkv = nn.Linear(C, 3 * C)


def attention(X):  # one head of self-attention, width C
    Q, K, V = qkv(X).chunk(3, dim=-1)  # 3 x (B, T, C)
    return F.scaled_dot_product_attention(Q, K, V)  # (1)!


def ms(fn, X, repeats=5):  # median time of fn(X) in milliseconds
    fn(X)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(X)
        times.append(time.perf_counter() - t0)
    return 1e3 * sorted(times)[repeats // 2]


lengths = [32, 64, 128, 256, 512]
with torch.no_grad():
    Xs = [torch.randn(B, T, C) for T in lengths]  # (B, T, C)
    res = {"RNN": [ms(lambda X: rnn(X), X) for X in Xs],
           "self-attention": [ms(attention, X) for X in Xs]}
plot.lines(lengths, res, title="Forward time on this CPU", xlabel="T",
           ylabel="ms per forward")
plt.show()
