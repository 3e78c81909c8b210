import paddle
from paddle import nn

model = nn.Sequential(nn.Linear(64, 32), nn.Tanh(), nn.Linear(32, 10))
for layer, W, b in [(model[0], W1, b1), (model[2], W2, b2)]:
    layer.weight.set_value(W)  # (1)!
    layer.bias.set_value(b)
optimizer = paddle.optimizer.SGD(learning_rate=lr,
                                 parameters=model.parameters())
loss_fn = nn.CrossEntropyLoss()
X_pd, y_pd = paddle.to_tensor(X), paddle.to_tensor(y)

for _ in range(num_steps):  # (2)!
    loss = loss_fn(model(X_pd), y_pd)
    loss.backward()
    optimizer.step()
    optimizer.clear_grad()

paddle_W1 = model[0].weight.numpy()
show("Paddle", loss_fn(model(X_pd), y_pd).item(), paddle_W1)
