import torch
from torch import nn

from dlbook import seed_everything

seed_everything(0)
X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])  # XOR

model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))  # (1)!
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
loss_fn = nn.BCEWithLogitsLoss()
for epoch in range(500):
    loss = loss_fn(model(X), y)
    optimizer.zero_grad()
    loss.backward()  # (2)!
    optimizer.step()

y_hat = (model(X) > 0).long().flatten()
print("predictions:", y_hat.tolist())
print(f"loss: {loss.item():.3f}")
