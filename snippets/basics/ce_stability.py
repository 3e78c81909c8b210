import torch
import torch.nn.functional as F

from dlbook.losses import cross_entropy, naive_cross_entropy

y = torch.tensor([0, 2])
base = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 1.0]])  # (B, classes)
print(f"{'scale':>6} {'naive':>8} {'log-sum-exp':>12} {'torch':>8}")
for scale in [1, 10, 100, 1000]:
    logits = base * scale  # (1)!
    naive = naive_cross_entropy(logits, y).item()
    ours = cross_entropy(logits, y).item()
    theirs = F.cross_entropy(logits, y).item()
    print(f"{scale:>6} {naive:>8.3f} {ours:>12.3f} {theirs:>8.3f}")
