"""The neuroglass command, called in-process and as a real subprocess."""

import subprocess
import sys

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.cli import main


def test_help_reads_well(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for word in ("demo", "train", "info", "examples:"):
        assert word in out


def test_train_help_lists_options(capsys):
    assert main(["train", "--help"]) == 0
    out = capsys.readouterr().out
    for option in (
        "--dataset",
        "--layers",
        "--activation",
        "--lr",
        "--epochs",
        "--batch-size",
        "--seed",
        "--save",
        "spiral",
    ):
        assert option in out


def test_train_saves_a_model_that_loads(tmp_path, capsys):
    path = tmp_path / "model.npz"
    code = main(
        [
            "train",
            "--dataset",
            "circle",
            "--layers",
            "4,2",
            "--epochs",
            "200",
            "--lr",
            "0.03",
            "--batch-size",
            "10",
            "--seed",
            "0",
            "--save",
            str(path),
            "--quiet",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "test accuracy" in out and "epochs in" in out
    accuracy = float(out.split("test accuracy ")[1].split("%")[0])
    assert accuracy >= 95
    net = ng.load(path)
    assert net.sizes == [2, 4, 2, 1] and net.epochs_trained == 200
    assert main(["info", str(path)]) == 0
    assert "2 -> 4 -> 2 -> 1" in capsys.readouterr().out


def test_train_regression_multiclass_and_features(capsys):
    assert (
        main(
            ["train", "--dataset", "plane", "--layers", "4", "--epochs", "5", "--quiet"]
        )
        == 0
    )
    assert "R^2" in capsys.readouterr().out
    assert (
        main(
            [
                "train",
                "--dataset",
                "spirals",
                "--layers",
                "8",
                "--epochs",
                "3",
                "--quiet",
            ]
        )
        == 0
    )
    assert "cross_entropy" in capsys.readouterr().out
    assert (
        main(
            [
                "train",
                "--dataset",
                "circle",
                "--features",
                "x1^2,x2^2",
                "--layers",
                "none",
                "--epochs",
                "3",
                "--quiet",
            ]
        )
        == 0
    )
    assert "Network 2 -> 1" in capsys.readouterr().out


def test_train_on_csv(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = (X[:, 0] > 0).astype(int)
    path = tmp_path / "data.csv"
    rows = ["a,b,c,label"] + [f"{a},{b},{c},{t}" for (a, b, c), t in zip(X, y)]
    path.write_text("\n".join(rows) + "\n")
    assert (
        main(
            [
                "train",
                "--csv",
                str(path),
                "--target",
                "label",
                "--layers",
                "4",
                "--epochs",
                "20",
                "--quiet",
            ]
        )
        == 0
    )
    assert "CSV" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--lr", "-1", "--quiet"], "--lr: must be a finite number >= 0"),
        (["train", "--epochs", "0", "--quiet"], "--epochs: must be a whole number"),
        (["train", "--activation", "relu7", "--quiet"], "Unknown activation 'relu7'"),
        (["info", "missing.npz"], "no model file"),
    ],
)
def test_errors_are_one_clear_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_layers_argument(capsys):
    assert main(["train", "--layers", "8,x"]) == 2
    assert "hidden layer widths separated by commas" in capsys.readouterr().err


def test_python_dash_m_runs_the_demo():
    result = subprocess.run(
        [sys.executable, "-m", "neuroglass", "demo", "--epochs", "40", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test accuracy" in result.stdout
    assert "decision regions" in result.stdout and "+" in result.stdout


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


def test_plot_figures_from_a_model_and_a_run(tmp_path, capsys):
    model = tmp_path / "m.npz"
    runs = tmp_path / "runs"
    assert (
        main(
            [
                "train",
                "--dataset",
                "circle",
                "--epochs",
                "5",
                "--save",
                str(model),
                "--record",
                str(runs),
                "--quiet",
            ]
        )
        == 0
    )
    run = next(runs.glob("*.ngrun"))
    for kind, source, out in [
        ("network", model, "net.png"),
        ("boundary", run, "boundary.svg"),  # the run knows its dataset
        ("neurons", model, "neurons.png"),
        ("history", run, "history.pdf"),
        ("landscape", model, "landscape.png"),
    ]:
        extra = ["--dataset", "circle"] if kind == "landscape" else []
        assert main(["plot", kind, str(source), "-o", str(tmp_path / out), *extra]) == 0
        assert (tmp_path / out).stat().st_size > 1000
    png = (tmp_path / "net.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "boundary.svg").read_text().lstrip().startswith("<?xml")


def test_plot_errors(tmp_path, capsys):
    model = tmp_path / "m.npz"
    assert main(["train", "--epochs", "1", "--save", str(model), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["plot", "history", str(model), "-o", str(tmp_path / "h.png")]) == 2
    assert "draws a recorded run" in capsys.readouterr().err
    assert main(["plot", "boundary", str(model), "-o", str(tmp_path / "b.png")]) == 2
    assert "needs data: pass --dataset" in capsys.readouterr().err
    assert main(["plot", "network", str(model), "-o", str(tmp_path / "n.gif")]) == 2
    assert ".png, .svg or .pdf" in capsys.readouterr().err


def test_playground_refuses_a_public_host_without_the_flag(capsys):
    code = main(["playground", "--host", "0.0.0.0", "--no-browser"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--allow-remote" in err and len(err.splitlines()) == 1


def test_dashboard_needs_a_run_file(tmp_path, capsys):
    code = main(["dashboard", str(tmp_path / "missing.ngrun"), "--no-browser"])
    assert code == 2
    assert "no run file" in capsys.readouterr().err


def test_playground_serves_the_page_from_the_command_line(tmp_path):
    """`neuroglass playground` as a real process: it binds 127.0.0.1 and serves."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "neuroglass", "playground", "--no-browser"),
            *("--port", str(port), "--runs", str(tmp_path)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                url = f"http://127.0.0.1:{port}/"
                with urllib.request.urlopen(url, timeout=5) as r:
                    assert r.status == 200 and "<html" in r.read().decode().lower()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.time() < deadline, "the playground did not come up"
                time.sleep(0.2)
        listening = subprocess.run(
            ["ss", "-ltn"], capture_output=True, text=True, check=False
        ).stdout
        if listening:  # ss is there: the port is on loopback only
            lines = [ln for ln in listening.splitlines() if f":{port} " in ln]
            assert lines and all("127.0.0.1:" in ln for ln in lines), lines
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out
