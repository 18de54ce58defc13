"""One writer per run file (store/lock.py): a second writer, in this process or
another, is refused; a killed writer leaves no lock."""

import os
import subprocess
import sys
import textwrap

import pytest

import neuroglass as ng
from neuroglass.recorder import RecorderError
from neuroglass.recorder.store import RunWriter


@pytest.mark.slow
@pytest.mark.parametrize("overwrite", [False, True])
def test_two_processes_one_path_one_run(tmp_path, overwrite):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    path = tmp_path / "same.ngrun"
    env = dict(os.environ)
    src = os.path.join(os.path.dirname(__file__), "..", "..", "..", "src")
    env["PYTHONPATH"] = os.path.abspath(src) + os.pathsep + env.get("PYTHONPATH", "")
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(path), str(width), str(int(overwrite))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for width in (3, 5)
    ]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = [proc.communicate(timeout=120)[0] for proc in procs]
    recorded = [out.startswith("recorded") for out in outputs]
    assert sorted(recorded) == [False, True], outputs
    refusal = outputs[recorded.index(False)]
    assert str(path) in refusal
    assert "already exists" in refusal or "being written" in refusal
    width = (3, 5)[recorded.index(True)]
    with ng.open_run(path) as run:  # the winner's run, whole: config and weights
        assert run.config["network"]["layers"][0]["n_out"] == width
        assert run.network().layers[0].n_out == width
        assert list(run.epochs) == list(range(30))
        assert run.status == "finished"


def test_a_second_writer_in_this_process_is_refused(tmp_path, data, small_net, record):
    path = tmp_path / "busy.ngrun"
    record(path, data)
    first = RunWriter(path, mode="append")
    try:
        with pytest.raises(RecorderError, match="being written by another Recorder"):
            RunWriter(path, mode="append")
        with pytest.raises(RecorderError, match="being written"):
            record(path, data, overwrite=True)  # would delete the run under it
        with pytest.raises(RecorderError, match=r"already exists.*resume"):
            record(path, data)
        with pytest.raises(RecorderError, match="being written"):
            small_net().fit(*data, epochs=1, resume=ng.Resume(path))
    finally:
        first.close()
    record(path, data, overwrite=True)  # free again: the lock ended with it
    small_net().fit(*data, epochs=1, resume=ng.Resume(path))
    with ng.open_run(path) as run:
        assert list(run.epochs) == [0, 1, 2]


def test_two_recorders_started_together_in_one_process(
    tmp_path, data, small_net, record
):
    """A fit that starts a second fit on the same path from inside its own."""
    path = tmp_path / "nested.ngrun"
    seen = []

    class StartAnother(ng.Callback):
        def on_epoch_end(self, net, info):
            if info.epoch == 0:
                for overwrite in (False, True):
                    try:
                        record(path, data, width=5, overwrite=overwrite)
                    except RecorderError as exc:
                        seen.append(str(exc))

    net = small_net()
    net.fit(
        *data, epochs=3, batch_size=10, callbacks=[ng.Recorder(path), StartAnother()]
    )
    assert len(seen) == 2 and "already exists" in seen[0] and "being written" in seen[1]
    with ng.open_run(path) as run:
        assert run.network().layers[0].n_out == 3 and list(run.epochs) == [0, 1, 2]


def test_a_killed_writer_leaves_no_lock(tmp_path, data, small_net, record):
    path = tmp_path / "killed.ngrun"
    record(path, data)
    code = (
        "import sys, os; from neuroglass.recorder.store import RunWriter; "
        "RunWriter(sys.argv[1], mode='append'); os._exit(0)"
    )
    env = dict(os.environ)
    src = os.path.join(os.path.dirname(__file__), "..", "..", "..", "src")
    env["PYTHONPATH"] = os.path.abspath(src) + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, env=env)
    small_net().fit(*data, epochs=1, resume=ng.Resume(path))


WRITER = textwrap.dedent(
    """
    import sys
    import neuroglass as ng

    path, width, overwrite = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
    X, y = ng.datasets.circle(n=200, seed=0)
    net = ng.mlp([2, width, 1], output="sigmoid", loss="bce", seed=0)
    print("ready", flush=True)
    sys.stdin.readline()  # both start writing at the same moment
    try:
        net.fit(X, y, epochs=30, batch_size=10,
                callbacks=[ng.Recorder(path, overwrite=overwrite)])
        print("recorded")
    except ng.RecorderError as exc:
        print("refused", exc)
    """
)
