import torch

from dlbook.memory import recall_batch

g = torch.Generator().manual_seed(0)
X, y = recall_batch(25, 10_000, generator=g)  # (B, 26, 8), (B,)
always_zero = (y == 0).float().mean().item()
print(f"always answering 0: {always_zero:.2f}")
print("the signal is the first step:", torch.equal(X[:, 0, :4].argmax(1), y))
