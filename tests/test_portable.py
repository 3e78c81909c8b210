"""The pages through pytest-codeblocks (conftest.py), and `make test-portable`:
a printed number that holds on one float path only is caught."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from pytest_codeblocks.main import extract_from_buffer

from dlbook.check.floatpath import SETTINGS
from dlbook.check.pages import ROOT, book_of, codeblocks_text

PAGE = """# A page

```python
--8<-- "ch/first.py"
```

1.  An annotation.

```text
--8<-- "ch/first.out"
```

Prose, then a diagram that does not run:

```mermaid
graph LR; a --> b
```

<!--pytest-codeblocks:cont-->

```python
--8<-- "ch/second.py"
```

```text
--8<-- "ch/second.out"
```

<!--pytest.mark.skip(reason="shown, not run")-->

```python
print("not run")
```

=== "Tab"

    ```python
    --8<-- "ch/third.py"
    ```
"""


@pytest.fixture
def book():
    """A small book inside the repository (so that conftest.py is its
    conftest), removed afterwards."""
    folder = ROOT / ".cache" / f"test-portable-{uuid.uuid4().hex[:8]}"
    (folder / "docs" / "en").mkdir(parents=True)
    (folder / "snippets" / "ch").mkdir(parents=True)
    yield folder
    shutil.rmtree(folder)


def _write(book: Path, page: str, snippets: dict[str, str]) -> Path:
    for name, text in snippets.items():
        (book / "snippets" / name).write_text(text, "utf-8")
    path = book / "docs" / "en" / "page.md"
    path.write_text(page, "utf-8")
    return path


def test_a_page_reads_as_pytest_codeblocks_chains(book):
    page = _write(book, PAGE, {
        "ch/first.py": "x = 1\nprint(x)\n", "ch/first.out": "1\n",
        "ch/second.py": "print(x + 1)\n", "ch/second.out": "2\n",
        "ch/third.py": "print('tab')\n"})
    assert book_of(page) == book
    text, where = codeblocks_text(page)
    blocks = extract_from_buffer(io.StringIO(text))
    runs = [b for b in blocks if b.syntax == "python"]
    # the first chain: two blocks, their outputs joined, named by the first line
    assert runs[0].code == "x = 1\nprint(x)\nprint(x + 1)\n"
    assert runs[0].expected_output == "1\n2\n"
    assert where[runs[0].lineno - 1] == 3
    # the skip marker stays on its block, not on the outputs before it
    assert runs[1].marks == ['pytest.mark.skip(reason="shown, not run")']
    assert runs[1].expected_output is None
    # an indented include (a tab) is expanded at the fence's indentation
    assert runs[2].code == "print('tab')\n"
    assert where[runs[2].lineno - 1] == PAGE.splitlines().index('    ```python') + 1
    assert len(runs) == 3


def test_a_file_outside_a_book_is_no_page(tmp_path):
    (tmp_path / "docs").mkdir()
    assert book_of(tmp_path / "docs" / "x.md") is None  # no snippets/ beside docs/


# A chain whose printed digits depend on the order in which a matrix product
# adds its terms, and the same chain printed at a precision that does not.
FRAGILE = """import torch

torch.manual_seed(0)
a, w = torch.randn(256, 512), torch.randn(512, 512)
print(f"sum of a product: {(a @ w).sum().item():.%df}")
"""


def _pytest(page: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--codeblocks", "-p", "no:cacheprovider",
         *args, str(page)], cwd=ROOT, env=env, capture_output=True, text=True)


def _native_output(code: str, tmp_path: Path) -> str:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(code, "utf-8")
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return subprocess.run([sys.executable, str(snippet)], env=env, check=True,
                          capture_output=True, text=True).stdout


def test_the_portable_run_catches_a_number_that_depends_on_the_cpu(book, tmp_path):
    page_text = '```python\n--8<-- "ch/f.py"\n```\n\n```text\n--8<-- "ch/f.out"\n```\n'
    fragile = FRAGILE % 4
    page = _write(book, page_text, {"ch/f.py": fragile,
                                    "ch/f.out": _native_output(fragile, tmp_path)})
    # the .out was written on this machine's own float path: it passes there
    native = _pytest(page)
    assert native.returncode == 0, native.stdout
    portable = _pytest(page, "--float-path=portable")
    assert portable.returncode == 1, portable.stdout
    assert "page.md::line 1" in portable.stdout
    assert "the printed output differs from the one shown" in portable.stdout
    assert "sum of a product" in portable.stdout
    # printed at a precision that means something, the same chain holds on both
    robust = FRAGILE % 0
    _write(book, page_text, {"ch/f.py": robust,
                             "ch/f.out": _native_output(robust, tmp_path)})
    again = _pytest(page, "--float-path=portable")
    assert again.returncode == 0, again.stdout


def test_a_chain_runs_alone_in_an_empty_folder(book):
    """A chain sees no file that an earlier chain wrote, and no name that it
    bound: each starts as a pasted copy would."""
    page = _write(book, ('```python\n--8<-- "ch/a.py"\n```\n\n'
                         '```python\n--8<-- "ch/b.py"\n```\n\n'
                         '```text\n--8<-- "ch/b.out"\n```\n'), {
        "ch/a.py": "open('state.txt', 'w').write('1')\nleft = 1\n",
        "ch/b.py": "import os\nprint(os.listdir('.'), 'left' in globals())\n",
        "ch/b.out": "[] False\n"})
    result = _pytest(page, "-v")
    assert result.returncode == 0, result.stdout
    assert "page.md::line 1 PASSED" in result.stdout
    assert "page.md::line 5 PASSED" in result.stdout


def test_a_shell_block_that_fails_after_printing_is_run_once_more(book):
    """A shell block that printed what the page shows and then failed (as
    torchrun may, exiting) is run once more; failing again, it fails
    (``dlbook.check.run.run_chain``; tests/test_rerun.py has the other cases)."""
    counter = book / "runs.txt"
    script = (f'echo x >> {counter}\necho "done"\n'
              f'[ "$(wc -l < {counter})" -ge {{passes_on}} ]\n')
    page_text = '```bash\n--8<-- "ch/s.sh"\n```\n\n```text\n--8<-- "ch/s.out"\n```\n'
    for passes_on, out, code, runs in [(2, "done\n", 0, 2), (3, "done\n", 1, 2)]:
        counter.unlink(missing_ok=True)
        page = _write(book, page_text, {"ch/s.sh": script.format(passes_on=passes_on),
                                        "ch/s.out": out})
        result = _pytest(page)
        assert result.returncode == code, result.stdout
        assert len(counter.read_text().splitlines()) == runs, (passes_on, out)
