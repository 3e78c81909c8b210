import math

import pytest
import torch

from dlbook.autograd import ScalarMLP, Value, to_mermaid, topological_order

pytestmark = pytest.mark.lesson


def test_each_op_matches_torch_autograd():
    a, b = Value(1.5), Value(-0.7)
    out = ((a * b + a ** 2 - b / a).tanh() + (a - b).exp().log()
           + (a * 0.3).relu() + b.sigmoid() + 2 / a - 1 - b)
    out.backward()
    ta = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(-0.7, dtype=torch.float64, requires_grad=True)
    tout = (torch.tanh(ta * tb + ta ** 2 - tb / ta) + torch.log(torch.exp(ta - tb))
            + torch.relu(ta * 0.3) + torch.sigmoid(tb) + 2 / ta - 1 - tb)
    tout.backward()
    assert out.data == pytest.approx(tout.item(), abs=1e-12)
    assert a.grad == pytest.approx(ta.grad.item(), abs=1e-12)
    assert b.grad == pytest.approx(tb.grad.item(), abs=1e-12)


def test_a_value_used_twice_gets_the_sum_of_both_paths():
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0


def test_backward_twice_gives_the_same_gradient():
    x = Value(2.0)
    y = (x * x).tanh()
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first


def test_mlp_gradients_match_torch_with_copied_weights():
    net = ScalarMLP(3, [4, 4], 2, seed=1)
    xs = [[0.5, -1.0, 2.0], [1.0, 0.2, -0.3]]
    ys = [[1.0, -1.0], [0.0, 0.5]]
    loss = sum((o - t) ** 2 for x, y in zip(xs, ys) for o, t in zip(net(x), y))
    loss.backward()

    layers = []
    for W, b in net.weights():
        lin = torch.nn.Linear(len(W[0]), len(W)).double()
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(W, dtype=torch.float64))
            lin.bias.copy_(torch.tensor(b, dtype=torch.float64))
        layers.append(lin)
    h = torch.tensor(xs, dtype=torch.float64)
    for i, lin in enumerate(layers):
        h = lin(h)
        if i < len(layers) - 1:
            h = torch.tanh(h)
    tloss = ((h - torch.tensor(ys, dtype=torch.float64)) ** 2).sum()
    tloss.backward()
    assert loss.data == pytest.approx(tloss.item(), abs=1e-10)
    ours = [p.grad for p in net.parameters()]
    theirs = []
    for lin in layers:
        for row in range(lin.weight.shape[0]):
            theirs += [*lin.weight.grad[row].tolist(), lin.bias.grad[row].item()]
    assert ours == pytest.approx(theirs, abs=1e-10)


def test_topological_order_puts_inputs_first_and_mermaid_names_ops():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    order = topological_order(c)
    assert order.index(a) < order.index(c) and order.index(b) < order.index(c)
    c.backward()
    text = to_mermaid(c)
    assert text.splitlines()[0] == "graph LR"
    assert '(("*"))' in text and "c | -6.000 | grad 1.000" in text
    assert "a | 2.000 | grad -3.000" in text


def test_deep_graph_does_not_hit_the_recursion_limit():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0


def test_clear_errors():
    with pytest.raises(TypeError, match="Value holds an int or float, got str"):
        Value("1")
    with pytest.raises(TypeError, match="expected a Value or a number, got list"):
        Value(1.0) + [1]
    with pytest.raises(ValueError, match="log needs a positive Value, got -1.0"):
        Value(-1.0).log()
    with pytest.raises(ValueError, match="ScalarNeuron expects 3 inputs, got 2"):
        ScalarMLP(3, [2], 1)([1.0, 2.0])
    with pytest.raises(ValueError, match="activation must be"):
        ScalarMLP(3, [2], 1, activation="gelu")
    assert math.isfinite(Value(800.0).tanh().data)


def test_scalar_and_torch_networks_have_different_names():
    import dlbook.autograd
    import dlbook.models
    import dlbook.neuron

    assert not hasattr(dlbook.autograd, "MLP") and not hasattr(dlbook.autograd, "Neuron")
    assert dlbook.models.MLP is not dlbook.autograd.ScalarMLP
    assert dlbook.neuron.Neuron is not dlbook.autograd.ScalarNeuron
