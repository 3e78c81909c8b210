"""The book's code as data: which pages run which snippets, and what they print.

``python -m dlbook check`` (``dlbook.check.cli``) reruns a page's code on the
reader's machine.  For that it needs what the book's own tests read: the
snippet files, their ``.out`` files, and which snippets each page runs in
one namespace (a *chain*), which it only shows, and why.  The pages say all
of that (``dlbook.check.pages`` reads them for the tests and the site), but a
reader who installed a wheel has no pages, only the package.  So the book
travels in two forms, read through one :class:`Book`:

* in a clone (``pip install -e .``), straight from the repository: the
  pages are read by ``dlbook.check.pages`` itself, so the check can never see
  other chains than the tests;
* in a wheel (``pip install .``), from ``dlbook/_book/``: the build copies
  ``snippets/`` there and writes ``index.json``, made by the same
  :func:`make_index` from the same pages (``setup.py``).

The index also records the versions the book's outputs were made with: the
pins of ``requirements.lock`` and the Python of the CI image, read when the
index is made.  This module and the page reader import nothing outside the
standard library (nor does ``import dlbook``, which loads its lesson modules
only when they are used): the build runs them before torch is installed.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dlbook.check import pages as reader

PACKAGE = Path(__file__).resolve().parents[1]  # dlbook/
PACKAGED = PACKAGE / "_book"  # in a wheel
SOURCE = PACKAGE.parent  # the repository, in a clone
INDEX = "index.json"
FORMAT = 1
# The libraries whose version changes what a snippet prints.
LIBRARIES = ("torch", "numpy", "matplotlib", "scikit-learn", "safetensors")
_CI = Path(".github") / "workflows" / "pages.yml"
_CI_PYTHON = re.compile(r"^\s*image:\s*python:(\d+\.\d+)", re.MULTILINE)
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)", re.MULTILINE)


class BookError(ValueError):
    """A book that cannot be read: no index, no pages, a missing snippet."""


@dataclass(frozen=True)
class Chain:
    """Snippets that run one after another in one namespace, as on the page.

    ``files`` and ``outputs`` are relative to the book's ``snippets/``
    (``cnn/lenet.py``, ``cnn/lenet.out``); ``outputs[i]`` is None when the
    page shows no output for ``files[i]``.  ``skip`` is the page's reason
    when it shows the code without running it.
    """

    syntax: str  # "python", or "bash" for a command line the page runs
    files: tuple[str, ...]
    outputs: tuple[str | None, ...]
    skip: str | None = None

    @property
    def name(self) -> str:
        more = len(self.files) - 1
        return self.files[0] + (f" (+{more} more)" if more else "")

    def to_json(self) -> dict:
        return {"syntax": self.syntax, "files": list(self.files),
                "outputs": list(self.outputs), "skip": self.skip}

    @classmethod
    def from_json(cls, data: dict) -> Chain:
        return cls(data["syntax"], tuple(data["files"]), tuple(data["outputs"]),
                   data.get("skip"))


@dataclass(frozen=True)
class Book:
    """A book's index (see :func:`make_index`) and where its snippets live.

    ``root`` holds ``snippets/``; a shell chain runs from there, so that its
    command line finds ``snippets/<ch>/<name>.py`` as on the page.
    """

    root: Path
    index: dict

    @property
    def snippets(self) -> Path:
        return self.root / "snippets"

    @property
    def pages(self) -> dict[str, list[Chain]]:
        """Page name (``cnn/lenet``) -> its chains, every page of the book."""
        return {name: [Chain.from_json(c) for c in page["chains"]]
                for name, page in self.index["pages"].items()}

    def title(self, page: str) -> str:
        return self.index["pages"][page].get("title", page)

    @property
    def checked_with(self) -> dict[str, str]:
        """The versions the book's outputs were made with (python, torch...)."""
        return self.index.get("checked_with", {})

    def path(self, relative: str) -> Path:
        return self.snippets / relative

    def select(self, name: str) -> list[str]:
        """The pages a reader means by ``name``: a page (``cnn/lenet``,
        ``cnn/lenet.md``, ``docs/en/cnn/lenet.md``), a chapter (``cnn``: all
        its pages) or the page's address (``/en/cnn/lenet/``, a full URL)."""
        pages = list(self.index["pages"])
        url = "://" in name or name.startswith("/")
        path = urlsplit(name).path if "://" in name else name.split("#")[0]
        parts = [p for p in path.replace("\\", "/").split("/") if p and p != "."]
        if parts and parts[-1] == "index.html":
            parts.pop()
        if parts:
            parts[-1] = re.sub(r"\.(md|html|ipynb)$", "", parts[-1])
        languages = [i for i, p in enumerate(parts) if p in ("docs", "zh", "en")]
        if languages:
            parts = parts[languages[-1] + 1:]
        # an address may start with the site's own folder (/dlbook/en/...)
        for start in range(max(1, len(parts)) if url else 1):
            wanted = "/".join(parts[start:]) or "index"
            if wanted in pages:
                return [wanted]
            if (url or path.endswith("/")) and f"{wanted}/index" in pages:
                return [f"{wanted}/index"]
            chapter = [p for p in pages if p.startswith(wanted + "/")]
            if chapter and not url:
                return chapter
        with_code = [p for p in pages if self.index["pages"][p]["chains"]]
        near = difflib.get_close_matches("/".join(parts), with_code, n=5, cutoff=0.5)
        near += [p for p in with_code if parts and parts[-1] in p and p not in near][:5]
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        snippet = "/".join(parts) + ".py"
        shown = [p for p, chains in self.pages.items()
                 if any(snippet in c.files for c in chains)]
        if shown:
            hint = f"; the snippet {snippet} is shown on {', '.join(shown)}"
        like = next((p for p in pages if "/" in p and not p.endswith("/index")),
                    "ch/page")
        raise BookError(f"expected a page of the book (like {like}), a chapter "
                        f"(like {like.split('/')[0]}) or a page's address (like "
                        f"/en/{like}/), got {name!r}, which names none{hint} "
                        f"(python -m dlbook check --list shows them all)")

    @classmethod
    def from_source(cls, root: Path) -> Book:
        """A book read from its pages (a clone, or a test's temporary book)."""
        return cls(Path(root), make_index(Path(root)))

    @classmethod
    def from_folder(cls, folder: Path) -> Book:
        """A book written by :func:`write_book` (what a wheel ships)."""
        try:
            index = json.loads((Path(folder) / INDEX).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise BookError(f"expected a book index at {Path(folder) / INDEX}, got: "
                            f"{exc}") from None
        if index.get("format") != FORMAT:
            raise BookError(f"expected book index format {FORMAT}, got "
                            f"{index.get('format')!r} in {folder}")
        return cls(Path(folder), index)


def installed() -> Book:
    """The book that came with this ``dlbook``: shipped in the wheel, or the
    repository of an editable install."""
    if (PACKAGED / INDEX).exists():
        return Book.from_folder(PACKAGED)
    if (SOURCE / "docs").is_dir() and (SOURCE / "snippets").is_dir():
        return Book.from_source(SOURCE)
    raise BookError(f"this dlbook ({PACKAGE}) has no book: expected "
                    f"{PACKAGED / INDEX} (an installed wheel) or the repository's "
                    f"docs/ and snippets/ beside the package (pip install -e .)")


def make_index(root: Path) -> dict:
    """Every page of the book at ``root`` with the chains it runs, and the
    versions its outputs were made with.

    Both languages show the same code (``tests/test_pages.py``), so a page
    is named by its path below ``docs/<lang>/`` without ``.md``.
    """
    root = Path(root).resolve()
    index: dict = {"format": FORMAT, "pages": {}, "checked_with": checked_with(root)}
    for lang in reader.LANGS:  # the last, English, title wins
        for page in reader.pages(lang, root=root):
            name = page.relative_to(root / "docs" / lang).with_suffix("").as_posix()
            chains = [_chain(c) for c in reader.chains(page)]
            index["pages"][name] = {"title": _title(page) or name, "chains": chains}
    index["pages"] = dict(sorted(index["pages"].items()))
    return index


def _chain(chain) -> dict:
    inline = [b.id for b in chain.blocks if b.include is None]
    if inline:
        raise BookError(f"expected every code block to include a snippet file, got "
                        f"inline code at {', '.join(inline)}")
    return Chain(chain.syntax, tuple(b.include for b in chain.blocks),
                 tuple(b.output for b in chain.blocks), chain.skip).to_json()


def _title(page: Path) -> str | None:
    for line in page.read_text("utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def checked_with(root: Path) -> dict[str, str]:
    """The versions the book's outputs were made with, as the repository
    records them: ``requirements.lock`` (what ``make test`` installs) and
    the Python of the CI image.  Missing files give fewer entries."""
    versions: dict[str, str] = {}
    ci = Path(root) / _CI
    if ci.exists() and (m := _CI_PYTHON.search(ci.read_text("utf-8"))):
        versions["python"] = m.group(1)
    lock = Path(root) / "requirements.lock"
    pins = dict(_PIN.findall(lock.read_text("utf-8"))) if lock.exists() else {}
    versions.update({name: pins[name] for name in LIBRARIES if name in pins})
    return versions


def write_book(root: Path, target: Path) -> Book:
    """Copy the book at ``root`` into ``target`` as a wheel ships it:
    ``snippets/`` and ``index.json``.  Every file a chain names must exist."""
    index = make_index(root)
    source = Path(root) / "snippets"
    missing = [f for page in index["pages"].values() for c in page["chains"]
               for f in (*c["files"], *c["outputs"]) if f and not (source / f).exists()]
    if missing:
        raise BookError(f"expected every snippet and output the pages name under "
                        f"{source}, missing: {', '.join(sorted(set(missing)))}")
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target / "snippets",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    text = json.dumps(index, ensure_ascii=False, indent=1)
    (target / INDEX).write_text(text, "utf-8")
    return Book.from_folder(target)
