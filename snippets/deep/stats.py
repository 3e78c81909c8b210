import matplotlib.pyplot as plt

from dlbook import seed_everything
from dlbook.data import load_digits
from dlbook.deep import VARIANTS, DeepMLP, layer_stats

X, y = load_digits(flatten=True)  # (1797, 64)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.5))
for name, kw in VARIANTS.items():  # (1)!
    seed_everything(0)
    stds, grads = layer_stats(DeepMLP(depth=20, **kw), X[:256], y[:256])
    print(f"{name:32s} activation std {stds[0]:7.1e} -> {stds[-1]:7.1e}  "
          f"gradient {grads[0]:5.0e} -> {grads[-1]:5.0e}")  # (2)!
    layers = range(1, len(stds) + 1)
    ax1.plot(layers, stds, marker=".", label=name)
    ax2.plot(layers, [max(g, 1e-30) for g in grads], marker=".")
ax1.set(xlabel="layer", ylabel="activation std", yscale="log")
ax2.set(xlabel="layer", ylabel="weight gradient norm", yscale="log")
fig.legend(loc="lower center", ncol=3, fontsize=7)
fig.tight_layout(rect=(0, 0.15, 1, 1))
plt.show()
