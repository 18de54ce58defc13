"""One writer per run file, exact file names, a Recorder used for several fits,
its settings checked at construction, and a run's own values passed back."""

import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.recorder import RecorderError, RunFileError
from neuroglass.recorder.store import RunWriter


@pytest.fixture(scope="module")
def data():
    return ng.datasets.circle(n=100, seed=0)


def small_net(width=3, seed=0):
    return ng.mlp([2, width, 1], output="sigmoid", loss="bce", seed=seed)


def record(path, data, epochs=2, width=3, **settings):
    net = small_net(width)
    net.fit(
        *data, epochs=epochs, batch_size=10, callbacks=[ng.Recorder(path, **settings)]
    )
    return net


# -- one writer -------------------------------------------------------------------
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


@pytest.mark.slow
@pytest.mark.parametrize("overwrite", [False, True])
def test_two_processes_one_path_one_run(tmp_path, overwrite):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    path = tmp_path / "same.ngrun"
    env = dict(os.environ)
    src = os.path.join(os.path.dirname(__file__), "..", "..", "src")
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


def test_a_second_writer_in_this_process_is_refused(tmp_path, data):
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


def test_two_recorders_started_together_in_one_process(tmp_path, data):
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


def test_a_stale_wal_of_a_deleted_run_is_not_replayed(tmp_path, data):
    path = tmp_path / "again.ngrun"
    record(path, data, width=5)
    (tmp_path / "again.ngrun-wal").write_bytes(b"left over " * 100)
    path.unlink()
    record(path, data, width=3)
    with ng.open_run(path) as run:
        assert run.network().layers[0].n_out == 3


def test_a_killed_writer_leaves_no_lock(tmp_path, data):
    path = tmp_path / "killed.ngrun"
    record(path, data)
    code = (
        "import sys, os; from neuroglass.recorder.store import RunWriter; "
        "RunWriter(sys.argv[1], mode='append'); os._exit(0)"
    )
    env = dict(os.environ)
    src = os.path.join(os.path.dirname(__file__), "..", "..", "src")
    env["PYTHONPATH"] = os.path.abspath(src) + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, env=env)
    small_net().fit(*data, epochs=1, resume=ng.Resume(path))


# -- exact file names ---------------------------------------------------------------
NAMES = [
    "a%41.ngrun",
    "pct%20x.ngrun",
    "q?mode=rw.ngrun",
    "hash#frag.ngrun",
    "sp ace.ngrun",
    "ünïcødé 名前.ngrun",
    "-leading-dash.ngrun",
    "file:prefixed.ngrun",
    "file:///abs.ngrun",
    "semi;colon&amp=1.ngrun",
    "x" * 240 + ".ngrun",
]


@pytest.mark.parametrize("name", NAMES)
def test_any_legal_file_name_opens_exactly_that_file(tmp_path, data, name, monkeypatch):
    if "/" in name:
        (tmp_path / "file:").mkdir()
        (tmp_path / "file:" / "").mkdir(exist_ok=True)
    monkeypatch.chdir(tmp_path)  # relative names too ("file:x" is no URI here)
    record(name, data, epochs=2)
    assert os.path.isfile(tmp_path / name)
    for path in (name, tmp_path / name):
        with ng.open_run(path) as run:
            assert len(run.epochs) == 2 and run.status == "finished"
    small_net().fit(*data, epochs=1, resume=ng.Resume(name))
    with ng.open_run(name) as run:
        assert len(run.epochs) == 3


def test_a_name_that_decodes_to_another_file_opens_its_own(tmp_path, data):
    record(tmp_path / "aA.ngrun", data, epochs=1)
    record(tmp_path / "a%41.ngrun", data, epochs=3)
    with ng.open_run(tmp_path / "a%41.ngrun") as run:
        assert len(run.epochs) == 3
    with pytest.raises(RunFileError, match="no run file"):
        ng.open_run(tmp_path / "b%41.ngrun")


def test_a_finished_run_is_one_file_that_reading_leaves_alone(tmp_path, data):
    # a run is shared as one file: no -wal/-shm left by its writer, nor by a
    # (read-only) reader, and continuing it works as before
    path = tmp_path / "run.ngrun"
    net = record(path, data, epochs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.ngrun"]
    with ng.open_run(path) as run:
        assert len(run.epochs) == 2
    assert main(["runs", "show", str(path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.ngrun"]
    net.fit(*data, epochs=1, batch_size=10, resume=ng.Resume(path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.ngrun"]
    with ng.open_run(path) as run:
        assert len(run.epochs) == 3


# -- one Recorder, several fits ----------------------------------------------------
def test_a_folder_recorder_reused_for_two_architectures_makes_two_runs(tmp_path, data):
    recorder = ng.Recorder(tmp_path, snapshot_every=1)
    small_net(3).fit(*data, epochs=3, batch_size=10, callbacks=[recorder])
    first = recorder.path
    small_net(6).fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    assert recorder.path != first
    with ng.open_run(first) as run:
        assert run.network().layers[0].n_out == 3 and len(run.epochs) == 3
    with ng.open_run(recorder.path) as run:
        assert run.network().layers[0].n_out == 6 and len(run.epochs) == 2
        assert run.snapshot(1).layers[0].weights.shape == (2, 6)


def test_a_file_recorder_reused_for_another_network_refuses(tmp_path, data):
    recorder = ng.Recorder(tmp_path / "one.ngrun")
    small_net(3).fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    with pytest.raises(RecorderError, match=r"one\.ngrun.*mix two runs"):
        small_net(6).fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    with pytest.raises(RecorderError, match="mix two runs"):  # same shape, anew
        small_net(3).fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    with ng.open_run(tmp_path / "one.ngrun") as run:
        assert run.network().layers[0].n_out == 3 and len(run.epochs) == 2


def test_a_recorder_reused_to_continue_the_same_network_appends(tmp_path, data):
    recorder = ng.Recorder(tmp_path / "more.ngrun", snapshot_every=1)
    net = small_net()
    net.fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    net.fit(*data, epochs=3, batch_size=10, callbacks=[recorder])
    with ng.open_run(tmp_path / "more.ngrun") as run:
        assert list(run.epochs) == [0, 1, 2, 3, 4]
        np.testing.assert_array_equal(
            run.network().parameters_vector(), net.parameters_vector()
        )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("flush_seconds", "x"),
        ("flush_seconds", -1),
        ("flush_seconds", math.nan),
        ("flush_seconds", math.inf),
        ("flush_seconds", True),
        ("flush_seconds", None),
        ("every", 0),
        ("every", 1.5),
        ("every", "2"),
        ("every", True),
        ("histogram_bins", -3),
        ("full_arrays_limit", 2.0),
        ("probe_size", None),
        ("snapshot_every", "often"),
        ("snapshot_every", 0),
        ("snapshot_every", 2.5),
        ("name", 5),
        ("dataset", 3.5),
        ("dataset", {"x": object()}),
        ("overwrite", "yes"),
        ("overwrite", None),
        ("probe", "text"),
        ("probe", [[1.0, math.nan]]),
        ("probe", np.zeros((2, 2, 2))),
        ("probe", []),
    ],
)
def test_settings_are_checked_at_construction(tmp_path, setting, value):
    with pytest.raises(ng.NeuroglassError, match=setting) as caught:
        ng.Recorder(tmp_path / "r.ngrun", **{setting: value})
    assert isinstance(caught.value, ValueError)
    if setting != "probe":
        assert repr(value)[:20] in str(caught.value)


@pytest.mark.parametrize("bad", [123, "", None])
def test_a_bad_path_is_refused_at_construction(bad):
    with pytest.raises(ng.NeuroglassError, match="path"):
        ng.Recorder(bad)


def test_numpy_settings_are_taken(tmp_path, data):
    recorder = ng.Recorder(
        tmp_path / "np.ngrun",
        every=np.int64(2),
        snapshot_every=np.uint8(1),
        histogram_bins=np.int32(10),
        probe_size=np.int16(20),
        full_arrays_limit=np.int64(10**6),
        flush_seconds=np.float32(0.25),
        overwrite=np.bool_(False),
    )
    small_net().fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    with ng.open_run(tmp_path / "np.ngrun") as run:
        assert run.config["recorder"]["every"] == 2
        assert len(run.steps["step"]) == 10  # 20 steps, every 2nd


# -- a run's own values passed back ---------------------------------------------
@pytest.mark.parametrize("kind", [np.int64, np.int32, np.uint8, np.int8, int])
def test_a_runs_own_numbers_can_be_passed_back(tmp_path, data, kind):
    path = tmp_path / "own.ngrun"
    record(path, data, epochs=5, snapshot_every=1)
    with ng.open_run(path) as run:
        epochs = run.snapshot_epochs
        assert run.snapshot(epochs[3]).epoch == 3
        assert run.snapshot(kind(2)).epoch == 2
        assert run.network(kind(3)).epochs_trained == 4
        assert run.network(run.epochs[-1]).epochs_trained == 5


def test_a_missing_snapshot_lists_what_exists(tmp_path, data):
    path = tmp_path / "gaps.ngrun"
    record(path, data, epochs=12, snapshot_every=5)
    with ng.open_run(path) as run:
        with pytest.raises(KeyError, match=r"epoch 3 .*epochs 0, 5, 10, 11") as caught:
            run.snapshot(np.int64(3))
        assert isinstance(caught.value, ng.NeuroglassError)
        assert not str(caught.value).startswith("'")  # a message, not a repr
        for bad in (2.0, "3", True, None, [1]):
            if bad is None:
                continue
            with pytest.raises(ng.NeuroglassError, match="epoch must be an integer"):
                run.snapshot(bad)
            with pytest.raises(ng.NeuroglassError, match="epoch must be an integer"):
                run.network(bad)


# -- the size shown --------------------------------------------------------------
def test_runs_show_counts_what_sits_in_the_wal(tmp_path, data, capsys):
    path = tmp_path / "live.ngrun"
    record(path, data, epochs=3, snapshot_every=1)
    writer = RunWriter(path, mode="append")  # a writer holds the WAL open
    try:
        writer.transaction(
            lambda con: con.execute(
                "INSERT INTO blobs VALUES ('extra', ?)", (b"\x00" * 3_000_000,)
            )
        )
        assert os.path.getsize(str(path) + "-wal") > 2_000_000
        capsys.readouterr()
        assert main(["runs", "show", str(path)]) == 0
        out = capsys.readouterr().out
    finally:
        writer.close()
    shown = float(out.split("(", 1)[1].split(" MB")[0])
    assert shown >= 3.0, out
