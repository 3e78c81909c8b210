import time

import matplotlib.pyplot as plt
import torch

from dlbook.attention import scaled_dot_product_attention

torch.manual_seed(0)
lengths = [128, 256, 512, 1024]
ms, mib = [], []
for T in lengths:
    q = k = v = torch.randn(1, 4, T, 32)  # (B, H, T, D)
    best = float("inf")
    for _ in range(3):  # (1)!
        start = time.perf_counter()
        _, w = scaled_dot_product_attention(q, k, v)  # w: (B, H, T, T)
        best = min(best, time.perf_counter() - start)
    ms.append(best * 1e3)
    mib.append(w.numel() * w.element_size() / 2**20)
    print(f"T={T:5d}  weights {tuple(w.shape)}  {mib[-1]:6.2f} MiB")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2),
                               layout="constrained")
ax1.plot(lengths, mib, "o-")
ax1.set(xlabel="sequence length T", ylabel="MiB", title="memory of the weights")
ax2.plot(lengths, ms, "o-")
ax2.set(xlabel="sequence length T", ylabel="ms", title="time (this machine)")
plt.show()
