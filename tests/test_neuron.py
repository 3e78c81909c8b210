import pytest
import torch
from torch import nn

from dlbook import seed_everything
from dlbook.neuron import Dense, Neuron, leaky_relu, relu, sigmoid, tanh

pytestmark = pytest.mark.lesson


@pytest.mark.parametrize("ours, theirs", [
    (relu, torch.relu), (sigmoid, torch.sigmoid), (tanh, torch.tanh),
    (leaky_relu, nn.LeakyReLU(0.2)),
])
def test_activations_match_torch_including_large_inputs(ours, theirs):
    z = torch.cat([torch.linspace(-10, 10, 101), torch.tensor([-200.0, 200.0])])
    torch.testing.assert_close(ours(z), theirs(z), atol=1e-6, rtol=0)
    assert torch.isfinite(ours(z)).all()


def test_leaky_relu_gradient_matches_torch():
    z = torch.linspace(-3, 3, 13, requires_grad=True)
    leaky_relu(z).sum().backward()
    ours = z.grad.clone()
    z.grad = None
    nn.functional.leaky_relu(z, 0.2).sum().backward()
    torch.testing.assert_close(ours, z.grad, atol=0, rtol=0)


def test_neuron_is_the_weighted_sum_through_the_activation():
    n = Neuron(3, activation="sigmoid")
    with torch.no_grad():
        n.w.copy_(torch.tensor([0.5, -1.0, 0.25]))
        n.b.fill_(0.1)
    y = n(torch.tensor([1.0, 2.0, 3.0]))
    assert y.shape == ()
    assert y.item() == pytest.approx(1 / (1 + torch.exp(torch.tensor(0.65)).item()), abs=1e-6)
    assert n(torch.ones(7, 3)).shape == (7,)


def test_dense_matches_nn_linear_forward_and_backward():
    seed_everything(0)
    ours = Dense(5, 4)
    ref = nn.Linear(5, 4)
    with torch.no_grad():
        ref.weight.copy_(ours.weight)
        ref.bias.copy_(ours.bias)
    X = torch.randn(8, 5)
    torch.testing.assert_close(ours(X), ref(X), atol=1e-6, rtol=0)
    ours(X).square().sum().backward()
    ref(X).square().sum().backward()
    torch.testing.assert_close(ours.weight.grad, ref.weight.grad, atol=1e-5, rtol=0)
    torch.testing.assert_close(ours.bias.grad, ref.bias.grad, atol=1e-5, rtol=0)


def test_dense_has_linear_shapes_and_init_range():
    layer = Dense(100, 30)
    assert layer.weight.shape == nn.Linear(100, 30).weight.shape
    assert layer.weight.abs().max() <= 0.1 and layer.bias.abs().max() <= 0.1


def test_dense_from_neurons_stacks_rows():
    seed_everything(1)
    neurons = [Neuron(4, activation="tanh") for _ in range(3)]
    layer = Dense.from_neurons(neurons)
    X = torch.randn(6, 4)
    torch.testing.assert_close(layer(X), torch.stack([n(X) for n in neurons], dim=1), atol=1e-6, rtol=0)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: Dense(4, 3)(torch.ones(2, 5)), ValueError, r"shape \(\.\.\., 4\), got \(2, 5\)"),
        (lambda: Dense(4, 3)(torch.ones(2, 4, dtype=torch.long)), TypeError, "floating-point"),
        (lambda: Dense(4, 3)([1.0, 2.0]), TypeError, "torch.Tensor, got list"),
        (lambda: Dense(0, 3), ValueError, "num_inputs must be a positive int, got 0"),
        (lambda: Neuron(3, activation="softmax"), ValueError, "activation must be one of"),
        (lambda: Dense.from_neurons([]), ValueError, "at least one Neuron"),
        (lambda: Dense.from_neurons([Neuron(2), Neuron(3)]), ValueError, "share num_inputs"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()
