import torch

from dlbook.autograd import ScalarMLP

x, target = [0.5, -1.0], 0.8
net = ScalarMLP(2, [3], 1, seed=1)
loss = (net(x)[0] - target) ** 2
loss.backward()
ours = torch.tensor([p.grad for p in net.parameters()], dtype=torch.float64)

(W1, b1), (W2, b2) = net.weights()  # (1)!
W1, b1, W2, b2 = (torch.tensor(t, dtype=torch.float64, requires_grad=True)
                  for t in (W1, b1, W2, b2))
h = torch.tanh(W1 @ torch.tensor(x, dtype=torch.float64) + b1)  # (3,)
torch_loss = (W2 @ h + b2 - target).square().sum()
torch_loss.backward()
theirs = torch.cat([torch.cat([W1.grad, b1.grad[:, None]], 1).flatten(),
                    torch.cat([W2.grad, b2.grad[:, None]], 1).flatten()])


def loss_at(i: int, eps: float) -> float:  # loss with parameter i moved by eps
    p = net.parameters()[i]
    p.data += eps
    value = (net(x)[0] - target).data ** 2
    p.data -= eps
    return value


eps = 1e-6
numeric = torch.tensor([(loss_at(i, eps) - loss_at(i, -eps)) / (2 * eps)
                        for i in range(len(ours))], dtype=torch.float64)  # (2)!
print(f"{len(ours)} gradients")
gap_torch = (ours - theirs).abs().max().item()
gap_numeric = (ours - numeric).abs().max().item()
print("vs torch.autograd,      max gap < 1e-12:", gap_torch < 1e-12)
print("vs finite differences,  max gap < 1e-8: ", gap_numeric < 1e-8)
