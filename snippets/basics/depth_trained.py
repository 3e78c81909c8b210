import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

from dlbook import plot, seed_everything
from dlbook.models import MLP

X = torch.linspace(0, 1, 513).unsqueeze(1)  # (B, 1)
y = X.clone()
for _ in range(4):
    y = 1 - (2 * y - 1).abs()  # the same 16-piece sawtooth

curves = {"target": y[:, 0]}
for name, hidden_sizes in [("shallow [8]", [8]),
                           ("deep [2, 2, 2, 2]", [2] * 4)]:
    seed_everything(0)
    model = MLP(1, hidden_sizes, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(800):
        loss = F.mse_loss(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    num_params = sum(p.numel() for p in model.parameters())
    print(f"{name:17s} trained: {num_params} parameters, MSE {loss:.3f}")
    curves[name] = model(X)[:, 0].detach()
plot.lines(X[:, 0], curves, title="Trained from random weights", xlabel="x")
plt.show()
