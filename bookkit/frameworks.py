"""The framework page's TensorFlow, MindSpore and PaddlePaddle blocks, each
run in its own environment.

Their pins need not agree with requirements.lock nor with one another, so
each has a virtualenv ``.frameworks/<name>/`` made from
``requirements-frameworks-<name>.lock`` (``scripts/frameworks_env.sh``,
``make frameworks-envs``).  The page marks their blocks
``<!--pytest.mark.skip(reason="runs in make test-frameworks")-->``, so the
book's own runs skip them; here each runs after the page's set-up block (the
same data, the same starting weights), offline, with one thread, in an empty
folder.  ``tests/test_frameworks.py`` checks what they print and the weights
they end with; ``python -m bookkit.frameworks --write``
(``make outputs-frameworks``) writes their ``.out`` files, as ``make
outputs`` does for the rest of the book.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from dlbook.check.cli import run_env
from dlbook.check.pages import DOCS, ROOT, Block, blocks
from dlbook.check.run import run_chain

PAGE = DOCS / "en" / "frameworks" / "index.md"
TARGET = "test-frameworks"
ENVS = ROOT / ".frameworks"
TIMEOUT = 600
# one thread, as the book's runs (dlbook.check.cli.run_env), TensorFlow's pools
# included; and TensorFlow's start-up notices off
THREADS = {**run_env(), "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
           "TF_CPP_MIN_LOG_LEVEL": "2"}


def setup_block() -> Block:
    first = blocks(PAGE)[0]
    assert first.include == "frameworks/setup.py", (
        f"{first.id}: expected the page to start with frameworks/setup.py")
    return first


def elsewhere() -> list[Block]:
    """The page's blocks that run here, not in the book's own runs."""
    return [b for b in blocks(PAGE) if b.runs_in == TARGET]


def name_of(block: Block) -> str:
    """``frameworks/tensorflow_step.py`` -> ``tensorflow``."""
    return block.snippet.stem.removesuffix("_step")


def python_of(block: Block) -> Path | None:
    """The interpreter of the block's environment, None until it is made
    (completely: ``.installed`` is written last)."""
    env = ENVS / name_of(block)
    return env / "bin" / "python" if (env / ".installed").exists() else None


def trained(python: str, step: Block, name: str, folder: Path) -> tuple[str, np.ndarray]:
    """What the page's set-up and ``step`` print, run as one chain in
    ``folder`` (``dlbook.check.run.run_chain``), and the ``<name>_W1`` left."""
    out = folder / f"{name}_W1.npy"
    save = folder / "save_w1.py"
    save.write_text(f"np.save({str(out)!r}, np.asarray({name}_W1))\n", "utf-8")
    printed = run_chain([setup_block().snippet, step.snippet, save], python=python,
                        env={**os.environ, **THREADS}, timeout=TIMEOUT, cwd=folder)
    return "".join(printed[:2]), np.load(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true",
                        help="rewrite each block's .out where the run disagrees with it")
    args = parser.parse_args(argv)
    from bookkit.runs import write_output

    missing = 0
    for block in elsewhere():
        python = python_of(block)
        if python is None:
            print(f"{block.include}: no .frameworks/{name_of(block)}/ "
                  "(make frameworks-envs)", file=sys.stderr)
            missing += 1
            continue
        with tempfile.TemporaryDirectory(prefix="dlbook-framework-") as folder:
            printed, _ = trained(str(python), block, name_of(block), Path(folder))
        if args.write:
            print(f"{block.include}: {write_output(block, printed)}")
        else:
            print(f"{block.include}:\n{printed}", end="")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
