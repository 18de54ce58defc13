"""The top-level parser: its help and examples."""

from neuroglass.cli import main


def test_help_reads_well(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for word in ("demo", "train", "info", "examples:"):
        assert word in out
