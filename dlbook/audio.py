"""Sound as a picture: synthesised vowels and their log-magnitude spectrogram.

A vowel is a buzz from the vocal folds (a fundamental frequency ``f0`` and
its harmonics ``2 f0, 3 f0, ...``) filtered by the mouth, which makes some
frequencies loud: the *formants*.  Which vowel you hear depends on the
formants, not on the pitch: an "a" sung low or high is still an "a".
``make_vowels`` builds such sounds from the average formants of four
English vowels measured by Peterson & Barney ("Control methods used in a
study of the vowels", JASA 1952), each with a random pitch, random phases
and noise, so the task is offline and seeded.

``log_spectrogram`` is the front end of most speech models: a short-time
Fourier transform (``torch.stft``) cuts the wave into overlapping frames and
measures how loud every frequency is in each; the logarithm turns loudness
ratios into differences, the way hearing does.

Taught on the page "Applications / 典型应用" (``docs/*/applications/``);
tested in ``tests/test_audio.py``.
"""

from __future__ import annotations

import math

import torch

# the first two formants (Hz) of four vowels, Peterson & Barney 1952 (men)
VOWELS: dict[str, tuple[float, float]] = {
    "i": (270.0, 2290.0),   # "beet"
    "e": (530.0, 1840.0),   # "bet"
    "a": (730.0, 1090.0),   # "father"
    "u": (300.0, 870.0),    # "boot"
}


def make_vowels(
    num_per_class: int,
    *,
    sample_rate: int = 8000,
    duration: float = 0.25,
    pitch: tuple[float, float] = (100.0, 200.0),
    bandwidth: float = 100.0,
    noise: float = 1.0,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Waveforms ``(N, T)`` and labels ``(N,)`` of vowel-like sounds.

    Every sound is a sum of harmonics of a random ``f0`` drawn from
    ``pitch``; harmonic ``k f0`` gets the amplitude of a two-peak
    resonance (peaks at the vowel's formants, width ``bandwidth``) and a
    random phase.  Each wave is scaled to unit root mean square, then
    Gaussian noise of standard deviation ``noise`` is added.  Labels index
    ``list(VOWELS)``; the classes come in turn (0, 1, 2, 3, 0, ...).
    """
    if num_per_class < 1:
        raise ValueError(f"num_per_class must be >= 1, got {num_per_class}")
    if not 0 < pitch[0] <= pitch[1] < sample_rate / 2:
        raise ValueError(f"pitch must be a range (low, high) inside "
                         f"(0, {sample_rate / 2}), got {pitch}")
    g = torch.Generator().manual_seed(seed)
    formants = torch.tensor(list(VOWELS.values()))                  # (K, 2)
    y = torch.arange(len(VOWELS)).repeat(num_per_class)             # (N,)
    n, t = len(y), torch.arange(int(sample_rate * duration)) / sample_rate
    num_harmonics = int(sample_rate / 2 / pitch[0])  # enough for the lowest
    f0 = pitch[0] + (pitch[1] - pitch[0]) * torch.rand(n, 1, generator=g)
    freqs = f0 * torch.arange(1, num_harmonics + 1)                 # (N, H)
    peaks = formants[y].unsqueeze(1)                                # (N, 1, 2)
    gain = (1 / (1 + ((freqs.unsqueeze(2) - peaks) / bandwidth) ** 2)
            ).sum(2)                                                # (N, H)
    gain = gain * (freqs < sample_rate / 2)  # none at or above Nyquist
    phase = 2 * math.pi * torch.rand(n, num_harmonics, 1, generator=g)
    waves = (gain.unsqueeze(2) * torch.sin(
        2 * math.pi * freqs.unsqueeze(2) * t + phase)).sum(1)      # (N, T)
    waves = waves / waves.pow(2).mean(1, keepdim=True).sqrt()
    waves = waves + noise * torch.randn(waves.shape, generator=g)
    return waves, y


def log_spectrogram(waves: torch.Tensor, *, n_fft: int = 256,
                    hop_length: int = 128) -> torch.Tensor:
    """``log(1e-3 + |STFT|)`` of waves ``(B, T)``: ``(B, n_fft // 2 + 1,
    frames)``, frequency bins by time frames.

    Frame ``j`` is samples ``j * hop_length`` to ``j * hop_length + n_fft``
    times a Hann window; the wave is not padded, so there are
    ``1 + (T - n_fft) // hop_length`` frames, none of them past its ends.
    """
    if waves.dim() != 2 or not waves.is_floating_point():
        raise ValueError(f"waves must be a float tensor (B, T), got shape "
                         f"{tuple(waves.shape)} and dtype {waves.dtype}")
    if waves.shape[1] < n_fft:
        raise ValueError(f"waves have {waves.shape[1]} samples, fewer than "
                         f"n_fft={n_fft}")
    window = torch.hann_window(n_fft, dtype=waves.dtype, device=waves.device)
    spec = torch.stft(waves, n_fft, hop_length=hop_length, window=window,
                      center=False, return_complex=True)  # (B, freqs, frames)
    return torch.log(1e-3 + spec.abs())
