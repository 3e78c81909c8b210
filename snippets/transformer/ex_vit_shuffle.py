import torch

from dlbook import seed_everything
from dlbook.vit import ViT, ViTConfig

seed_everything(0)
X = torch.rand(4, 1, 8, 8)
order = torch.randperm(16)  # a new order for the 16 patches
Y = (X.reshape(4, 1, 4, 2, 4, 2).permute(0, 1, 2, 4, 3, 5)  # cut into patches
      .reshape(4, 1, 16, 2, 2)[:, :, order]  # (B, 1, 16, 2, 2), shuffled
      .reshape(4, 1, 4, 4, 2, 2).permute(0, 1, 2, 4, 3, 5)
      .reshape(4, 1, 8, 8))  # back to images
for positions in (False, True):
    model = ViT(ViTConfig(positions=positions)).eval()
    with torch.no_grad():
        gap = (model(X) - model(Y)).abs().max().item()
    print(f"positions={positions!s:5}: largest change in the logits {gap:.1e}")
