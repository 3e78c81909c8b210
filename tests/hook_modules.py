"""Import a module of ``hooks/`` by its file, as mkdocs loads hooks.

The hooks are not a package; their pure functions are tested without a
build.  A hook's sibling imports (``from figure_text import ...``) resolve
because every module loaded here is registered in ``sys.modules`` first.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HOOKS = Path(__file__).resolve().parents[1] / "hooks"


def load_hook(name: str, *, needs: tuple[str, ...] = ()) -> ModuleType:
    """``hooks/<name>.py`` as a module, after the sibling modules it ``needs``."""
    for dep in needs:
        load_hook(dep)
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"expected a module at {HOOKS / name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
