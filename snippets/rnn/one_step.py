import torch

from dlbook.rnn import RNNCell

cell = RNNCell(1, 1)  # one input, one hidden unit
with torch.no_grad():
    cell.weight_ih.fill_(1.0)
    cell.weight_hh.fill_(0.5)  # (1)!
    cell.bias_ih.zero_()
    cell.bias_hh.zero_()

h = torch.zeros(1, 1)  # (B, H)
for x in [1.0, 0.0, 0.0, 0.0]:
    h = cell(torch.tensor([[x]]), h)  # h = tanh(x + 0.5 h)
    print(f"x={x:.0f}  h={h.item():.3f}")
