import torch

for bias in [0.0, 1.0, 3.0]:
    f = torch.sigmoid(torch.tensor(bias))  # forget gate with no other input
    print(f"bias {bias:.0f}: f = {f:.3f}, kept after 40 steps: {f ** 40:.2e}")
