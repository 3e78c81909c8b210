import matplotlib.pyplot as plt

from dlbook.data import load_digits
from dlbook.vit import patchify

X, y = load_digits()  # (1797, 1, 8, 8)
P = patchify(X[:1], patch_size=2)  # (1, 16, 4): 16 tokens of 4 pixels
print("image", tuple(X[:1].shape), "-> tokens", tuple(P.shape))

fig = plt.figure(figsize=(9, 2.2), layout="constrained")
left, right = fig.subfigures(1, 2, width_ratios=[1, 4])
left.subplots().imshow(X[0, 0], cmap="gray_r")
left.axes[0].set(title=f"a {y[0].item()}, 8x8", xticks=[], yticks=[])
axes = right.subplots(1, 16)
for n, ax in enumerate(axes):
    ax.imshow(P[0, n].reshape(2, 2), cmap="gray_r", vmin=0, vmax=1)
    ax.set(title=str(n), xticks=[], yticks=[])  # (1)!
right.suptitle("the same digit as a sequence of 16 tokens (2x2 patches)")
plt.show()
