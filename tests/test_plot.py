import matplotlib.pyplot as plt
import pytest
import torch

from dlbook import plot

pytestmark = pytest.mark.lesson


def test_lines_draws_one_line_per_series():
    x = torch.linspace(0, 1, 5)
    fig = plot.lines(x, {"a": x, "b": x**2}, title="t")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["a", "b"]
    assert ax.lines[1].get_ydata().tolist() == pytest.approx((x**2).tolist())
    plt.close(fig)


def test_lines_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="has 3 values but x has 5"):
        plot.lines(range(5), {"a": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="at least one label"):
        plot.lines(range(5), {})


def test_image_grid_draws_one_axis_per_image():
    fig = plot.image_grid({"a": torch.rand(4, 64), "b": torch.rand(3, 64)})
    assert len(fig.axes) == 2 * 3
    plt.close(fig)
    with pytest.raises(ValueError, match="expected images of 64 pixels"):
        plot.image_grid({"a": torch.rand(2, 10)})
