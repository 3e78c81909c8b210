"""The rule that decides whether a fresh run may stand for the printed output."""

import pytest

from dlbook.check.outputs import (
    Mismatch,
    compare,
    diff,
    last_digit_unit,
    numbers_agree,
    parse_tolerances,
    split_numbers,
)

pytestmark = pytest.mark.lesson

SHOWN = """\
epoch 1: loss 0.6931, accuracy 0.512
epoch 5: loss 0.2104, accuracy 0.881
parameters: 1888
X (64, 32), W1 moved: True
"""


def test_the_same_output_agrees():
    assert compare(SHOWN, SHOWN) == []


def test_last_digit_drift_agrees():
    drifted = SHOWN.replace("0.2104", "0.2106").replace("0.881", "0.879")
    assert compare(SHOWN, drifted) == []


def test_a_deliberately_wrong_accuracy_fails():
    wrong = SHOWN.replace("accuracy 0.881", "accuracy 0.701")
    [m] = compare(SHOWN, wrong)
    assert m.line == 2 and "0.701 is not within ±0.002 of 0.881" in m.reason


def test_three_steps_of_the_last_digit_fail():
    assert compare(SHOWN, SHOWN.replace("0.881", "0.884")) != []


def test_whole_numbers_must_be_equal():
    [m] = compare(SHOWN, SHOWN.replace("1888", "1889"))
    assert "whole numbers must be equal" in m.reason
    assert compare(SHOWN, SHOWN.replace("(64, 32)", "(64, 31)")) != []


def test_words_and_booleans_must_be_equal():
    [m] = compare(SHOWN, SHOWN.replace("True", "False"))
    assert m.reason == "the text differs"
    assert compare("loss 0.5\n", "lost 0.5\n") != []


def test_spacing_is_text():
    assert compare("a  0.5\n", "a 0.5\n") != []


def test_a_missing_or_extra_line_fails():
    assert compare(SHOWN, SHOWN + "one more line\n") != []
    assert compare(SHOWN, "") != []


def test_an_extra_number_fails():
    assert compare("loss 0.5\n", "loss 0.5 0.5\n") != []


def test_numbers_inside_names_and_versions_are_text():
    assert split_numbers("W1 b_2 torch 2.13.0 x3") == (["W1 b_2 torch 2.13.0 x3"], [])
    assert split_numbers("lr=0.05: 1.690.") == (["lr=", ": ", "."], ["0.05", "1.690"])
    assert split_numbers("gap 1.2e-07, -3") == (["gap ", ", ", ""], ["1.2e-07", "-3"])


@pytest.mark.parametrize("number, unit", [
    ("0.881", 1e-3), ("12", 1), ("2.", 1), ("1.5e-07", 1e-8), ("-4.25E+02", 1),
])
def test_the_unit_is_the_last_printed_digit(number, unit):
    assert last_digit_unit(number) == pytest.approx(unit)


def test_numbers_agree_within_units():
    assert numbers_agree("0.881", "0.883")
    assert not numbers_agree("0.881", "0.884")
    assert numbers_agree("0.881", "0.884", units=3)
    assert numbers_agree("-0.000", "0.000")
    assert numbers_agree("1.2e-07", "1.4e-07") and not numbers_agree("1.2e-07", "1.5e-07")


def test_a_snippet_can_widen_the_tolerance_for_some_lines():
    source = 'print(loss)  # output tolerance: ±0.05 on "validation loss"\n'
    tolerances = parse_tolerances(source)
    assert tolerances == {"validation loss": 0.05}
    shown = "validation loss 1.64\ntraining loss 1.50\n"
    assert compare(shown, "validation loss 1.68\ntraining loss 1.50\n",
                   tolerances=tolerances) == []
    # only the named lines, and only up to the amount
    assert compare(shown, "validation loss 1.64\ntraining loss 1.54\n",
                   tolerances=tolerances) != []
    assert compare(shown, "validation loss 1.70\ntraining loss 1.50\n",
                   tolerances=tolerances) != []


def test_mismatch_says_both_lines():
    text = str(Mismatch(3, "a 1", "a 2", "2 is not 1"))
    assert "line 3" in text and "'a 1'" in text and "'a 2'" in text


def test_diff_marks_the_changed_line():
    d = diff("a\nb\n", "a\nc\n", shown="x.out", printed="now")
    assert "--- x.out" in d and "-b" in d and "+c" in d
