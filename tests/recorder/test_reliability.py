"""kill -9 at a random moment, and readers while a run is written."""

import signal
import textwrap
import time

import numpy as np
import pytest

import neuroglass as ng

TRAINER = textwrap.dedent(
    """
    import sys
    import numpy as np
    import neuroglass as ng

    path, epochs = sys.argv[1], int(sys.argv[2])
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2000, 20))
    y = (X[:, :3].sum(axis=1) > 0).astype(int)
    net = ng.mlp([20, 64, 64, 1], activation="tanh", output="sigmoid", loss="bce",
                 seed=0)
    print("ready", flush=True)
    net.fit(X, y, epochs=epochs, batch_size=16, lr=0.05,
            callbacks=[ng.Recorder(path, snapshot_every=1)])
    print("done", flush=True)
    """
)


def start_trainer(start_script, tmp_path, epochs):
    path = tmp_path / "live.ngrun"
    proc = start_script(TRAINER, path, epochs)
    assert proc.stdout.readline().strip() == "ready"
    return proc, path


def wait_for_epochs(path, n, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            try:
                with ng.open_run(path) as run:
                    if len(run.epochs) >= n:
                        return
            except ng.RunFileError:
                pass  # the file is being created
        time.sleep(0.05)
    raise AssertionError(f"the trainer did not reach {n} epochs in {timeout} s")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kill_9_keeps_every_completed_epoch(tmp_path, start_script, seed):
    proc, path = start_trainer(start_script, tmp_path, epochs=500)
    try:
        wait_for_epochs(path, 2)
        time.sleep(np.random.default_rng(seed).uniform(0.0, 0.6))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    with ng.open_run(path) as run:
        assert run.status == "interrupted"
        epochs = run.epochs.tolist()
        assert epochs == list(range(len(epochs))) and len(epochs) >= 2
        # every completed epoch has its metrics and its snapshot
        assert run.snapshot_epochs.tolist() == epochs
        m = run.metrics(format="dict")
        assert np.all(np.isfinite(m["loss"]))
        last = run.snapshot()
        assert last.epoch == epochs[-1] and last.layers[0].weights.shape == (20, 64)
        # the step losses reach into the last completed epoch at least
        assert run.steps["epoch"].max() >= epochs[-1]
        net = run.network()
        assert net.epochs_trained == len(epochs)


def test_reader_sees_whole_snapshots_while_training_writes(tmp_path, start_script):
    proc, path = start_trainer(start_script, tmp_path, epochs=40)
    seen = set()
    try:
        wait_for_epochs(path, 1)
        while proc.poll() is None:
            with ng.open_run(path) as run:
                status = run.status
                snap = run.snapshot()
                vector = snap.params
                # the arrays of one snapshot belong together: the stored norms
                # were computed from the same parameters
                for layer in snap.layers:
                    assert layer.norms["weights"] == pytest.approx(
                        np.linalg.norm(layer.weights), rel=1e-9
                    )
                assert vector.size == 20 * 64 + 64 + 64 * 64 + 64 + 64 + 1
                seen.add(snap.epoch)
                assert status in ("running", "finished")
    finally:
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert len(seen) >= 3  # the reader really watched it grow
    with ng.open_run(path) as run:
        assert run.status == "finished" and len(run.epochs) == 40
