"""`neuroglass demo`: the spiral network's summary, test metrics and text map."""

from neuroglass.cli import main


def test_demo_prints_metrics_and_the_decision_regions(capsys):
    assert main(["demo", "--epochs", "2", "--seed", "1", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "2 -> 16 -> 16 -> 1" in out and "test loss" in out
    assert "(2 epochs in" in out
    map_lines = [line for line in out.splitlines() if line.startswith("  |")]
    assert len(map_lines) == 22 and all(len(line) == 56 + 4 for line in map_lines)
    assert out.rstrip().endswith("next: neuroglass train --help")


def test_demo_shows_a_progress_bar_unless_quiet(capsys):
    assert main(["demo", "--epochs", "1"]) == 0
    captured = capsys.readouterr()
    assert "training: 100%|" in captured.err and "25/25" in captured.err
    assert "100%|" not in captured.out
