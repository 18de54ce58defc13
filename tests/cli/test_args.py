"""The checked argument types every command shares."""

import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.cli.args import check_params


def test_bad_layers_argument(capsys):
    assert main(["train", "--layers", "8,x"]) == 2
    assert "hidden layer widths separated by commas" in capsys.readouterr().err


def test_the_parameter_count_is_the_networks():
    sizes = [3, 5, 2]
    assert ng.mlp(sizes, seed=0).n_params == 32  # (3 + 1) * 5 + (5 + 1) * 2
    check_params(sizes)  # far below the cap
    with pytest.raises(ValueError, match=r"would have 20,100,001 parameters"):
        check_params([1, 6_700_000, 1])  # (1 + 1) * 6,700,000 + 6,700,000 + 1
