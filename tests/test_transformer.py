import math

import pytest
import torch
from torch import nn

from dlbook import seed_everything
from dlbook.attention import padding_mask
from dlbook.transformer import (
    DecoderBlock,
    EncoderBlock,
    PositionalEncoding,
    Seq2SeqTransformer,
    loss_ignoring_pad,
    number_words,
)

pytestmark = pytest.mark.lesson

ATOL = 1e-5


def test_positional_encoding_values():
    pe = PositionalEncoding(8, max_len=50)
    X = torch.zeros(1, 10, 8)
    P = pe(X)[0]
    assert P[0].tolist() == [0, 1, 0, 1, 0, 1, 0, 1]
    assert P[3, 0].item() == pytest.approx(math.sin(3), abs=1e-6)
    assert P[3, 3].item() == pytest.approx(math.cos(3 / 10000 ** (2 / 8)), abs=1e-6)
    with pytest.raises(ValueError, match="exceeds max_len 50"):
        pe(torch.zeros(1, 51, 8))


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("padded", [False, True])
def test_encoder_block_matches_torch(norm_first, padded):
    seed_everything(0)
    ref = nn.TransformerEncoderLayer(
        16, 4, dim_feedforward=32, dropout=0.0, batch_first=True,
        norm_first=norm_first).eval()
    ours = EncoderBlock(16, 4, 32, norm_first=norm_first).load_from_torch(ref)
    X = torch.randn(3, 6, 16)
    keep = padding_mask(torch.tensor([6, 2, 5]), 6) if padded else None
    out = ours(X, key_padding_mask=keep)
    expected = ref(X, src_key_padding_mask=None if keep is None else ~keep)
    if padded:  # torch's fast path may zero padded rows; compare real tokens
        torch.testing.assert_close(out[keep], expected[keep], atol=ATOL, rtol=0)
    else:
        torch.testing.assert_close(out, expected, atol=ATOL, rtol=0)
    assert ours.attention_weights.shape == (3, 4, 6, 6)


def test_encoder_block_backward_matches_torch():
    seed_everything(1)
    ref = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
    ours = EncoderBlock(8, 2, 16).load_from_torch(ref)
    X = torch.randn(2, 5, 8)
    ours(X).square().sum().backward()
    ref(X).square().sum().backward()
    torch.testing.assert_close(ours.ffn[0].weight.grad, ref.linear1.weight.grad,
                               atol=1e-4, rtol=0)
    torch.testing.assert_close(ours.attn.W_o.weight.grad,
                               ref.self_attn.out_proj.weight.grad, atol=1e-4, rtol=0)


def test_decoder_block_matches_torch():
    seed_everything(2)
    ref = nn.TransformerDecoderLayer(16, 4, 32, dropout=0.0, batch_first=True).eval()
    ours = DecoderBlock(16, 4, 32).load_from_torch(ref)
    Y, M = torch.randn(2, 5, 16), torch.randn(2, 7, 16)
    keep = padding_mask(torch.tensor([7, 3]), 7)
    out = ours(Y, M, memory_padding_mask=keep)
    expected = ref(Y, M, tgt_mask=nn.Transformer.generate_square_subsequent_mask(5),
                   tgt_is_causal=True, memory_key_padding_mask=~keep)
    torch.testing.assert_close(out, expected, atol=ATOL, rtol=0)
    assert ours.cross_weights.shape == (2, 4, 5, 7)
    assert ours.cross_weights[1, :, :, 3:].abs().max() == 0


def test_decoder_is_causal():
    seed_everything(3)
    block = DecoderBlock(8, 2, 16).eval()
    Y, M = torch.randn(1, 6, 8), torch.randn(1, 4, 8)
    a = block(Y, M)
    Y2 = Y.clone()
    Y2[0, 4:] += 1.0  # change the future
    b = block(Y2, M)
    torch.testing.assert_close(a[:, :4], b[:, :4], atol=1e-6, rtol=0)
    assert (a[:, 4:] - b[:, 4:]).abs().max() > 1e-3


def test_seq2seq_shapes_loss_and_greedy():
    seed_everything(4)
    model = Seq2SeqTransformer(12, 15, num_hiddens=16, num_heads=2,
                               ffn_hiddens=32, num_layers=1)
    src = torch.tensor([[3, 4, 5, 0], [6, 7, 0, 0]])
    tgt = torch.tensor([[1, 5, 6], [1, 7, 0]])
    logits = model(src, tgt)
    assert logits.shape == (2, 3, 15)
    loss = loss_ignoring_pad(logits, tgt)
    assert loss.item() > 0
    assert model.greedy(src, bos_id=1, max_len=4).shape == (2, 4)
    with pytest.raises(ValueError, match="src must be"):
        model.encode(src.float())


@pytest.mark.parametrize("n, words", [
    (0, "零"), (7, "七"), (10, "十"), (15, "十五"), (20, "二十"), (101, "一百零一"),
    (110, "一百一十"), (305, "三百零五"), (1001, "一千零一"), (1100, "一千一百"),
    (2024, "两千零二十四"), (220, "两百二十"), (1200, "一千二百"), (12, "十二"), (9999, "九千九百九十九")])
def test_number_words(n, words):
    assert number_words(n) == words


def test_number_words_rejects():
    with pytest.raises(ValueError, match=r"\[0, 9999\], got 10000"):
        number_words(10000)
