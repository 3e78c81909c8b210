"""Forward time vs sequence length: an RNN layer vs a self-attention layer.

An RNN must finish step t-1 before step t (T dependent steps); a
self-attention layer computes all T positions with a few large matrix
products (Vaswani et al., "Attention is all you need", 2017).  This script
times both, at the same width C, and prints a table and growth ratios.

    python benchmarks/rnn_vs_attention.py            # CPU
    python benchmarks/rnn_vs_attention.py --device cuda

Used by the page "Sequential, measured / 串行，实测" (docs/*/rnn/parallel.md).
Timings depend on the machine: the script prints ratios, and no test checks
them.
"""

from __future__ import annotations

import argparse
import math

import torch
from torch import nn
from _timing import median_seconds


class SelfAttention(nn.Module):
    """One head of scaled dot-product self-attention of width ``C``."""

    def __init__(self, C: int) -> None:
        super().__init__()
        self.qkv = nn.Linear(C, 3 * C)
        self.proj = nn.Linear(C, C)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        Q, K, V = self.qkv(X).chunk(3, dim=-1)  # 3 x (B, T, C)
        S = Q @ K.transpose(1, 2) / math.sqrt(X.shape[-1])  # (B, T, T)
        return self.proj(S.softmax(dim=-1) @ V)  # (B, T, C)


@torch.no_grad()
def measure(
    lengths: list[int],
    *,
    C: int = 64,
    batch_size: int = 8,
    repeats: int = 5,
    device: str = "cpu",
) -> dict[str, list[float]]:
    """Seconds per forward pass for each length: ``{"RNN": [...],
    "attention": [...]}``."""
    dev = torch.device(device)
    rnn = nn.RNN(C, C, batch_first=True).to(dev)
    attn = SelfAttention(C).to(dev)
    out: dict[str, list[float]] = {"RNN": [], "attention": []}
    for T in lengths:
        X = torch.randn(batch_size, T, C, device=dev)  # (B, T, C)
        out["RNN"].append(median_seconds(lambda: rnn(X), dev, repeats))
        out["attention"].append(median_seconds(lambda: attn(X), dev, repeats))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--lengths", default="64,128,256,512,1024,2048")
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()
    lengths = [int(t) for t in args.lengths.split(",")]
    res = measure(lengths, C=args.width, batch_size=args.batch,
                  device=args.device)
    print(f"device={args.device} C={args.width} B={args.batch} "
          f"threads={torch.get_num_threads()}")
    print(f"{'T':>6} {'RNN ms':>10} {'attn ms':>10} {'RNN/attn':>9}")
    for T, r, a in zip(lengths, res["RNN"], res["attention"]):
        print(f"{T:>6} {r * 1e3:>10.3f} {a * 1e3:>10.3f} {r / a:>9.1f}")
    for name, ts in res.items():
        print(f"{name}: time(T={lengths[-1]}) / time(T={lengths[0]}) = "
              f"{ts[-1] / ts[0]:.1f}  (length grew "
              f"{lengths[-1] / lengths[0]:.0f}x)")


if __name__ == "__main__":
    main()
