"""What a Recorder is told, checked once, and what a run records of it.

:func:`run_path` resolves the ``path`` argument (a run file, or a folder that
gets a new :func:`new_run_path` name for each run); :func:`check_settings`
validates the other constructor arguments, so that a mistake is reported when
the Recorder is made rather than in the middle of a fit; :func:`run_config` is
the configuration stored with a run (network, optimizer, fit, data, seed and
these settings).
"""

from __future__ import annotations

import json
import os
from datetime import datetime

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import check_bool, check_inputs, integer, non_negative
from . import schema
from .schedule import SNAPSHOT_MODES


def _library_version() -> str:
    from .._version import __version__

    return __version__


def new_run_path(directory) -> str:
    """A fresh ``run-YYYYmmdd-HHMMSS[-N].ngrun`` name inside ``directory``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = os.path.join(directory, f"run-{stamp}{schema.SUFFIX}")
    n = 1
    while os.path.exists(candidate):
        n += 1
        candidate = os.path.join(directory, f"run-{stamp}-{n}{schema.SUFFIX}")
    return candidate


def run_path(path) -> tuple:
    """``(run file, folder)``: for a folder, a new run file in it and the
    folder (which gets a new run file for each run); else the file (with the
    ``.ngrun`` suffix added to a new name without it) and None."""
    try:
        path = os.fsdecode(path)
    except TypeError:
        raise ConfigError(
            f"path must be a file or folder name (str or path); got {path!r}."
        ) from None
    if not path:
        raise ConfigError("path is empty; give a run file or a folder name.")
    folder = path if os.path.isdir(path) else None
    if folder is not None:
        path = new_run_path(folder)
    elif not path.endswith(schema.SUFFIX) and not os.path.exists(path):
        path += schema.SUFFIX
    return path, folder


def check_settings(
    *,
    every,
    probe,
    snapshot_every,
    histogram_bins,
    full_arrays_limit,
    probe_size,
    name,
    dataset,
    overwrite,
    flush_seconds,
    data_samples,
) -> dict:
    """The Recorder's arguments (see :class:`~neuroglass.recorder.Recorder`),
    checked and normalized; a :class:`ConfigError` names a wrong one."""
    every, histogram_bins, probe_size, full_arrays_limit = (
        integer(value, what, minimum=1)
        for value, what in (
            (every, "every"),
            (histogram_bins, "histogram_bins"),
            (probe_size, "probe_size"),
            (full_arrays_limit, "full_arrays_limit"),
        )
    )
    if not (isinstance(snapshot_every, str) and snapshot_every in SNAPSHOT_MODES):
        try:
            snapshot_every = integer(snapshot_every, "snapshot_every", minimum=1)
        except ConfigError:
            raise ConfigError(
                "snapshot_every must be a positive integer, 'auto' or "
                f"'progressive'; got {snapshot_every!r}."
            ) from None
    flush_seconds = non_negative(flush_seconds, "flush_seconds")
    data_samples = integer(data_samples, "data_samples", minimum=0)
    if probe is not None:
        try:
            width = np.shape(probe)[-1]
        except (ValueError, IndexError):
            width = 1  # check_inputs names what is wrong
        if check_inputs(probe, width, np.float64, "probe").size == 0:
            raise ConfigError(f"probe is empty ({probe!r}); pass some samples.")
    if name is not None and not isinstance(name, str):
        raise ConfigError(f"name must be a string or None; got {name!r}.")
    if dataset is not None:
        if not isinstance(dataset, (str, dict)):
            raise ConfigError(
                f"dataset must be a string, a dict or None; got {dataset!r}."
            )
        try:
            json.dumps(dataset, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ConfigError(
                f"dataset must be JSON data (str, numbers, lists, dicts), as it "
                f"is stored in the run; {dataset!r} is not: {exc}."
            ) from None
    overwrite = check_bool(overwrite, "overwrite")
    return {
        "every": every,
        "probe": probe,
        "snapshot_every": snapshot_every,
        "histogram_bins": histogram_bins,
        "full_arrays_limit": full_arrays_limit,
        "probe_size": probe_size,
        "name": name,
        "dataset": dataset,
        "overwrite": overwrite,
        "flush_seconds": flush_seconds,
        "data_samples": data_samples,
    }


def run_config(net, fit, dataset, recorder_settings: dict) -> dict:
    """The configuration a run stores: what rebuilds the network and says how
    it was trained (``dataset``: the Recorder's description, else the sizes)."""
    return {
        "network": net.config(),
        "optimizer": fit.optimizer.config(),
        "schedule": repr(fit.schedule),
        "loss": fit.loss,
        "fit": {
            "epochs": fit.epochs,
            "batch_size": fit.batch_size,
            "n_train": fit.n_train,
            "n_val": fit.n_val,
            "shuffle": fit.shuffle,
            "l1": fit.l1,
            "l2": fit.l2,
            "clip_norm": fit.clip_norm,
            "steps_per_epoch": fit.steps_per_epoch,
        },
        "dataset": dataset
        or {"n_samples": fit.n_train + fit.n_val, "n_features": net.n_inputs},
        "seed": net.seed,
        "library_version": _library_version(),
        "recorder": recorder_settings,
    }
