import torch

from dlbook.optim import SGD, Adam

for scale in [0.001, 1.0, 1000.0]:
    moves = []
    for make in (lambda p: SGD([p], lr=0.01), lambda p: Adam([p], lr=0.01)):
        p = torch.zeros(2, requires_grad=True)
        opt = make(p)
        p.grad = scale * torch.tensor([1.0, -3.0])  # two coordinates
        opt.step()
        moves.append([f"{m:.0e}" for m in p.detach().abs().tolist()])
    print(f"gradient x{scale:<6} SGD moves {moves[0]}, Adam moves {moves[1]}")
