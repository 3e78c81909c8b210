import pytest
import torch
from torch import nn

from dlbook.perceptron import McCullochPitts, Perceptron, train_perceptron

pytestmark = pytest.mark.lesson

TABLE = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)


def test_mcculloch_pitts_logic_gates():
    AND = McCullochPitts(2, threshold=2)
    OR = McCullochPitts(2, threshold=1)
    NOT = McCullochPitts(0, threshold=0, num_inhibitory=1)
    assert AND(TABLE).tolist() == [0, 0, 0, 1]
    assert OR(TABLE).tolist() == [0, 1, 1, 1]
    assert NOT(torch.tensor([[0.0], [1.0]])).tolist() == [1, 0]


def test_one_inhibitory_input_vetoes_any_excitation():
    unit = McCullochPitts(3, threshold=1, num_inhibitory=1)
    X = torch.tensor([[1, 1, 1, 0], [1, 1, 1, 1], [0, 0, 1, 1], [0, 0, 1, 0]])
    assert unit(X).tolist() == [1, 0, 0, 1]
    # with subtraction (weight -1) the second row would still fire: 3 - 1 >= 1
    assert (X[1, :3].sum() - X[1, 3]).item() >= 1


def test_mcculloch_pitts_errors():
    with pytest.raises(ValueError, match="at least one input"):
        McCullochPitts(0, threshold=1)
    with pytest.raises(ValueError, match=r"shape \(B, 2\), got \(4, 3\)"):
        McCullochPitts(2, threshold=1)(torch.ones(4, 3))
    with pytest.raises(ValueError, match="0 or 1"):
        McCullochPitts(2, threshold=1)(torch.full((4, 2), 0.5))


def test_perceptron_forward_matches_linear():
    torch.manual_seed(0)
    p = Perceptron(5)
    with torch.no_grad():
        p.w.copy_(torch.randn(5))
        p.b.fill_(0.3)
    linear = nn.Linear(5, 1)
    with torch.no_grad():
        linear.weight.copy_(p.w.reshape(1, 5))
        linear.bias.copy_(p.b.reshape(1))
    X = torch.randn(16, 5)
    torch.testing.assert_close(p.score(X), linear(X).squeeze(1),
                               atol=1e-6, rtol=0)


def test_perceptron_rule_is_a_gradient_step():
    """w += lr (y - y_hat) x is SGD on the perceptron criterion
    L = (y_hat - y) * (w . x + b), with y_hat held fixed."""
    torch.manual_seed(1)
    p = Perceptron(3)
    with torch.no_grad():
        p.w.copy_(torch.randn(3))
        p.b.fill_(-0.2)
    x = torch.randn(3)
    y_hat = int(p(x.reshape(1, 3))[0])
    y = 1 - y_hat  # force a mistake
    w = p.w.detach().clone().requires_grad_(True)
    b = p.b.detach().clone().requires_grad_(True)
    loss = (y_hat - y) * (x @ w + b)
    loss.backward()
    lr = 0.1
    assert p.update(x, y, lr=lr) is True
    torch.testing.assert_close(p.w, (w - lr * w.grad).detach(),
                               atol=1e-6, rtol=0)
    torch.testing.assert_close(p.b, (b - lr * b.grad).detach(),
                               atol=1e-6, rtol=0)


def test_perceptron_learns_and_but_not_xor():
    p = Perceptron(2)
    mistakes = train_perceptron(p, TABLE, torch.tensor([0, 0, 0, 1]),
                                num_epochs=10).mistakes
    assert mistakes[-1] == 0
    assert p(TABLE).tolist() == [0, 0, 0, 1]
    q = Perceptron(2)
    mistakes = train_perceptron(q, TABLE, torch.tensor([0, 1, 1, 0]),
                                num_epochs=50).mistakes
    assert min(mistakes) >= 1
    assert (q(TABLE) != torch.tensor([0, 1, 1, 0])).sum() >= 1


def test_perceptron_errors():
    with pytest.raises(ValueError, match="num_inputs must be >= 1, got 0"):
        Perceptron(0)
    p = Perceptron(2)
    with pytest.raises(ValueError, match="labels must be 0 or 1, got 2"):
        p.update(torch.ones(2), 2)
    with pytest.raises(ValueError, match=r"y must have shape \(4,\), got \(3,\)"):
        train_perceptron(p, TABLE, torch.tensor([0, 1, 1]))
    with pytest.raises(ValueError, match="num_epochs must be a positive int, got 0"):
        train_perceptron(p, TABLE, torch.tensor([0, 1, 1, 0]), num_epochs=0)
