"""The checked argument types every command shares."""

import argparse

import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.cli.args import check_params, integer, number


def test_bad_layers_argument(capsys):
    assert main(["train", "--layers", "8,x"]) == 2
    assert "hidden layer widths separated by commas" in capsys.readouterr().err


def test_the_parameter_count_is_the_networks():
    sizes = [3, 5, 2]
    assert ng.mlp(sizes, seed=0).n_params == 32  # (3 + 1) * 5 + (5 + 1) * 2
    check_params(sizes)  # far below the cap
    with pytest.raises(ValueError, match=r"would have 20,100,001 parameters"):
        check_params([1, 6_700_000, 1])  # (1 + 1) * 6,700,000 + 6,700,000 + 1


@pytest.mark.parametrize(
    ("text", "value"),
    [("50", 50), ("1e3", 1000), ("1_000", 1000), (" 7 ", 7), ("4.0", 4)],
)
def test_integer_takes_whole_numbers_as_typed(text, value):
    parsed = integer("--n", 4, 10_000)(text)
    assert parsed == value and type(parsed) is int


@pytest.mark.parametrize(
    "text", ["3", "10001", "4.5", "x", "", "nan", "inf", "1" + "0" * 400, "1e400"]
)
def test_integer_refusals_show_the_text_and_the_range(text):
    with pytest.raises(argparse.ArgumentTypeError) as info:
        integer("--n", 4, 10_000, hint=" Try --n 200.")(text)
    assert str(info.value) == (
        f"must be a whole number from 4 to 10,000; got {text!r}. Try --n 200."
    )


def test_number_checks_each_end_open_or_closed():
    fraction = number("--test-fraction", 0, 1, low_open=True, high_open=True)
    assert fraction("0.25") == 0.25 and type(fraction("1e-3")) is float
    for text in ("0", "1", "-0.5", "nan", "-inf", "1e999", "0x1", "", "true"):
        with pytest.raises(argparse.ArgumentTypeError) as info:
            fraction(text)
        assert str(info.value) == (
            f"must be a finite number > 0 and < 1; got {text!r}."
        )
    assert number("--lr", 0)("1e300") == 1e300  # no upper end
    with pytest.raises(argparse.ArgumentTypeError, match=r">= 0 and <= 1e\+06"):
        number("--lr", 0, 1e6)("2e6")
