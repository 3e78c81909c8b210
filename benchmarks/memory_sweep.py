"""Recall accuracy vs lag k for RNN, LSTM and GRU, with a longer budget.

"LSTM fb=1" starts the LSTM's forget-gate bias at 1 (Gers et al. 2000);
"LSTM keep" and "GRU keep" start the gates in "keep the state" mode
(``keep_bias=5``: LSTM forget gate +5 and input gate -5, GRU update gate
+5), the setting under which the gated networks learn lags of 100 and more.

The page "Memory, measured / 记忆力实测" (docs/*/rnn/memory.md) runs a small
grid that fits in CI's seconds; this script runs a bigger one (more lags,
more training steps, several seeds) in parallel processes and prints a
table.  Nothing checks its numbers; they go into the page's discussion.

    python benchmarks/memory_sweep.py --steps 600 --seeds 0,1,2
    python benchmarks/memory_sweep.py --steps 300 --lags 100,200 --clip 1
"""

from __future__ import annotations

import argparse
import itertools
from concurrent.futures import ProcessPoolExecutor

import torch

from dlbook.memory import recall_accuracy


KINDS = {"RNN": ("RNN", None, None), "LSTM": ("LSTM", None, None),
         "LSTM fb=1": ("LSTM", 1.0, None), "GRU": ("GRU", None, None),
         "LSTM keep": ("LSTM", None, 5.0), "GRU keep": ("GRU", None, 5.0)}


def _one(args: tuple[str, int, int, int, float, float | None]
         ) -> tuple[str, int, int, float]:
    name, k, steps, seed, lr, clip = args
    torch.set_num_threads(1)
    kind, fb, keep = KINDS[name]
    return name, k, seed, recall_accuracy(kind, k, num_steps=steps, lr=lr,
                                          clip=clip, forget_bias=fb,
                                          keep_bias=keep, seed=seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lags", default="2,10,25,50,100")
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--clip", type=float, default=None,
                        help="clip the gradient norm to this (default: no clipping)")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    lags = [int(k) for k in args.lags.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    kinds = args.kinds.split(",")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds {unknown}; choose from {list(KINDS)}")
    jobs = list(itertools.product(kinds, lags, [args.steps], seeds,
                                  [args.lr], [args.clip]))
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(_one, jobs))
    acc = {(kind, k, s): a for kind, k, s, a in results}
    print(f"steps={args.steps} lr={args.lr} clip={args.clip} seeds={seeds}: "
          f"mean test accuracy "
          f"(min-max over seeds); chance = 0.25")
    print(f"{'k':>5} " + " ".join(f"{kind:>18}" for kind in kinds))
    for k in lags:
        cells = []
        for kind in kinds:
            v = [acc[kind, k, s] for s in seeds]
            cells.append(f"{sum(v) / len(v):.2f} ({min(v):.2f}-{max(v):.2f})")
        print(f"{k:>5} " + " ".join(f"{c:>18}" for c in cells))


if __name__ == "__main__":
    main()
