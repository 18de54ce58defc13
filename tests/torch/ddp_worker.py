"""One rank of the two-process runs in test_ddp.py (not a test module).

Usage: ``python ddp_worker.py SCENARIO RUN_PATH STATUS_DIR`` with torchrun's
variables (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT) in the environment.

Scenarios: ``train`` (first a Recorder that rank 0 cannot create, which must
fail on every rank and leave the group usable; then DistributedDataParallel
training recorded by every rank, rank 0 writing RUN_PATH), ``kill0`` (rank 0
dies without a word after 3 steps), ``hang0`` (rank 0 stops answering after 3
steps). Each rank writes ``rank<N>.json`` into STATUS_DIR: how it ended, the
error's type and message, and the seconds from its last successful step to
its end.

:func:`train` also runs in one process (the test's reference): the same global
batches, whole, without DDP.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import torch
from torch import nn

from neuroglass.torch import distributed as ngd
from neuroglass.torch.recorder import Recorder

SEED = 0
N_TRAIN, N_VAL, GLOBAL_BATCH, EPOCHS = 64, 32, 16, 2
TIMEOUT_S = 8.0  # the process group's timeout in these runs


def make_data():
    g = torch.Generator().manual_seed(SEED)
    X = torch.randn(N_TRAIN + N_VAL, 4, generator=g, dtype=torch.float64)
    y = (X[:, 0] + X[:, 1] ** 2 > 0.5).long() + (X[:, 2] > 1.0).long()
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def make_model():
    torch.manual_seed(SEED)
    return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3)).double()


def shard(tensor, rank, world_size):
    """This rank's rows of a global batch (every world_size-th row)."""
    return tensor[rank::world_size]


def train(path, rank=0, world_size=1, on_step=None):
    """Train for EPOCHS over the same global batches; each rank takes its
    shard of every batch. Returns the recorded path (rank 0) or None."""
    X, y, Xv, yv = make_data()
    model = make_model()
    if world_size > 1:
        model = nn.parallel.DistributedDataParallel(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    probe = X[:16]
    with Recorder(path, model, optimizer=opt, probe=probe) as rec:
        for _ in range(EPOCHS):
            for start in range(0, N_TRAIN, GLOBAL_BATCH):
                xb = shard(X[start : start + GLOBAL_BATCH], rank, world_size)
                yb = shard(y[start : start + GLOBAL_BATCH], rank, world_size)
                opt.zero_grad()
                loss = loss_fn(model(xb), yb)
                loss.backward()
                opt.step()
                rec.step(loss)
                if on_step is not None:
                    on_step()
            with torch.no_grad():
                xv, yvr = shard(Xv, rank, world_size), shard(yv, rank, world_size)
                logits = model(xv)
                val_loss = float(loss_fn(logits, yvr))
                val_accuracy = float((logits.argmax(1) == yvr).double().mean())
            rec.epoch(val_loss=val_loss, val_accuracy=val_accuracy)
    return path


def bad_path(rank, run_path, status_dir) -> dict:
    """Rank 0 cannot create its run file (a file stands where its folder
    should be): every rank must raise at once, and nothing may be left."""
    path = run_path
    if rank == 0:
        blocker = Path(status_dir) / "not-a-folder"
        blocker.write_text("a file where the run's folder should be")
        path = str(blocker / "run.ngrun")
    model, started = make_model(), time.monotonic()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    try:
        Recorder(path, model, optimizer=opt).close()
        return {"raised": None}
    except Exception as exc:
        return {
            "raised": type(exc).__name__,
            "error": str(exc),
            "seconds": time.monotonic() - started,
        }


def main(scenario, run_path, status_dir):
    rank = int(os.environ["RANK"])
    world_size = int(os.environ["WORLD_SIZE"])
    status = {"rank": rank, "scenario": scenario}
    last_ok = [time.monotonic()]
    steps = [0]

    def on_step():
        steps[0] += 1
        last_ok[0] = time.monotonic()
        if rank == 0 and steps[0] == 3:
            if scenario == "kill0":
                os._exit(17)  # no cleanup, no message: as kill -9
            if scenario == "hang0":
                time.sleep(600)  # the test kills this process

    ctx = ngd.setup(backend="gloo", timeout_s=TIMEOUT_S)
    status["context"] = ctx.describe()
    if scenario == "train":
        status["bad_path"] = bad_path(rank, run_path, status_dir)
    last_ok[0] = time.monotonic()
    try:
        train(run_path, rank, world_size, on_step)
        status["ended"] = "ok"
    except Exception as exc:  # what the test checks
        status["ended"] = "error"
        status["error_type"] = type(exc).__name__
        status["error"] = str(exc)
    status["seconds_after_last_step"] = time.monotonic() - last_ok[0]
    status["steps"] = steps[0]
    Path(status_dir, f"rank{rank}.json").write_text(json.dumps(status))
    if status["ended"] == "ok":
        ngd.teardown()
        return
    sys.stdout.flush()
    os._exit(1)  # do not wait for a failed peer in the process group's teardown


if __name__ == "__main__":
    main(*sys.argv[1:4])
