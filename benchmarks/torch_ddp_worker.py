"""One rank of bench_torch's DDP row (not run on its own).

Usage: ``python torch_ddp_worker.py N REPEATS DIRECTORY OUT_JSON`` with
torchrun's variables (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT) set. Every
round trains one epoch of the MLP over N samples without, then with, the
recorder; each rank takes half of every global batch of 128; one thread per
rank. Rank 0 times each epoch (between barriers) and writes OUT_JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
from torch import nn

import bench_mnist
import bench_torch
from neuroglass.torch import distributed as ngd
from neuroglass.torch.recorder import Recorder


def epoch(X, y, rank, world_size, path=None):
    torch.manual_seed(0)
    model = nn.parallel.DistributedDataParallel(bench_torch.mlp())
    opt = torch.optim.SGD(model.parameters(), lr=bench_mnist.LR)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.randperm(len(X), generator=torch.Generator().manual_seed(0))
    dist.barrier()
    start = time.perf_counter()
    rec = None
    if path is not None:
        rec = Recorder(path, model, optimizer=opt, probe=X[: bench_torch.PROBE])
    batch = bench_mnist.BATCH
    for i in range(0, len(X), batch):
        idx = order[i : i + batch][rank::world_size]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
        if rec is not None:
            rec.step(loss)
    if rec is not None:
        rec.epoch()
        rec.close()
    dist.barrier()
    return time.perf_counter() - start


def main(n, repeats, directory, out):
    torch.set_num_threads(1)
    ctx = ngd.setup(backend="gloo", timeout_s=300)
    Xn, yn = bench_mnist.make_data(int(n))
    X, y = torch.from_numpy(Xn), torch.from_numpy(yn.astype(np.int64))
    times = {"plain": [], "recorded": []}
    for r in range(int(repeats) + 1):  # round 0 warms up
        plain = epoch(X, y, ctx.rank, ctx.world_size)
        path = os.path.join(directory, f"ddp-{r}.ngrun")
        recorded = epoch(X, y, ctx.rank, ctx.world_size, path)
        if ctx.rank == 0:
            tag = "warm-up" if r == 0 else f"round {r}"
            print(
                f"  [torch/ddp] {tag}: plain={plain:.3f}s  recorded={recorded:.3f}s",
                flush=True,
            )
        if r:
            times["plain"].append(plain)
            times["recorded"].append(recorded)
    if ctx.rank == 0:
        files = sorted(os.listdir(directory))
        times["run_files"] = [f for f in files if f.startswith("ddp-")]
        with open(out, "w") as f:
            json.dump(times, f)
    ngd.teardown()


if __name__ == "__main__":
    main(*sys.argv[1:5])
