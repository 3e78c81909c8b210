import torch
from torch import nn

model = nn.Sequential(nn.Linear(64, 32), nn.Tanh(), nn.Linear(32, 10))
with torch.no_grad():  # (1)!
    for layer, W, b in [(model[0], W1, b1), (model[2], W2, b2)]:
        layer.weight.copy_(torch.from_numpy(W.T))
        layer.bias.copy_(torch.from_numpy(b))
optimizer = torch.optim.SGD(model.parameters(), lr=lr)
loss_fn = nn.CrossEntropyLoss()
X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)

for step in range(num_steps):  # (2)!
    loss = loss_fn(model(X_t), y_t)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

torch_W1 = model[0].weight.detach().numpy().T
show("PyTorch", loss_fn(model(X_t), y_t).item(), torch_W1)
