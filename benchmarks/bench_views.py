"""Benchmark: how fast the views draw.

* Network diagram of 784-256-128-10 rendered to PNG. Target < 1 s. For scale,
  100,000 edges drawn without elision (one LineCollection, the fastest naive
  way; a plot() call per edge takes over a minute here) are timed beside it.
* Decision boundary of a playground net (2-4-2-1) on a 200 x 200 grid, computed
  and drawn (no file). Target < 100 ms.
* 2-D loss landscape, 25 x 25, on digits (64-32-10). Target < 10 s.
* A 100-frame GIF of a recorded playground run. Target < 30 s.
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import time

import numpy as np

from bench_common import Config, Row

NAME = "views"


def _timed(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _row(label, times, target, unit="s"):
    median = statistics.median(times)
    return Row(
        benchmark=NAME,
        contender=label,
        unit=unit,
        median=median,
        best=min(times),
        target_text=f"< {target:g} {unit}",
        passed=median < target,
        raw_seconds=times,
    )


def run(cfg: Config) -> list[Row]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    import neuroglass as ng

    repeats = 3 if cfg.quick else 5
    rows = []

    big = ng.mlp(
        [784, 256, 128, 10],
        activation="relu",
        loss="cross_entropy",
        seed=0,
        dtype="float32",
    )

    def network_png():
        ax = ng.plot.network(big)
        ax.figure.savefig(io.BytesIO(), format="png", dpi=100)
        plt.close(ax.figure)

    rows.append(
        _row("network 784-256-128-10 to PNG", _timed(network_png, repeats), 1.0)
    )

    rng = np.random.default_rng(0)
    segments = rng.uniform(0, 1, size=(100_000, 2, 2))

    def collection_edges():
        fig, ax = plt.subplots()
        ax.add_collection(LineCollection(segments, linewidths=0.2))
        fig.savefig(io.BytesIO(), format="png", dpi=100)
        plt.close(fig)

    rows.append(
        Row(
            benchmark=NAME,
            contender="reference: 100,000 edges without elision (one LineCollection)",
            unit="s",
            median=statistics.median(_timed(collection_edges, 1)),
        )
    )

    X, y = ng.datasets.circle(seed=0)
    net = ng.mlp([2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(X, y, epochs=20, batch_size=10, lr=0.03)

    fig, ax = plt.subplots()
    fig.canvas.draw()

    def boundary_times():  # on an existing figure, as the playground does
        times = []
        for _ in range(repeats):
            ax.clear()  # not timed: clearing rebuilds the ticks
            start = time.perf_counter()
            ng.plot.decision_boundary(net, X, y, ax=ax, resolution=200)
            fig.canvas.draw()
            times.append(1000 * (time.perf_counter() - start))
        return times

    empty = []
    for _ in range(repeats):
        ax.clear()
        start = time.perf_counter()
        fig.canvas.draw()
        empty.append(1000 * (time.perf_counter() - start))
    rows.append(
        _row(
            "decision boundary, 200 x 200 grid, computed and drawn",
            boundary_times(),
            100,
            unit="ms",
        )
    )
    plt.close(fig)
    rows.append(
        Row(
            benchmark=NAME,
            contender="  reference: drawing an empty Axes",
            unit="ms",
            median=statistics.median(empty),
            best=min(empty),
        )
    )
    grid = [
        t * 1000
        for t in _timed(lambda: ng.plot.decision_grid(net, resolution=200), repeats)
    ]
    rows.append(
        Row(
            benchmark=NAME,
            contender="  of which the 40,000 forward passes",
            unit="ms",
            median=statistics.median(grid),
            best=min(grid),
        )
    )

    Xd, yd = ng.datasets.digits()
    dnet = ng.mlp([64, 32, 10], activation="relu", loss="cross_entropy", seed=0)
    dnet.fit(Xd, yd, epochs=5, batch_size=32, optimizer="adam", lr=0.001)
    steps = 15 if cfg.quick else 25
    times = _timed(lambda: ng.plot.loss_landscape_data(dnet, Xd, yd, steps=steps), 1)
    rows.append(_row(f"loss landscape {steps} x {steps} on digits", times, 10.0))

    with tempfile.TemporaryDirectory() as workdir:
        path = os.path.join(workdir, "gif.ngrun")
        Xt, Xv, yt, yv = ng.datasets.train_test_split(X, y, seed=0)
        ng.mlp(
            [2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        ).fit(
            Xt,
            yt,
            epochs=100,
            batch_size=10,
            lr=0.03,
            validation_data=(Xv, yv),
            callbacks=[ng.Recorder(path, snapshot_every=1)],
        )
        frames = 30 if cfg.quick else 100
        with ng.open_run(path) as run:
            times = _timed(
                lambda: ng.animate(
                    run,
                    os.path.join(workdir, "a.gif"),
                    data=(X, y),
                    max_frames=frames,
                    progress=False,
                ),
                1,
            )
        rows.append(
            _row(
                f"{frames}-frame GIF (network, boundary, loss)",
                times,
                30.0 if not cfg.quick else 10.0,
            )
        )
    return rows
