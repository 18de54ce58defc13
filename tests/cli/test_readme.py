"""Every `neuroglass ...` command the README shows runs, with fewer epochs.

The commands are read from README.md itself (and from the examples that
``neuroglass --help`` prints): lines of its code blocks that start
with ``neuroglass`` (backslash continuations joined, ``# comments`` dropped) and
inline code spans such as `neuroglass report RUN -o report.html`.  Placeholders
(``runs/run-....ngrun``, ``RUN``, ``model.npz``, ``data.csv``) become files this
test makes first.  Most commands run in-process through ``cli.main``; the two
servers (``playground``, ``dashboard``) run as real processes with
``--no-browser`` on a free port and are stopped once they answer HTTP.
"""

import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.cli import EPILOG, main

README = Path(__file__).resolve().parents[2] / "README.md"
MAX_EPOCHS = 3
SERVERS = ("playground", "dashboard")


def readme_commands(text: str) -> list[str]:
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    commands = _block_commands(blocks)
    # `neuroglass SUBCOMMAND ...`, not prose such as `neuroglass train: error: ...`
    # (a span with an elided middle, `neuroglass train ... --record DIR`, is a
    # reference to a command shown in full elsewhere)
    for span in re.findall(r"`(neuroglass -{0,2}[a-z]+(?: [^`]*)?)`", text):
        if " ... " in f"{span} " or span.endswith(" ..."):
            continue
        if span not in commands:
            commands.append(span)
    return commands


def _block_commands(blocks) -> list[str]:
    commands = []
    for block in blocks:
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            if line.startswith("neuroglass ") or line == "neuroglass":
                command = line
                while command.split("#")[0].rstrip().endswith("\\") and i + 1 < len(
                    lines
                ):
                    command = command.split("#")[0].rstrip()[:-1] + " "
                    i += 1
                    command += lines[i].strip()
                command = " ".join(command.split(" #")[0].split())
                if command not in commands:
                    commands.append(command)
            i += 1
    return commands


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))
# `neuroglass --help` shows examples too: they must run as well
COMMANDS += [c for c in _block_commands([EPILOG]) if c not in COMMANDS]


def test_the_readme_shows_the_commands_we_expect():
    assert len(COMMANDS) >= 12, COMMANDS
    joined = "\n".join(COMMANDS)
    for needle in ("train --dataset digits", "--csv data.csv", "runs show", "report"):
        assert needle in joined


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder with what the README's placeholders name."""
    root = tmp_path_factory.mktemp("readme")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    rows = ["a,b,c,label"] + [f"{a},{b},{c},{int(a > 0)}" for a, b, c in X]
    (root / "data.csv").write_text("\n".join(rows) + "\n")
    X, y = ng.datasets.spiral(n=60, seed=0)
    net = ng.mlp([2, 8, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    (root / "runs").mkdir()
    run = root / "runs" / "run-20261128-120000.ngrun"
    net.fit(
        X,
        y,
        epochs=3,
        batch_size=10,
        validation_split=0.5,
        callbacks=[ng.Recorder(run, dataset={"source": "spiral"})],
    )
    net.save(root / "model.npz")
    return root, run


def _argv(command: str, run: Path) -> list[str]:
    argv = shlex.split(command)[1:]
    out = []
    for i, arg in enumerate(argv):
        if arg == "RUN" or re.fullmatch(r"runs/run-[^ ]*\.ngrun", arg):
            arg = str(run)
        if i and argv[i - 1] == "--epochs":
            arg = str(min(int(arg), MAX_EPOCHS))
        out.append(arg)
    if out and out[0] in ("train", "demo"):
        if "--epochs" not in out:
            out += ["--epochs", str(MAX_EPOCHS)]
        out.append("--quiet")
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_until_it_answers(argv, cwd):
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "neuroglass",
            *argv,
            "--no-browser",
            "--port",
            str(port),
        ],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                url = f"http://127.0.0.1:{port}/"
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200
                    assert "<html" in response.read().decode().lower()
                return
            except OSError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.time() < deadline, "the server did not answer"
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_every_readme_command_runs(command, workspace, monkeypatch, capsys):
    root, run = workspace
    monkeypatch.chdir(root)
    argv = _argv(command, run)
    if argv and argv[0] in SERVERS:
        _serve_until_it_answers(argv, root)
        return
    code = main(argv)
    _, err = capsys.readouterr()
    assert code == 0, f"{command!r} -> {argv}: {err}"
    assert "error" not in err.lower(), err
