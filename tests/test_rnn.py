import pytest
import torch
from torch import nn

from dlbook import seed_everything
from dlbook.rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell

pytestmark = pytest.mark.lesson

ATOL = 1e-5
LAYERS = [(RNN, nn.RNN), (LSTM, nn.LSTM), (GRU, nn.GRU)]
CELLS = [(RNNCell, nn.RNNCell), (LSTMCell, nn.LSTMCell), (GRUCell, nn.GRUCell)]


@pytest.mark.parametrize("ours_cls, ref_cls", LAYERS)
def test_layers_match_torch_outputs_final_states_and_grads(ours_cls, ref_cls):
    seed_everything(0)
    ours = ours_cls(5, 7)
    ref = ref_cls(5, 7, batch_first=True)
    ref.load_state_dict(ours.state_dict())  # same names, same layout
    X = torch.randn(4, 12, 5)  # (B, T, C): batch of 4, 12 steps
    Y, state = ours(X)
    Y_ref, state_ref = ref(X)
    assert Y.shape == (4, 12, 7)
    torch.testing.assert_close(Y, Y_ref, atol=ATOL, rtol=0)
    if ours_cls is LSTM:
        assert state[0].shape == state[1].shape == (1, 4, 7)
        torch.testing.assert_close(state[0], state_ref[0], atol=ATOL, rtol=0)
        torch.testing.assert_close(state[1], state_ref[1], atol=ATOL, rtol=0)
    else:
        assert state.shape == (1, 4, 7)
        torch.testing.assert_close(state, state_ref, atol=ATOL, rtol=0)
    Y.square().sum().backward()
    Y_ref.square().sum().backward()
    for name, p in ours.named_parameters():
        torch.testing.assert_close(p.grad, dict(ref.named_parameters())[name].grad,
                                   atol=1e-4, rtol=0)


@pytest.mark.parametrize("ours_cls, ref_cls", LAYERS)
def test_layers_continue_from_a_given_state(ours_cls, ref_cls):
    seed_everything(1)
    ours = ours_cls(3, 4)
    ref = ref_cls(3, 4, batch_first=True)
    ref.load_state_dict(ours.state_dict())
    X = torch.randn(2, 6, 3)
    h0 = torch.randn(1, 2, 4)
    state0 = (h0, torch.randn(1, 2, 4)) if ours_cls is LSTM else h0
    Y, _ = ours(X, state0)
    Y_ref, _ = ref(X, state0)
    torch.testing.assert_close(Y, Y_ref, atol=ATOL, rtol=0)


@pytest.mark.parametrize("ours_cls, ref_cls", CELLS)
def test_cells_match_torch_cells_step_by_step(ours_cls, ref_cls):
    seed_everything(2)
    ours = ours_cls(5, 6)
    ref = ref_cls(5, 6)
    ref.load_state_dict(ours.state_dict())
    X = torch.randn(8, 3, 5)  # (B, T, C)
    state = state_ref = None
    for t in range(3):
        state = ours(X[:, t], state)
        state_ref = ref(X[:, t], state_ref)
        if ours_cls is LSTMCell:
            torch.testing.assert_close(state[0], state_ref[0], atol=ATOL, rtol=0)
            torch.testing.assert_close(state[1], state_ref[1], atol=ATOL, rtol=0)
        else:
            torch.testing.assert_close(state, state_ref, atol=ATOL, rtol=0)


def test_parameter_shapes_follow_torch_gate_layout():
    assert LSTM(5, 7).weight_ih_l0.shape == (28, 5)  # 4 gates x H
    assert GRU(5, 7).weight_hh_l0.shape == (21, 7)  # 3 gates x H
    assert RNNCell(5, 7).bias_ih.shape == (7,)


def test_clear_errors_on_wrong_shapes():
    with pytest.raises(ValueError, match=r"expects input of shape \(B, T, C\) with C=5, got \(4, 5\)"):
        RNN(5, 3)(torch.zeros(4, 5))
    with pytest.raises(ValueError, match=r"LSTMCell expects input of shape \(B, C\) with C=5, got \(2, 4\)"):
        LSTMCell(5, 3)(torch.zeros(2, 4))
    with pytest.raises(ValueError, match="must be >= 1"):
        GRU(0, 3)


def test_recall_batch_puts_the_label_first_and_noise_after():
    from dlbook.memory import recall_batch

    g = torch.Generator().manual_seed(0)
    X, y = recall_batch(7, 32, generator=g)
    assert X.shape == (32, 8, 8) and y.shape == (32,)
    assert torch.equal(X[:, 0].argmax(1), y)
    assert (X[:, 1:].argmax(2) >= 4).all()  # noise uses the other 4 symbols
    assert torch.equal(X.sum(2), torch.ones(32, 8))  # one-hot


def test_gradient_by_distance_vanishes_unless_the_forget_gate_is_open():
    from dlbook.memory import gradient_by_distance

    for kind in ["RNN", "LSTM", "GRU"]:
        g = gradient_by_distance(kind, 50)
        assert g.shape == (50,)
        assert g[40] / g[0] < 1e-6
    g = gradient_by_distance("LSTM", 50, forget_bias=3.0)
    assert g[40] / g[0] > 0.1
    with pytest.raises(ValueError, match="forget_bias is for the LSTM"):
        gradient_by_distance("GRU", 5, forget_bias=1.0)
    with pytest.raises(ValueError, match="kind must be one of"):
        gradient_by_distance("Transformer", 5)


def test_recaller_learns_a_short_lag():
    from dlbook.memory import recall_accuracy

    assert recall_accuracy("GRU", 2, num_steps=60) > 0.9


def test_keep_bias_sets_the_gates_that_keep_the_state():
    from dlbook.memory import Recaller, recall_accuracy

    H = 6
    lstm = Recaller("LSTM", H, keep_bias=4.0).rnn
    b = lstm.bias_ih_l0 + lstm.bias_hh_l0  # blocks i, f, g, o
    assert torch.equal(b[:H], torch.full((H,), -4.0))  # input gate shut
    assert torch.equal(b[H:2 * H], torch.full((H,), 4.0))  # forget gate open
    gru = Recaller("GRU", H, keep_bias=4.0).rnn
    b = gru.bias_ih_l0 + gru.bias_hh_l0  # blocks r, z, n
    assert torch.equal(b[H:2 * H], torch.full((H,), 4.0))  # update gate keeps h
    with pytest.raises(ValueError, match="a plain RNN has none"):
        Recaller("RNN", H, keep_bias=4.0)
    with pytest.raises(ValueError, match="clip must be positive"):
        recall_accuracy("GRU", 2, num_steps=1, clip=0.0)
    with pytest.raises(ValueError, match="num_steps must be a positive int, got 0"):
        recall_accuracy("GRU", 2, num_steps=0)


def test_gated_init_learns_a_lag_of_40_that_the_default_lstm_does_not():
    from dlbook.memory import recall_accuracy

    kept = recall_accuracy("LSTM", 40, num_steps=120, lr=0.01, clip=1.0, keep_bias=5.0)
    default = recall_accuracy("LSTM", 40, num_steps=120, lr=0.01, clip=1.0)
    assert kept > 0.9 and default < 0.4


def test_char_lstm_shapes_and_generate():
    from dlbook.rnn import CharLSTM, generate

    seed_everything(0)
    model = CharLSTM(11, num_hiddens=16, embed_size=4)
    logits, (h, c) = model(torch.zeros(3, 5, dtype=torch.long))
    assert logits.shape == (3, 5, 11) and h.shape == c.shape == (1, 3, 16)
    g = torch.Generator().manual_seed(0)
    out = generate(model, torch.tensor([1, 2]), 6, generator=g)
    assert out.shape == (8,) and out[:2].tolist() == [1, 2]
    assert ((out >= 0) & (out < 11)).all()
    with pytest.raises(ValueError, match=r"expects \(B, T\) long ids"):
        model(torch.zeros(3, 5))
    with pytest.raises(ValueError, match="temperature > 0"):
        generate(model, torch.tensor([1]), 3, temperature=0.0)
