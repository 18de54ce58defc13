"""`neuroglass runs ls/show` on runs recorded by `train --record`."""

from neuroglass.cli import main


def test_train_record_then_runs_ls_and_show(tmp_path, capsys):
    runs = tmp_path / "runs"
    for lr in ("0.03", "0.3"):
        assert (
            main(
                [
                    "train",
                    "--dataset",
                    "circle",
                    "--epochs",
                    "15",
                    "--lr",
                    lr,
                    "--record",
                    str(runs),
                    "--quiet",
                ]
            )
            == 0
        )
    out = capsys.readouterr().out
    assert out.count("recorded the run to") == 2
    files = sorted(runs.glob("*.ngrun"))
    assert len(files) == 2
    assert main(["runs", "ls", str(runs)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == [
        "run",
        "dataset",
        "epochs",
        "loss",
        "accuracy",
        "status",
    ]
    rows = [line.split() for line in table[1:3]]
    assert all(
        row[1] == "circle" and row[2] == "15" and row[-1] == "finished" for row in rows
    )
    assert main(["runs", "show", str(files[0])]) == 0
    shown = capsys.readouterr().out
    for word in (
        "status    finished",
        "2 -> 4 -> 2 -> 1",
        "optimizer sgd, lr 0.",
        "diagnostics",
    ):
        assert word in shown


def test_runs_errors(tmp_path, capsys):
    assert main(["runs", "ls", str(tmp_path / "nope")]) == 2
    assert "no folder" in capsys.readouterr().err
    bad = tmp_path / "bad.ngrun"
    bad.write_text("not a run")
    assert main(["runs", "show", str(bad)]) == 2
    assert "not a neuroglass run" in capsys.readouterr().err
    assert main(["runs", "ls", str(tmp_path)]) == 0
    assert "unreadable" in capsys.readouterr().out
