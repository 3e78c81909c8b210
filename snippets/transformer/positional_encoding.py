import matplotlib.pyplot as plt
import torch

from dlbook.transformer import PositionalEncoding

pe = PositionalEncoding(64, max_len=100)
P = pe(torch.zeros(1, 100, 64))[0]  # (T, C): the encoding alone
print(tuple(P.shape), f"{P.min():.1f} .. {P.max():.1f}")
sim = P @ P.T  # (T, T) dot products between positions
for t in (10, 50):  # (1)!
    print(f"P[{t}]·P[{t}+k], k = 0..4:",
          [f"{sim[t, t + k]:.1f}" for k in range(5)])

fig, ax = plt.subplots(figsize=(7, 3), layout="constrained")
im = ax.imshow(P.T, aspect="auto", cmap="RdBu", vmin=-1, vmax=1)
ax.set(xlabel="position t", ylabel="dimension", title="Sinusoidal encoding")
fig.colorbar(im, ax=ax)
plt.show()
