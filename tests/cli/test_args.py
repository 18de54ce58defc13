"""The checked argument types every command shares."""

from neuroglass.cli import main


def test_bad_layers_argument(capsys):
    assert main(["train", "--layers", "8,x"]) == 2
    assert "hidden layer widths separated by commas" in capsys.readouterr().err
