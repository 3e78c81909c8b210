import torch
import torch.nn.functional as F

from dlbook.losses import cross_entropy

logits = torch.tensor([[2.0, 0.5, -1.0],  # (B, classes) = (2, 3)
                       [0.1, 0.2, 3.0]])
y = torch.tensor([0, 1])  # the true class of each example
p = logits.exp() / logits.exp().sum(dim=1, keepdim=True)  # (1)!
torch.set_printoptions(precision=3)
print(p)
by_hand = -(p[0, 0].log() + p[1, 1].log()) / 2  # (2)!
print(f"by hand:         {by_hand:.4f}")
print(f"cross_entropy:   {cross_entropy(logits, y):.4f}")
print(f"F.cross_entropy: {F.cross_entropy(logits, y):.4f}")
