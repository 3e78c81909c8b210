import torch

eps_u = torch.tensor([0.5, 0.5])  # the prediction without a label
eps_c = torch.tensor([1.0, 0.5])  # the prediction for "draw a 3"
for w in (0.0, 1.0, 3.0):
    eps = (1 + w) * eps_c - w * eps_u  # classifier-free guidance
    step = (eps - eps_u).norm() / (eps_c - eps_u).norm()
    print(f"w={w}: eps = {eps.tolist()}, {step:.1f}x as far from eps_u "
          f"as eps_c is")
