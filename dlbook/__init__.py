"""dlbook: the small PyTorch package behind the dlbook textbook.

Each module holds one idea and is short enough to read in one sitting.
Every part written by hand is tested against its ``torch`` counterpart.
Nothing runs on import beyond defining functions and classes.

``from dlbook import device, seed_everything`` works as usual; the two are
loaded when first asked for, so that ``import dlbook`` alone (as the
wheel's build does, to read the book's pages with :mod:`dlbook.check`)
needs nothing but the standard library.
"""

from importlib import import_module

__all__ = ["device", "seed_everything"]
__version__ = "0.1.0"

_LAZY = {"device": "dlbook.hardware", "seed_everything": "dlbook.seeding"}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # found directly from now on
        return value
    raise AttributeError(f"module 'dlbook' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
