import torch

from dlbook.optim import SGD

p = torch.zeros(1, requires_grad=True)
opt = SGD([p], lr=0.1, momentum=0.9)
for step in range(1, 51):
    p.grad = torch.ones(1)  # the same gradient every step
    opt.step()
    if step in (1, 10, 50):
        v = opt.state[p]["velocity"].item()
        print(f"step {step:2d}: velocity {v:.2f} (plain SGD: 1.00)")
