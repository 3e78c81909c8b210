import random

import numpy as np
import pytest
import torch

from dlbook import seed_everything

pytestmark = pytest.mark.lesson


def _draw():
    return random.random(), float(np.random.rand()), torch.rand(3).tolist()


def test_same_seed_same_numbers():
    seed_everything(42)
    a = _draw()
    seed_everything(42)
    assert _draw() == a
    seed_everything(43)
    assert _draw() != a


@pytest.mark.parametrize("bad, error", [(1.5, TypeError), ("0", TypeError), (True, TypeError), (-1, ValueError)])
def test_bad_seed(bad, error):
    with pytest.raises(error, match="seed"):
        seed_everything(bad)
