import torch

from dlbook.diffusion import energy_distance

gen = torch.Generator().manual_seed(0)
a = torch.randn(1000, 2, generator=gen)
b = torch.randn(1000, 2, generator=gen)  # same distribution, new draws
print(f"a vs a: {energy_distance(a, a):.3f}")
for shift in (0.0, 0.5, 1.0):
    print(f"shift {shift}: {energy_distance(a, b + shift):.3f}")
