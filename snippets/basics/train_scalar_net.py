from dlbook.autograd import ScalarMLP

X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
y = [-1.0, 1.0, 1.0, -1.0]  # (1)!

net = ScalarMLP(2, [4], 1, activation="tanh", seed=0)  # (2)!
params = net.parameters()
lr, num_epochs = 0.2, 200
for epoch in range(num_epochs):
    y_hat = [net(x)[0] for x in X]  # forward
    loss = sum((p - t) ** 2 for p, t in zip(y_hat, y)) / len(y)
    loss.backward()  # backward: fills p.grad for every parameter
    for p in params:
        p.data -= lr * p.grad  # (3)!
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d}  loss {loss.data:.4f}")
print(f"{len(params)} parameters, final loss {loss.data:.4f}")
print("y_hat:", [round(net(x)[0].data, 2) for x in X])
