import math

import numpy as np
import pytest
import torch

from dlbook.audio import VOWELS, log_spectrogram, make_vowels

pytestmark = pytest.mark.lesson


def test_make_vowels_shapes_labels_and_seed():
    waves, y = make_vowels(3, sample_rate=8000, duration=0.25, seed=0)
    assert waves.shape == (12, 2000) and y.shape == (12,)
    assert torch.equal(torch.bincount(y), torch.full((len(VOWELS),), 3))
    again, _ = make_vowels(3, seed=0)
    other, _ = make_vowels(3, seed=1)
    assert torch.equal(waves, again)
    assert not torch.allclose(waves, other)


def test_clean_vowels_have_unit_rms():
    waves, _ = make_vowels(2, noise=0.0)
    rms = waves.pow(2).mean(1).sqrt()
    torch.testing.assert_close(rms, torch.ones(len(rms)), atol=1e-5, rtol=0)


def test_the_loudest_band_is_a_formant():
    waves, y = make_vowels(20, noise=0.0, seed=3)
    spec = log_spectrogram(waves).exp().mean(2)  # (B, freqs), time averaged
    hz_per_bin = 8000 / 256
    for k, formants in enumerate(VOWELS.values()):
        loudest = spec[y == k].mean(0).argmax().item() * hz_per_bin
        assert min(abs(loudest - f) for f in formants) < 150, (k, loudest)


def test_log_spectrogram_matches_numpy_fft():
    torch.manual_seed(0)
    waves = torch.randn(2, 1000, dtype=torch.float64)
    n_fft, hop = 64, 16
    got = log_spectrogram(waves, n_fft=n_fft, hop_length=hop)
    assert got.shape == (2, n_fft // 2 + 1, 1 + (1000 - n_fft) // hop)
    n = np.arange(n_fft)
    window = 0.5 - 0.5 * np.cos(2 * math.pi * n / n_fft)  # periodic Hann
    j = 10  # frame j starts at sample j * hop
    frame = waves[1, j * hop: j * hop + n_fft].numpy()
    expected = np.log(1e-3 + np.abs(np.fft.rfft(window * frame)))
    np.testing.assert_allclose(got[1, :, j].numpy(), expected, atol=1e-9)


def test_a_pure_tone_lands_in_its_bin():
    t = torch.arange(4000) / 8000
    tone = torch.sin(2 * math.pi * 1000 * t).unsqueeze(0)  # 1000 Hz
    spec = log_spectrogram(tone, n_fft=256)
    assert spec[0, :, 5].argmax().item() == 1000 * 256 // 8000  # bin 32


def test_clear_errors():
    with pytest.raises(ValueError, match="num_per_class"):
        make_vowels(0)
    with pytest.raises(ValueError, match="pitch"):
        make_vowels(1, pitch=(200.0, 100.0))
    with pytest.raises(ValueError, match=r"\(B, T\)"):
        log_spectrogram(torch.zeros(2000))
    with pytest.raises(ValueError, match="n_fft"):
        log_spectrogram(torch.zeros(1, 100))
