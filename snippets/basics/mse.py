import torch
import torch.nn.functional as F

from dlbook.losses import mse_loss

y = torch.tensor([3.0, -0.5, 2.0, 7.0])
y_hat = torch.tensor([2.5, 0.0, 2.0, 8.0])
by_hand = ((2.5 - 3) ** 2 + 0.5**2 + 0**2 + (8 - 7) ** 2) / 4  # (1)!
print(f"by hand:    {by_hand:.4f}")
print(f"mse_loss:   {mse_loss(y_hat, y):.4f}")
print(f"F.mse_loss: {F.mse_loss(y_hat, y):.4f}")
