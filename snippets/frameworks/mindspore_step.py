import mindspore as ms
from mindspore import nn

model = nn.SequentialCell(nn.Dense(64, 32, activation="tanh"),
                          nn.Dense(32, 10))
for layer, W, b in [(model[0], W1, b1), (model[1], W2, b2)]:
    layer.weight.set_data(ms.Tensor(W.T))  # (1)!
    layer.bias.set_data(ms.Tensor(b))
optimizer = nn.SGD(model.trainable_params(), learning_rate=lr)
loss_fn = nn.CrossEntropyLoss()

def forward(X, y):
    return loss_fn(model(X), y)

grad_fn = ms.value_and_grad(forward, None, optimizer.parameters)  # (2)!
X_ms, y_ms = ms.Tensor(X), ms.Tensor(y.astype(np.int32))
for _ in range(num_steps):
    loss, grads = grad_fn(X_ms, y_ms)
    optimizer(grads)

mindspore_W1 = model[0].weight.asnumpy().T
show("MindSpore", float(forward(X_ms, y_ms).asnumpy()), mindspore_W1)
