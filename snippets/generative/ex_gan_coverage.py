import torch

from dlbook.gan import mixture_of_gaussians, mode_coverage, ring_centers

centers = ring_centers(8)
data = mixture_of_gaussians(1000, std=0.05, seed=1)
noise = torch.randn(1000, 2, generator=torch.Generator().manual_seed(0))
collapsed = centers[0] + 0.05 * torch.randn(1000, 2)  # all on one mode
for name, samples in [("data", data), ("noise", noise),
                      ("collapsed", collapsed)]:
    modes, good = mode_coverage(samples, centers, std=0.05)
    print(f"{name:9s}: {modes}/8 modes, {good:.0%} good")
