"""Benchmark: what recording a run costs, and how fast a run reads back.

* Tiny playground net: TF Playground's default (2-4-2-1 tanh, sigmoid output,
  bce), circle, 50% train/test, SGD lr 0.03, batch 10, 100 epochs with the test
  set as validation data; ``fit`` with and without ``ng.Recorder`` (default
  schedule), interleaved. Target: <= 25% extra time.
* MNIST-sized: 784-256-128-10 relu, cross-entropy, float32, batch 128, SGD lr
  0.01, 2 epochs, with and without a recorder. Target: <= 10% extra time.
* Reading: a 1,000-epoch run opened and its loss curve read (per epoch and per
  step). Target: < 100 ms.
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
import tempfile
import time

import numpy as np

from bench_common import Config, Contender, Row, interleave

NAME = "recorder"


def _fit_contenders(make_net, X, y, fit_kwargs, directory, prefix):
    import neuroglass as ng

    counter = itertools.count()

    def plain():
        net = make_net()
        return lambda: net.fit(X, y, **fit_kwargs)

    def recorded():
        net = make_net()
        path = os.path.join(directory, f"{prefix}{next(counter)}.ngrun")

        def run():
            net.fit(X, y, callbacks=[ng.Recorder(path)], **fit_kwargs)
            return os.path.getsize(path)

        return run

    return [Contender("without", plain), Contender("with recorder", recorded)]


def _overhead_rows(label, t, target, details):
    base = t["without"].median
    rec = t["with recorder"].median
    overhead = rec / base - 1
    return [
        Row(
            benchmark=NAME,
            contender=f"{label}: fit",
            unit="s",
            median=base,
            best=t["without"].min,
            raw_seconds=t["without"].times,
            noisy=t.noisy,
        ),
        Row(
            benchmark=NAME,
            contender=f"{label}: fit + Recorder",
            unit="s",
            median=rec,
            best=t["with recorder"].min,
            ratio=1 + overhead,
            ratio_text=f"+{100 * overhead:.1f}%",
            target_text=f"<= +{target:g}%",
            passed=overhead * 100 <= target,
            raw_seconds=t["with recorder"].times,
            noisy=t.noisy,
            details=details,
        ),
    ]


def run(cfg: Config) -> list[Row]:
    import neuroglass as ng

    rows = []
    directory = tempfile.mkdtemp(prefix="ng-bench-")
    try:
        # -- tiny playground net ---------------------------------------------
        X, y = ng.datasets.circle(n=500, seed=0)
        X_train, X_test, y_train, y_test = ng.datasets.train_test_split(
            X, y, test_fraction=0.5, seed=0
        )

        def tiny():
            return ng.mlp(
                [2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
            )

        fit = {
            "epochs": 100,
            "batch_size": 10,
            "optimizer": "sgd",
            "lr": 0.03,
            "validation_data": (X_test, y_test),
        }
        t = interleave(
            _fit_contenders(tiny, X_train, y_train, fit, directory, "tiny"),
            cfg,
            "recorder/tiny",
            budget_s=30 if cfg.quick else 60,
        )
        size = t["with recorder"].last_result
        rows += _overhead_rows(
            "playground 2-4-2-1, 100 epochs", t, 25, {"run_file_bytes": size}
        )
        rows.append(
            Row(
                benchmark=NAME,
                contender="playground run file size",
                unit="MB",
                median=size / 1e6,
                target_text="< 20 MB",
                passed=size < 20e6,
            )
        )

        # -- MNIST-sized --------------------------------------------------------
        n = 12_800 if cfg.quick else 60_000
        rng = np.random.default_rng(0)
        Xm = rng.random((n, 784), dtype=np.float32)
        ym = rng.integers(0, 10, n)

        def mnist():
            return ng.mlp(
                [784, 256, 128, 10],
                activation="relu",
                loss="cross_entropy",
                seed=0,
                dtype="float32",
            )

        fit = {"epochs": 2, "batch_size": 128, "optimizer": "sgd", "lr": 0.01}
        quick_cfg = Config(
            quick=cfg.quick,
            repeats=min(cfg.repeats, 3),
            warmup=cfg.warmup,
            quiet_only=cfg.quiet_only,
        )
        t = interleave(
            _fit_contenders(mnist, Xm, ym, fit, directory, "mnist"),
            quick_cfg,
            "recorder/mnist",
            budget_s=60 if cfg.quick else 150,
        )
        rows += _overhead_rows(
            f"784-256-128-10, {n:,} samples, 2 epochs",
            t,
            10,
            {"run_file_bytes": t["with recorder"].last_result},
        )

        # -- reading a 1,000-epoch run -------------------------------------------
        path = os.path.join(directory, "long.ngrun")
        tiny().fit(
            X_train[:40],
            y_train[:40],
            epochs=1000,
            batch_size=10,
            lr=0.03,
            callbacks=[ng.Recorder(path)],
        )
        per_epoch, per_step = [], []
        for _ in range(5 if cfg.quick else 15):
            start = time.perf_counter()
            with ng.open_run(path) as run:
                losses = run.metrics(format="dict")["loss"]
            per_epoch.append(time.perf_counter() - start)
            start = time.perf_counter()
            with ng.open_run(path) as run:
                steps = run.steps["loss"]
            per_step.append(time.perf_counter() - start)
        assert len(losses) == 1000 and len(steps) == 4000
        for label, times in (
            ("open + 1,000-epoch loss curve", per_epoch),
            ("open + 4,000 step losses", per_step),
        ):
            ms = 1000 * statistics.median(times)
            rows.append(
                Row(
                    benchmark=NAME,
                    contender=label,
                    unit="ms",
                    median=ms,
                    best=1000 * min(times),
                    target_text="< 100 ms",
                    passed=ms < 100,
                    raw_seconds=times,
                )
            )
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return rows
