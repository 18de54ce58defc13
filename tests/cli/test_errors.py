"""Every subcommand and option given hostile values: one error line, never a traceback.

Each case runs ``neuroglass.cli.main`` in-process in a folder holding a real model,
a real run and a gallery of broken files.  The server never starts (``serve`` is
replaced), so a case that slipped through fails instead of hanging.
"""

import os
import socket
import subprocess
import sys
import tempfile

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.cli import main

# files made by the `workspace` fixture
MISSING = "missing.npz"
FOLDER = "folder"
EMPTY = "empty.bin"
GARBAGE = "garbage.bin"
DEEP = "deep.npz"
TEXT_CSV = "text.csv"
ONE_COLUMN = "one.csv"
NAN_CSV = "nan.csv"
CONSTANT_CSV = "constant.csv"
MODEL = "model.npz"
RUN = "run.ngrun"
RUN_AS_NPZ = "run-copy.npz"
GOOD_CSV = "good.csv"

PATHS_BAD = [MISSING, FOLDER, EMPTY, GARBAGE]
INTS_BAD = ["-1", "abc", "nan", "inf", "1e400", "2.5", "99999999999999999999"]
FLOATS_BAD = ["-1", "abc", "nan", "inf", "-inf", "1e400"]


def _cases():
    cases = []

    def add(*argv):
        cases.append(list(argv))

    # train: data
    for path in [*PATHS_BAD, TEXT_CSV, ONE_COLUMN, NAN_CSV, CONSTANT_CSV, MODEL]:
        add("train", "--csv", path)
    for target in ["nope", "9", "-9", "1e3", ""]:
        add("train", "--csv", GOOD_CSV, "--target", target)
    add("train", "--target", "label")  # not a CSV
    add("train", "--csv", GOOD_CSV, "--noise", "0.1")  # not generated
    add("train", "--csv", GOOD_CSV, "--task", "classify", "--target", "x")  # floats
    for name in ["nope", "", "DIGITS!"]:
        add("train", "--dataset", name)
    add("train", "--task", "nope")
    for value in [*INTS_BAD, "0", "1", "3", "2000000"]:
        add("train", "--n", value)
    for value in [*FLOATS_BAD, "5", "0.51"]:
        add("train", "--noise", value)
    for name in ["digits", "iris"]:
        add("train", "--dataset", name, "--n", "100")
        add("train", "--dataset", name, "--noise", "0.1")
        add("train", "--dataset", name, "--features", "x1")
    for value in ["nope", "x1,,x2", "", ","]:
        add("train", "--features", value)
    for value in [*FLOATS_BAD, "0", "1", "1.5"]:
        add("train", "--test-fraction", value)
    # train: model
    for value in [
        "99999999999",
        "-3",
        "8,x",
        "0,4",
        "4,,4",
        "1e400",
        "nan",
        "50000,50000",
    ]:
        add("train", "--layers", value)
    for option in ["--activation", "--output", "--loss", "--init", "--optimizer"]:
        add("train", option, "nope")
    add("train", "--dtype", "float16")
    add("train", "--loss", "cross_entropy", "--dataset", "plane")
    # train: training
    for option in ["--lr", "--l1", "--l2"]:
        for value in FLOATS_BAD:
            add("train", option, value)
    for option in ["--epochs", "--batch-size", "--seed"]:
        for value in INTS_BAD:
            add("train", option, value)
    add("train", "--epochs", "0")
    add("train", "--batch-size", "0")
    for target in [FOLDER, "nofolder/m.npz"]:
        add("train", "--save", target)
    for target in [MODEL, GOOD_CSV, "folder.ngrun", GARBAGE]:
        add("train", "--record", target)
    add("train", "--record", os.path.join(GOOD_CSV, "sub"))
    add("train", "--nope")

    # demo
    for value in [*INTS_BAD, "0"]:
        add("demo", "--epochs", value)
    for value in INTS_BAD:
        add("demo", "--seed", value)

    # info, runs
    for path in [*PATHS_BAD, DEEP, RUN, GOOD_CSV]:
        add("info", path)
    for path in [*PATHS_BAD, MODEL, DEEP]:
        add("runs", "show", path)
    for path in [MISSING, GARBAGE, MODEL]:
        add("runs", "ls", path)
    add("runs", "nope")

    # plot
    for path in [*PATHS_BAD, DEEP, GOOD_CSV]:
        add("plot", "network", path, "-o", "out.png")
    for path in ["missing.ngrun", "folder.ngrun", "empty.ngrun", GARBAGE + ".ngrun"]:
        add("plot", "history", path, "-o", "h.png")
    add("plot", "history", MODEL, "-o", "h.png")
    add("plot", "history", RUN_AS_NPZ, "-o", "h.png")
    add("plot", "nope", MODEL, "-o", "out.png")
    for out in ["out.gif", "nofolder/out.png", "dir.png", "out"]:
        add("plot", "network", MODEL, "-o", out)
    add("plot", "network", MODEL)  # no -o
    for value in [*INTS_BAD, "99999"]:
        add("plot", "network", RUN, "-o", "out.png", "--epoch", value)
    add("plot", "network", MODEL, "-o", "out.png", "--epoch", "0")  # a model
    for value in [*INTS_BAD, "99", "3"]:
        add("plot", "distributions", RUN, "-o", "out.png", "--layer", value)
    for value in [*INTS_BAD, "0", "5", "100000"]:
        add("plot", "network", MODEL, "-o", "out.png", "--dpi", value)
    add("plot", "dashboard", RUN, "-o", "out.png", "--dpi", "1200")  # too many pixels
    add("plot", "network", MODEL, "-o", "out.png", "--mode", "nope")
    for kind in ["boundary", "landscape"]:
        add("plot", kind, MODEL, "-o", "out.png")  # needs data
        for name in ["nope", "digits", "iris"]:
            add("plot", kind, MODEL, "-o", "out.png", "--dataset", name)
        for value in [*FLOATS_BAD, "5"]:
            add(
                "plot",
                kind,
                MODEL,
                "-o",
                "out.png",
                "--dataset",
                "circle",
                "--noise",
                value,
            )
        for value in INTS_BAD:
            add(
                "plot",
                kind,
                MODEL,
                "-o",
                "out.png",
                "--dataset",
                "circle",
                "--seed",
                value,
            )

    # report
    for path in [*PATHS_BAD, MODEL, GARBAGE + ".ngrun"]:
        add("report", path, "-o", "r.html")
    for out in ["nofolder/r.html", FOLDER]:
        add("report", RUN, "-o", out)
    for name in ["nope", "digits", "iris"]:
        add("report", RUN, "-o", "r.html", "--dataset", name)
    for value in [*FLOATS_BAD, "5"]:
        add("report", RUN, "-o", "r.html", "--noise", value)
    for value in INTS_BAD:
        add("report", RUN, "-o", "r.html", "--seed", value)

    # playground, dashboard
    for command in (["playground"], ["dashboard", RUN]):
        for value in [*INTS_BAD, "0", "65536", "99999"]:
            add(*command, "--no-browser", "--port", value)
        add(*command, "--no-browser", "--host", "0.0.0.0")  # needs --allow-remote
        add(*command, "--no-browser", "--host", "no such host!", "--allow-remote")
    for path in [*PATHS_BAD, MODEL, GOOD_CSV]:
        add("dashboard", path, "--no-browser")
    add("playground", "--no-browser", "--runs", GOOD_CSV)
    add("nope")
    return cases


def _write_workspace(root):
    os.makedirs(root / FOLDER)
    os.makedirs(root / "dir.png")
    os.makedirs(root / "folder.ngrun")
    (root / EMPTY).write_bytes(b"")
    (root / "empty.ngrun").write_bytes(b"")
    (root / GARBAGE).write_bytes(bytes(range(256)) * 8)
    (root / (GARBAGE + ".ngrun")).write_bytes(b"SQLite format 3\x00" + b"\xff" * 600)
    np.savez(root / DEEP, config=np.array("[" * 100_000 + "]" * 100_000))
    (root / TEXT_CSV).write_text("a,b,label\nx,y,z\nu,v,w\np,q,r\nm,n,o\n")
    (root / ONE_COLUMN).write_text("label\n1\n0\n1\n0\n")
    (root / NAN_CSV).write_text("a,label\n1,0\nnan,1\n2,0\n3,1\n")
    (root / CONSTANT_CSV).write_text(
        "a,label\n" + "".join(f"{i},7\n" for i in range(20))
    )
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    rows = ["x,y,label"] + [f"{a},{b},{int(a > 0)}" for a, b in X]
    (root / GOOD_CSV).write_text("\n".join(rows) + "\n")
    net = ng.mlp([2, 3, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    X, y = ng.datasets.circle(n=40, seed=0)
    net.fit(
        X,
        y,
        epochs=3,
        batch_size=10,
        validation_split=0.5,
        callbacks=[ng.Recorder(root / RUN, dataset={"source": "circle"})],
    )
    net.save(root / MODEL)
    (root / RUN_AS_NPZ).write_bytes((root / RUN).read_bytes())


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    _write_workspace(root)
    return root


@pytest.fixture
def no_server(monkeypatch):
    import neuroglass.playground as playground

    def refuse(*args, **kwargs):
        raise AssertionError("a hostile value reached serve()")

    monkeypatch.setattr(playground, "serve", refuse)


def _one_error_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("neuroglass") and ": error: " in lines[0], err
    return lines[0]


@pytest.mark.parametrize("argv", _cases(), ids=lambda argv: " ".join(argv)[:80])
def test_hostile_values_give_one_error_line(
    argv, workspace, no_server, monkeypatch, capsys
):
    monkeypatch.chdir(workspace)
    if argv[0] == "train":
        argv = (
            [*argv, "--quiet", "--epochs", "1"]
            if "--epochs" not in argv
            else [
                *argv,
                "--quiet",
            ]
        )
    before = set(os.listdir(workspace))
    code = main(argv)
    out, err = capsys.readouterr()
    assert code != 0, (out, err)
    _one_error_line(err)
    # nothing written or left behind (SQLite's own -wal/-shm beside a run aside)
    after = {f for f in os.listdir(workspace) if not f.endswith(("-wal", "-shm"))}
    assert after == {f for f in before if not f.endswith(("-wal", "-shm"))}


def test_the_playground_does_not_start_on_a_busy_port(
    workspace, no_server, monkeypatch, capsys
):
    monkeypatch.chdir(workspace)
    before = set(os.listdir(tempfile.gettempdir()))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        assert main(["playground", "--no-browser", "--port", port]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert f"port {port}" in line and "--port" in line
    assert set(os.listdir(tempfile.gettempdir())) <= before  # no empty temp folder


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["train", "--help"],
        ["runs", "ls", "."],
        ["info", MODEL],
    ],
)
def test_a_closed_pipe_ends_quietly(argv, workspace):
    """`neuroglass ... | head`: the reader leaves; no BrokenPipeError traceback."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-m", "neuroglass", *argv],
        cwd=workspace,
        stdout=write_end,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    os.close(read_end)  # the reader is gone before the command writes a byte
    _, err = proc.communicate(timeout=60)
    err = err.decode()
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert err == ""
    # argparse itself swallows a failed write of --help (status 0); our own
    # output ends with status 1, as the Python docs advise
    assert proc.returncode == (0 if "--help" in argv else 1)
