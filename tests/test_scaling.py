import math

import numpy as np
import pytest
import torch

from dlbook.gpt import GPT, GPTConfig
from dlbook.scaling import (PUBLISHED, fit_power_law, fit_power_law_with_floor,
                            non_embedding_params, price_estimate,
                            train_char_gpt, training_flops)

pytestmark = pytest.mark.lesson


def test_power_law_fit_recovers_a_known_exponent():
    N = np.array([1e3, 1e4, 1e5, 1e6, 1e7])
    a, alpha = fit_power_law(N, 5.0 * N ** -0.076)
    assert alpha == pytest.approx(0.076, abs=1e-9)
    assert a == pytest.approx(5.0, rel=1e-9)


def test_floor_fit_recovers_the_irreducible_loss():
    N = np.geomspace(1e3, 1e6, 8)
    E, a, alpha = fit_power_law_with_floor(N, 1.7 + 40.0 * N ** -0.35)
    assert E == pytest.approx(1.7, abs=0.02)
    assert alpha == pytest.approx(0.35, abs=0.02)


def test_six_n_d_matches_the_published_compute():
    for m in PUBLISHED:
        if m.flops and m.tokens:  # GPT-3, Chinchilla, PaLM
            assert training_flops(m.params, m.tokens) == pytest.approx(m.flops, rel=0.05)


def test_non_embedding_params_leaves_out_both_embeddings():
    model = GPT(GPTConfig(vocab_size=10, block_size=8, num_hiddens=16))
    total = sum(p.numel() for p in model.parameters())
    assert non_embedding_params(model) == total - 10 * 16 - 8 * 16


def test_price_estimate_is_flops_over_effective_speed():
    hours, dollars = price_estimate(3600 * 100.0, peak_flops=200.0,
                                    utilisation=0.5, dollars_per_gpu_hour=3.0)
    assert hours == pytest.approx(1.0)
    assert dollars == pytest.approx(3.0)


def test_a_trained_gpt_beats_uniform_guessing():
    torch.manual_seed(0)
    ids = torch.randint(0, 4, (3000,)) % 2  # a two-letter text
    model = GPT(GPTConfig(vocab_size=4, block_size=8, num_hiddens=8,
                          num_heads=2, num_layers=1))
    history = train_char_gpt(model, ids[:2500], ids[2500:], num_steps=60)
    assert history.unit == "step" and len(history.train_loss) == len(history) == 60
    assert len(history.val_loss) == 1  # measured once, after the last step
    assert history.val_loss[-1] < 0.8 * math.log(4)


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match="same length"):
        fit_power_law([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="above floor"):
        fit_power_law([1, 2], [1.0, 0.5], floor=0.7)
    with pytest.raises(ValueError, match="utilisation"):
        price_estimate(1e20, utilisation=0)
    with pytest.raises(ValueError, match="block_size"):
        train_char_gpt(GPT(GPTConfig(vocab_size=4, block_size=8)),
                       torch.zeros(50).long(), torch.zeros(5).long(), num_steps=1)
