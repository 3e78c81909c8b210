"""Attention's cost vs sequence length: time and memory grow with T^2.

Every query scores every key, so one head of self-attention builds a
(T, T) matrix of weights: doubling T quadruples it (Vaswani et al. 2017,
table 1: O(T^2 * D) per layer).  This script times dlbook's
``scaled_dot_product_attention`` (which materialises the weights) and
PyTorch's fused ``F.scaled_dot_product_attention``, and reports the memory
the weights take: computed exactly on any device, and measured as peak
allocation on CUDA.

    python benchmarks/attention_cost.py                # CPU
    python benchmarks/attention_cost.py --device cuda

Used by the page "The cost of attention / 注意力的代价"
(docs/*/transformer/cost.md).  Timings depend on the machine; the script
prints ratios, and no test checks them.
"""

from __future__ import annotations

import argparse

import torch
from torch.nn import functional as F

from dlbook.attention import scaled_dot_product_attention
from _timing import median_seconds


def _peak_mib(fn, device: torch.device) -> float:
    """Peak extra CUDA memory of ``fn()`` in MiB (NaN off CUDA)."""
    if device.type != "cuda":
        return float("nan")
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    base = torch.cuda.memory_allocated()
    fn()
    torch.cuda.synchronize()
    return (torch.cuda.max_memory_allocated() - base) / 2**20


@torch.no_grad()
def measure(lengths: list[int], *, batch_size: int = 4, num_heads: int = 8,
            head_size: int = 64, repeats: int = 5,
            device: str = "cpu") -> list[dict[str, float]]:
    """One row per length: ms and MiB for dlbook's and the fused kernel."""
    dev = torch.device(device)
    rows = []
    for T in lengths:
        q, k, v = (torch.randn(batch_size, num_heads, T, head_size, device=dev)
                   for _ in range(3))  # (B, H, T, D)
        ours = lambda: scaled_dot_product_attention(q, k, v)  # noqa: E731
        fused = lambda: F.scaled_dot_product_attention(q, k, v)  # noqa: E731
        rows.append({
            "T": T,
            "weights_mib": batch_size * num_heads * T * T * 4 / 2**20,
            "ours_ms": median_seconds(ours, dev, repeats) * 1e3,
            "fused_ms": median_seconds(fused, dev, repeats) * 1e3,
            "ours_peak_mib": _peak_mib(ours, dev),
            "fused_peak_mib": _peak_mib(fused, dev),
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--lengths", default="256,512,1024,2048,4096")
    parser.add_argument("--batch", type=int, default=4)
    args = parser.parse_args()
    lengths = [int(t) for t in args.lengths.split(",")]
    rows = measure(lengths, batch_size=args.batch, device=args.device)
    print(f"device={args.device} B={args.batch} H=8 D=64 "
          f"threads={torch.get_num_threads()}")
    print(f"{'T':>6} {'weights MiB':>12} {'ours ms':>9} {'fused ms':>9} "
          f"{'ours peak':>10} {'fused peak':>11}")
    for r in rows:
        print(f"{r['T']:>6} {r['weights_mib']:>12.1f} {r['ours_ms']:>9.2f} "
              f"{r['fused_ms']:>9.2f} {r['ours_peak_mib']:>10.1f} "
              f"{r['fused_peak_mib']:>11.1f}")
    for a, b in zip(rows, rows[1:]):
        print(f"T {a['T']} -> {b['T']}: ours time x{b['ours_ms'] / a['ours_ms']:.1f}, "
              f"fused time x{b['fused_ms'] / a['fused_ms']:.1f}, "
              f"weights x{b['weights_mib'] / a['weights_mib']:.0f}")


if __name__ == "__main__":
    main()
