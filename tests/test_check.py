"""``python -m dlbook check`` reruns a page's code and tells where it
disagrees with the book (``dlbook/check/cli.py``, ``dlbook/check/book.py``).

The broken cases run against a temporary book: two pages (one per
language) over snippets written here, read by the page reader
(``dlbook/check/pages.py``), as the installed book is read in a clone.
"""

from __future__ import annotations

import io
import json
import platform
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from dlbook.check import book as booklib
from dlbook.check import cli as check, floatpath
from dlbook.check.pages import ROOT, all_chains

PAGE = """# {title}

```python
--8<-- "demo/{name}.py"
```

```text
--8<-- "demo/{name}.out"
```
"""


OLD_LOCK = "numpy==1.0.0\ntorch==1.0.0\n"


def make_book(root: Path, snippets: dict[str, tuple[str, str]],
              lock: str = OLD_LOCK) -> booklib.Book:
    """A book at ``root`` with one page per snippet, ``demo/<name>``, in both
    languages; ``snippets`` maps a name to (code, the output the page shows).
    Its outputs were made, it says, with the versions ``lock`` pins: by
    default torch 1.0.0 and numpy 1.0.0."""
    (root / "snippets" / "demo").mkdir(parents=True)
    # the versions the book's outputs were made with, as a repository pins them
    (root / "requirements.lock").write_text(lock, "utf-8")
    for name, (code, shown) in snippets.items():
        (root / "snippets" / "demo" / f"{name}.py").write_text(code, "utf-8")
        (root / "snippets" / "demo" / f"{name}.out").write_text(shown, "utf-8")
        for lang in ("zh", "en"):
            page = root / "docs" / lang / "demo" / f"{name}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(PAGE.format(title=name.title(), name=name), "utf-8")
    return booklib.Book.from_source(root)


def run_check(argv: list[str], book: booklib.Book | None = None) -> tuple[int, str]:
    out = io.StringIO()
    status = check.main(argv, book=book, out=out)
    return status, out.getvalue()


def test_a_page_that_prints_what_the_book_shows_is_ok_and_exits_0():
    # summary/index: one chain that builds a small MLP and counts its weights
    status, text = run_check(["summary"])
    assert status == 0, text
    assert "ok " in text and "summary/ex_count_params.py" in text
    assert "1 chain in" in text and "1 ok, 0 differs, 0 failed, 0 skipped" in text
    assert "your float path: " in text and "kernels, MKL, one thread" in text
    assert "the book's:      x86_64 with AVX512 or AVX2 kernels, MKL" in text
    assert "float path" not in text.split("1 ok, 0 differs")[1]  # no verdict


def test_an_output_that_disagrees_is_reported_with_both_values_and_exits_1(tmp_path):
    book = make_book(tmp_path, {
        "agree": ('print(f"loss {0.2501:.3f}")\n', "loss 0.250\n"),
        "drift": ('print(f"loss {0.262:.3f}")\nprint("steps", 3)\n',
                  "loss 0.250\nsteps 3\n"),
    })
    status, text = run_check(["demo"], book)
    assert status == 1, text
    assert "ok " in text and "demo/agree.py" in text
    assert "differs" in text
    assert "line 1: the book shows  loss 0.250" in text
    assert "your run prints loss 0.262" in text
    assert "0.262 is not within ±0.002 of 0.250" in text
    assert "steps" not in text.split("prints something other")[1].split("your run:")[0]
    torch = version("torch")
    assert (f"your versions:   python {platform.python_version()}, torch {torch} "
            f"(the book: 1.0.0)") in text
    assert "the book's:      torch 1.0.0, numpy 1.0.0\n" in text
    assert "2 chains in" in text and "1 ok, 1 differs, 0 failed" in text
    # other versions than the book's: a library change, not the CPU
    verdict = text.split("1 ok, 1 differs, 0 failed, 0 skipped")[1]
    assert f"Your library versions are not the book's: torch {torch} (the book: 1.0.0)" in verdict
    assert "CPU" not in verdict and "float path" not in verdict


def same_lock() -> str:
    """A lock that pins the versions installed here: the book's own."""
    return "".join(f"{name}=={version(name).split('+')[0]}\n"
                   for name in booklib.LIBRARIES)


ARM_MAC = floatpath.FloatPath("arm64", "DEFAULT", "accelerate", processor="arm",
                              settings=(("MKL_CBWR", "AUTO"),))


def test_a_difference_with_the_books_versions_names_the_float_path(tmp_path,
                                                                    monkeypatch):
    # a reader on an ARM Mac with the book's versions: the CPU, not the install
    monkeypatch.setattr(floatpath, "here", lambda threads, env: ARM_MAC)
    book = make_book(tmp_path, {"drift": ('print(f"loss {0.262:.3f}")\n', "loss 0.250\n")},
                     lock=same_lock())
    status, text = run_check(["demo"], book)
    assert status == 1, text
    assert "(the book:" not in text
    verdict = text.split("0 ok, 1 differs, 0 failed, 0 skipped\n")[1].splitlines()
    assert verdict[0].startswith("Your library versions are the book's")
    assert "your CPU adds numbers in another order" in verdict[0]
    assert "not from a broken install" in verdict[0]
    assert verdict[1] == ("  your float path: arm64 (arm), DEFAULT kernels, accelerate, "
                          "one thread, MKL_CBWR=AUTO")
    assert verdict[2] == f"  the book's:      {floatpath.book()}"
    assert "ATEN_CPU_CAPABILITY=default MKL_CBWR=COMPATIBLE" in verdict[2]


def test_a_difference_on_the_books_own_float_path_is_not_expected(tmp_path, monkeypatch):
    monkeypatch.setattr(floatpath, "here", lambda threads, env: floatpath.BOOK[1])
    book = make_book(tmp_path, {"drift": ('print(f"loss {0.262:.3f}")\n', "loss 0.250\n")},
                     lock=same_lock())
    status, text = run_check(["demo"], book)
    assert status == 1, text
    assert "this difference is not expected" in text
    assert "adds numbers in another order" not in text


def test_a_failure_is_an_error_not_a_rounding_difference(tmp_path, monkeypatch):
    monkeypatch.setattr(floatpath, "here", lambda threads, env: ARM_MAC)
    book = make_book(tmp_path, {"broken": ('raise ValueError("no")\n', "")},
                     lock=same_lock())
    status, text = run_check(["demo"], book)
    assert status == 1, text
    assert "1 run failed with an error: not a rounding difference" in text
    assert "another order" not in text


def test_a_last_digit_within_the_tolerance_agrees(tmp_path):
    book = make_book(tmp_path, {"close": ('print(f"loss {0.252:.3f}")\n', "loss 0.250\n")})
    status, text = run_check(["demo/close"], book)
    assert status == 0, text


def test_a_snippet_that_raises_is_reported_as_failed_with_its_error(tmp_path):
    code = 'print("before")\nraise ValueError("expected 3 features, got 4")\n'
    book = make_book(tmp_path, {"broken": (code, "before\n")})
    status, text = run_check(["/en/demo/broken/"], book)
    assert status == 1, text
    assert any(line.startswith("failed ") for line in text.splitlines())
    assert "demo/broken: demo/broken.py failed:" in text
    assert "ValueError: expected 3 features, got 4" in text
    assert 'demo/broken.py", line 2' in text


def test_runs_use_one_thread_as_the_book_unless_told_otherwise(tmp_path):
    code = "import torch\nprint(torch.get_num_threads())\n"
    book = make_book(tmp_path, {"threads": (code, "1\n")})
    assert run_check(["demo"], book)[0] == 0
    status, text = run_check(["demo", "--threads", "2"], book)
    assert status == 1, text
    assert "line 1: the book shows  1" in text and "your run prints 2" in text
    assert "MKL, 2 threads" in text  # the float path: threads split the sums


def test_parallel_runs_report_in_the_order_of_the_book(tmp_path):
    book = make_book(tmp_path, {
        "a_slow": ('import time\ntime.sleep(1)\nprint("a")\n', "a\n"),
        "b_fast": ('print("b")\n', "x\n"),
    })
    status, text = run_check(["demo", "-j", "2"], book)
    assert status == 1, text
    states = [line.split()[0] for line in text.splitlines()
              if line.startswith(("ok ", "differs "))]
    assert states == ["ok", "differs"]


def test_an_unknown_page_is_a_clear_error_naming_near_pages(capsys):
    with pytest.raises(SystemExit) as exit_:
        check.main(["neuronn"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "got 'neuronn', which names none; did you mean neuron?" in err
    assert "--list" in err


@pytest.mark.parametrize(("name", "pages"), [
    ("neuron", ["neuron"]),
    ("rnn/memory.md", ["rnn/memory"]),
    ("docs/zh/rnn/memory.md", ["rnn/memory"]),
    ("/en/rnn/memory/", ["rnn/memory"]),
    ("https://example.org/dlbook/rnn/memory/", ["rnn/memory"]),
    ("/en/rnn/", ["rnn/index"]),
    ("rnn", ["rnn/char-lstm", "rnn/index", "rnn/memory", "rnn/parallel"]),
])
def test_a_page_can_be_named_by_path_chapter_or_address(name, pages):
    assert booklib.installed().select(name) == pages


def test_a_framework_that_is_not_installed_skips_its_chain(tmp_path):
    book = make_book(tmp_path, {"other": ("import not_a_framework_xyz\n", "")})
    status, text = run_check(["demo"], book)
    assert status == 0, text
    assert "skipped" in text and "needs not_a_framework_xyz, not installed here" in text


def test_the_list_names_the_pages_with_code_only():
    status, text = run_check(["--list"])
    names = [line.split()[0] for line in text.splitlines()]
    assert status == 0
    assert "neuron" in names and "rnn/memory" in names
    assert "glossary/index" not in names and "index" not in names  # no code there


def _index_chains(index: dict) -> set[tuple]:
    return {(c["syntax"], tuple(c["files"]), tuple(c["outputs"]), c["skip"])
            for page in index["pages"].values() for c in page["chains"]}


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """The repository's files (as git sees them, new ones included), copied:
    a build writes build/ and *.egg-info beside its sources."""
    where = tmp_path_factory.mktemp("source")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"],
                            cwd=ROOT, check=True, capture_output=True, text=True)
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (where / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, where / name)
    return where


# The wheels a build under isolation installs first (pyproject.toml's
# [build-system] requires), put beside this Python by scripts/install.sh:
# the tests run offline.
BUILD_WHEELS = Path(sys.prefix) / "wheels"


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    """dlbook's wheel, built as a reader's ``pip wheel .`` builds it: in an
    isolated environment that has setuptools and nothing else (no torch, no
    dlbook), from the local wheels only."""
    if not any(BUILD_WHEELS.glob("setuptools-*.whl")):
        pytest.fail(f"expected the build backend's wheel in {BUILD_WHEELS}, found "
                    f"none: make install (scripts/install.sh) downloads it")
    where = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index",
         "--find-links", str(BUILD_WHEELS), "-q", "-w", str(where), str(source)],
        capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = where.glob("dlbook-*.whl")
    return found


def test_the_shipped_index_lists_exactly_the_chains_the_pages_run(wheel):
    shipped = zipfile.ZipFile(wheel)
    index = json.loads(shipped.read("dlbook/_book/index.json"))
    expected = {(c.syntax, tuple(b.include for b in c.blocks),
                 tuple(b.output for b in c.blocks), c.skip) for c in all_chains()}
    assert _index_chains(index) == expected
    files = {f for _, fs, outs, _ in expected for f in (*fs, *outs) if f}
    assert all(shipped.read(f"dlbook/_book/snippets/{f}")
               == (ROOT / "snippets" / f).read_bytes() for f in files)
    assert index["checked_with"]["torch"] == "2.13.0"
    assert index["checked_with"]["python"] == "3.11"


def test_a_wheel_carries_the_book(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"dlbook/_book/index.json", "dlbook/_book/snippets/neuron/one_neuron.py",
            "dlbook/_book/snippets/neuron/one_neuron.out", "dlbook/check/cli.py",
            "dlbook/check/floatpath.py"} <= names


def test_a_page_checks_out_from_the_installed_wheel(wheel, tmp_path):
    # a fresh venv with the wheel's dlbook, which sees this Python's other
    # packages (torch & co.) through a .pth: no second install of them
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    site = subprocess.run([python, "-c", PURELIB], check=True, capture_output=True,
                          text=True).stdout.strip()
    here = subprocess.run([sys.executable, "-c", PURELIB], check=True,
                          capture_output=True, text=True).stdout.strip()
    (Path(site) / "_dlbook_test_deps.pth").write_text(here + "\n", "utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    origin = subprocess.run(
        [python, "-c", "import importlib.util; print(importlib.util.find_spec('dlbook').origin)"],
        cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert origin.startswith(site), origin  # the wheel's dlbook, not the clone's
    run = subprocess.run([python, "-m", "dlbook", "check", "neuron"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"your versions:   python {platform.python_version()}, torch " in run.stdout
    assert "the book's:      python 3.11, torch 2.13.0" in run.stdout
    assert "your float path: " in run.stdout and " kernels, " in run.stdout
    assert "the book's:      x86_64 with AVX512 or AVX2 kernels, MKL" in run.stdout
    assert "0 differs, 0 failed" in run.stdout


PURELIB = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
