"""A session's recorded past: its run files, the curve its chart showed, and
the networks of recorded epochs (what a seek or a replay shows).

Each fit of a live session writes one run file; a new network starts a new
timeline, while new data on the same network (regenerate, drawn points) starts a
new run file on the same timeline (its *lineage*).
"""

from __future__ import annotations

import math
import os
import time
from array import array

import numpy as np

from ..recorder import Recorder, open_run
from .wire import finite

#: run files a session keeps in the runs folder at most (see RunFiles.prune). A
#: file in which no epoch was trained (settings changed, points drawn, reset while
#: paused) is deleted when it ends; beyond this many, the oldest go.
MAX_RUN_FILES = 4
#: step losses recorded per epoch at most
STEPS_RECORDED = 100


class RunFiles:
    """The run files of one session, in ``runs_dir``; ``lineage`` those of the
    current network, oldest first. ``ephemeral``: all are deleted when the
    session ends (a temporary folder)."""

    def __init__(self, runs_dir: str, session_id: str, ephemeral: bool = False):
        self.runs_dir = runs_dir
        self.session_id = session_id
        self.ephemeral = ephemeral
        self.paths: list[str] = []
        self.lineage: list[str] = []

    def new_path(self, new_network: bool) -> str:
        """The path of the next run file (``new_network``: a new timeline)."""
        os.makedirs(self.runs_dir, exist_ok=True)
        path = os.path.join(
            self.runs_dir,
            f"playground-{self.session_id}-{int(time.time() * 1000)}.ngrun",
        )
        if new_network:
            self.lineage = []
        self.paths.append(path)
        self.lineage.append(path)
        self.prune()
        return path

    def remove(self, path: str) -> None:
        """Delete one of the run files (and SQLite's files beside it)."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.remove(path + suffix)
            except OSError:
                pass
        for paths in (self.paths, self.lineage):
            if path in paths:
                paths.remove(path)

    def prune(self) -> None:
        """At most MAX_RUN_FILES run files per session: the oldest go first."""
        while len(self.paths) > MAX_RUN_FILES:
            self.remove(self.paths[0])

    def forget(self) -> None:
        """Delete every run file of the session when they live in a temporary
        folder."""
        if self.ephemeral:
            for path in list(self.paths):
                self.remove(path)

    def recorded(self) -> list:
        """``[(run path, snapshot epoch)]`` of the current network, oldest first:
        its runs since the last new weights (regenerating data or drawing points
        starts a new run file but keeps the network and its timeline)."""
        found = []
        for path in self.lineage:
            if not os.path.exists(path):
                continue
            try:
                with open_run(path) as run:
                    found += [(path, int(e)) for e in run.snapshot_epochs]
            except Exception:  # a run just created, not yet readable
                continue
        return found


def new_recorder(path, config, data, probe, steps_per_epoch) -> Recorder:
    """The recorder of one fit of the page's network, with the page's settings
    (so that ``neuroglass dashboard`` can show it again)."""
    return Recorder(
        path,
        every=max(1, steps_per_epoch // STEPS_RECORDED),
        snapshot_every="progressive",
        probe=probe,
        name=f"playground {config['dataset']}",
        dataset={
            "name": config["dataset"],
            "features": config["features"],
            "data_seed": config["data_seed"],
            "playground": dict(config),
            # the targets the run holds are (value - center) / half
            "target_scale": (
                None if data.target_scale is None else list(data.target_scale)
            ),
        },
    )


class Curve:
    """The numbers the page's chart showed live, one row per epoch trained: what
    a ``seek`` sends back as the ``history`` (accuracy included for every output,
    which a run file holds only for the library's classifiers)."""

    KEYS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")

    def __init__(self):
        self.epoch = array("q")
        self.values = {k: array("d") for k in self.KEYS}

    def add(self, epoch: int, header: dict) -> None:
        row = [math.nan if header[k] is None else header[k] for k in self.KEYS]
        if self.epoch and epoch <= self.epoch[-1]:
            if epoch < self.epoch[-1]:
                return
            for k, v in zip(self.KEYS, row):  # an edit: the epoch's latest numbers
                self.values[k][-1] = v
            return
        self.epoch.append(int(epoch))
        for k, v in zip(self.KEYS, row):
            self.values[k].append(v)

    def columns(self) -> tuple:
        """``(epochs, train_loss, test_loss, train_accuracy, test_accuracy)``."""
        return (self.epoch, *(self.values[k] for k in self.KEYS))


def network_at(run, epoch: int):
    """The network of snapshot ``epoch`` with that snapshot's gradients and
    updates, so the page's gradient view works on replays too."""
    net = run.network(epoch)
    snap = run.snapshot(epoch)
    for layer, saved in zip(net.layers, snap.layers):
        for name in ("grad_weights", "grad_bias", "update_weights", "update_bias"):
            value = getattr(saved, name)
            if value is not None:
                getattr(layer, name)[...] = value
    return net


def run_curve(run) -> tuple:
    """The run's curve, as :meth:`Curve.columns`, from its recorded metrics."""
    m = run.metrics(format="dict")
    none = [None] * len(m["epoch"])
    return (
        np.asarray(m["epoch"]) + 1,
        *(
            none if m.get(k) is None else m[k]
            for k in ("loss", "val_loss", "accuracy", "val_accuracy")
        ),
    )


def gradient_sparklines(run) -> dict:
    """Per snapshot its layers' gradient norms (``grad_epochs``, ``grad_norms``:
    what the page's sparklines draw)."""
    epochs = [int(e) for e in run.snapshot_epochs]
    norms = [
        [finite((la.norms or {}).get("grad_weights")) for la in run.snapshot(e).layers]
        for e in epochs
    ]
    return {"grad_epochs": [e + 1 for e in epochs], "grad_norms": norms}
