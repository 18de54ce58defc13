"""The torch Recorder in a two-process DistributedDataParallel run (gloo, CPU).

Each test starts two ranks of ddp_worker.py as subprocesses with torchrun's
variables and a free port. Rank 0 writes the run; its loss curve is the one a
single process records over the same global batches; rank 1 writes nothing;
and when rank 0 cannot create its file, dies or hangs, rank 1 ends with an
error within a bounded time instead of waiting forever. (Each launch costs two
interpreters importing torch, so the refused file shares the training run.)
"""

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import neuroglass as ng  # noqa: E402
from neuroglass.torch import distributed as ngd  # noqa: E402

WORKER = Path(__file__).with_name("ddp_worker.py")
START_S = 90  # two interpreters importing torch on a busy 2-core machine
spec = importlib.util.spec_from_file_location("ddp_worker", WORKER)
worker = importlib.util.module_from_spec(spec)
spec.loader.exec_module(worker)
# rank 1's end after rank 0's last step: the group's timeout plus slack for a
# busy machine, far below the 600 s rank 0 sleeps when it hangs
BOUND_S = worker.TIMEOUT_S + 20


def launch(scenario, run_path, status_dir, world_size=2):
    """Start the ranks; return their Popen objects, rank 0 first."""
    port = ngd.free_port()
    procs = []
    for rank in range(world_size):
        env = {
            **os.environ,
            "RANK": str(rank),
            "LOCAL_RANK": str(rank),
            "WORLD_SIZE": str(world_size),
            "LOCAL_WORLD_SIZE": str(world_size),
            "MASTER_ADDR": "127.0.0.1",
            "MASTER_PORT": str(port),
            "OMP_NUM_THREADS": "1",
        }
        procs.append(
            subprocess.Popen(
                [sys.executable, str(WORKER), scenario, str(run_path), str(status_dir)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
    return procs


def finish(proc, timeout):
    """Wait for ``proc``; kill it (we started it) if it outlives ``timeout``."""
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        pytest.fail(f"rank did not end within {timeout} s; its output:\n{out}")
    return proc.returncode, out


def status(status_dir, rank):
    return json.loads((Path(status_dir) / f"rank{rank}.json").read_text())


@pytest.mark.slow
def test_ddp_records_the_global_loss_curve_once(tmp_path):
    runs, status_dir = tmp_path / "runs", tmp_path / "status"
    runs.mkdir()
    status_dir.mkdir()
    procs = launch("train", runs / "ddp.ngrun", status_dir)
    results = [finish(p, START_S) for p in procs]
    for rank, (code, out) in enumerate(results):
        assert code == 0, f"rank {rank} failed:\n{out}"
    assert status(status_dir, 1)["ended"] == "ok"
    # before training, rank 0 could not create its run file: every rank raised
    # at once (no one waited for the others) and the group stayed usable
    for rank in (0, 1):
        refused = status(status_dir, rank)["bad_path"]
        assert refused["raised"] is not None, refused
        assert refused["seconds"] < START_S, refused
    assert "rank 0" in status(status_dir, 1)["bad_path"]["error"]

    single = worker.train(tmp_path / "single.ngrun")
    with ng.open_run(runs / "ddp.ngrun") as ddp_run, ng.open_run(single) as one:
        ddp_steps, one_steps = ddp_run.steps["loss"], one.steps["loss"]
        assert len(ddp_steps) == worker.EPOCHS * worker.N_TRAIN // worker.GLOBAL_BATCH
        np.testing.assert_allclose(ddp_steps, one_steps, rtol=1e-10, atol=1e-12)
        ddp_epochs, one_epochs = ddp_run.metrics("dict"), one.metrics("dict")
        for key in ("val_loss", "val_accuracy"):
            np.testing.assert_allclose(ddp_epochs[key], one_epochs[key], rtol=1e-10)
        assert ddp_run.config["distributed"]["world_size"] == 2
        assert ddp_run.config["distributed"]["backend"] == "gloo"
        assert one.config["distributed"]["world_size"] == 1
    # rank 1 wrote nothing: the run folder holds rank 0's file alone (its
    # SQLite side files are gone once the writer closed)
    assert sorted(p.name for p in runs.iterdir()) == ["ddp.ngrun"]


def _expect_rank1_error(status_dir, procs, bound_s):
    code, out = finish(procs[1], START_S)
    assert code != 0, out
    ended = status(status_dir, 1)
    assert ended["ended"] == "error", ended
    assert ended["seconds_after_last_step"] < bound_s, ended
    return ended


@pytest.mark.slow
def test_rank1_ends_with_an_error_when_rank0_is_killed(tmp_path):
    procs = launch("kill0", tmp_path / "run.ngrun", tmp_path)
    code0, _ = finish(procs[0], START_S)
    assert code0 == 17
    ended = _expect_rank1_error(tmp_path, procs, bound_s=BOUND_S)
    # DDP's own all-reduce in backward() sees the lost peer first (gloo's
    # error); a recorder collective would raise DistributedError (a RuntimeError)
    assert ended["error_type"] in ("RuntimeError", "DistributedError"), ended
    assert "Connection" in ended["error"] or "rank" in ended["error"], ended


@pytest.mark.slow
def test_rank1_times_out_when_rank0_stops_answering(tmp_path):
    procs = launch("hang0", tmp_path / "run.ngrun", tmp_path)
    started = time.monotonic()
    try:
        ended = _expect_rank1_error(tmp_path, procs, bound_s=BOUND_S)
    finally:
        procs[0].kill()  # rank 0 sleeps; we started it
        procs[0].communicate()
    assert time.monotonic() - started < START_S
    assert "imed out" in ended["error"] or "timeout" in ended["error"], ended
