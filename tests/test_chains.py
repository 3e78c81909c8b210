"""Each chain of blocks binds every name it uses, so it runs alone too.

A page's notebook runs all of the page's chains in one kernel, and that run
is the run of each chain (``bookkit/runs.py``).  A chain that read a name
an earlier chain left behind would pass there and fail for a reader who
copies it alone into a file; ``names.unbound`` finds such names, and the
tests below show what it counts as bound and what not.
"""

from __future__ import annotations

import pytest

from bookkit.names import unbound
from dlbook.check.pages import all_chains

CHAINS = [c for c in all_chains() if c.in_notebook]


@pytest.mark.parametrize("chain", CHAINS, ids=[c.id for c in CHAINS])
def test_every_chain_binds_every_name_it_uses(chain):
    code = "\n".join(b.code for b in chain.blocks)
    missing = unbound(code, chain.id)
    assert missing == {}, (f"{chain.id} (shown on {', '.join(chain.shown_on)}) uses names "
                           f"it never binds, first on these lines of its blocks: {missing}")


def test_the_book_has_chains_to_check():
    assert len(CHAINS) > 100


def test_a_name_left_by_an_earlier_chain_is_unbound():
    assert unbound("print(model(x))\n") == {"model": 1, "x": 1}


def test_a_name_read_before_it_is_bound_is_unbound():
    assert unbound("import torch\nprint(x)\nx = torch.ones(1)\n") == {"x": 2}
    assert unbound("total += 1\n") == {"total": 1}
    assert unbound("y = y + 1\n") == {"y": 1}


def test_imports_assignments_loops_with_and_except_bind():
    code = ("import torch.nn as nn\nfrom math import pi\nimport os.path\n"
            "a, (b, c) = 1, (2, 3)\nfor i in range(3):\n    pass\n"
            "with open(os.devnull) as f:\n    pass\n"
            "try:\n    pass\nexcept ValueError as e:\n    print(e)\n"
            "print(nn, pi, os, a, b, c, i, f)\n")
    assert unbound(code) == {}


def test_builtins_and_the_module_names_are_bound_but_file_is_not():
    assert unbound("print(len(__name__), __doc__)\n") == {}
    assert unbound("print(__file__)\n") == {"__file__": 1}  # a notebook has none


def test_comprehension_targets_are_local_and_walrus_binds():
    assert unbound("xs = [i * j for i in range(3) for j in range(i)]\n") == {}
    assert unbound("print([i for i in range(3)], i)\n") == {"i": 1}
    assert unbound("if (n := 3) > 2:\n    print(n)\n") == {}
    assert unbound("d = {k: v for k, v in items}\n") == {"items": 1}


def test_function_bodies_may_read_names_bound_later_in_the_chain():
    assert unbound("def f():\n    return y\ny = 2\nprint(f())\n") == {}
    assert unbound("def f():\n    return z\n") == {"z": 0}
    assert unbound("g = lambda: w\n") == {"w": 0}
    assert unbound("def f(a, b=1):\n    c = a + b\n    return c\n") == {}


def test_defaults_decorators_and_annotations_are_read_at_definition():
    assert unbound("def f(x=default):\n    return x\n") == {"default": 1}
    assert unbound("@cache\ndef f():\n    pass\n") == {"cache": 1}
    assert unbound("def f(x: torch.Tensor) -> None:\n    pass\n") == {"torch": 1}


def test_class_bodies_run_now_and_their_methods_later():
    assert unbound("class A(Base):\n    pass\n") == {"Base": 1}
    code = "import torch\nclass A:\n    k = 2\n    def f(self):\n        return torch.ones(self.k)\n"
    assert unbound(code) == {}


def test_subscripted_and_attribute_targets_read_their_object():
    assert unbound("w[0] = 1\n") == {"w": 1}
    assert unbound("m.weight = 1\n") == {"m": 1}
