import math

import torch

from dlbook.losses import cross_entropy

logits = torch.zeros(4, 10)  # the same score for all 10 classes
y = torch.tensor([0, 3, 7, 9])
print(f"{cross_entropy(logits, y):.4f} {math.log(10):.4f}")
