"""The runs in a folder: one :class:`RunSummary` per ``.ngrun`` file, the
unreadable ones (damaged, not a run, a dangling link) included with the
reason, so that a listing never stops at a bad file.

>>> list_runs("runs")                                      # doctest: +SKIP
[RunSummary(file='run-2024-...ngrun', status='finished', epochs=30, ...)]
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from . import schema
from .run import open_run
from .store import RecorderError


@dataclass(frozen=True)
class RunSummary:
    """One run of a folder, as a row of a table.

    Attributes
    ----------
    path : str
    file : str
        The file's name in its folder.
    status : str
        The run's status, or ``"unreadable"`` (``error`` says why).
    dataset : str or None
        The data's name (its source, or ``"<n> samples"``).
    epochs : int or None
    loss, accuracy : float or None
        The last recorded value: validation where the run has it, else
        training.
    error : str or None
        Why the file could not be read (one line).
    modified : float
        The file's modification time (0 for a dangling link).
    """

    path: str
    file: str
    status: str
    dataset: str | None = None
    epochs: int | None = None
    loss: float | None = None
    accuracy: float | None = None
    error: str | None = None
    modified: float = 0.0


def list_runs(folder) -> list[RunSummary]:
    """A :class:`RunSummary` of every run file (``*.ngrun``) in ``folder``,
    oldest first (by modification time).

    Raises
    ------
    FileNotFoundError
        If ``folder`` is not a folder.
    """
    folder = os.fspath(folder)
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"no folder {folder!r}: pass the folder that holds the .ngrun files "
            "(Recorder(folder) or train --record FOLDER writes them)."
        )
    paths = [
        os.path.join(folder, name)
        for name in os.listdir(folder)
        if name.endswith(schema.SUFFIX)
    ]
    return sorted((summarize_run(path) for path in paths), key=_order)


def _order(summary):
    return summary.modified, summary.file


def summarize_run(path) -> RunSummary:
    """The :class:`RunSummary` of the run file at ``path`` (``"unreadable"``
    with the reason when it cannot be read)."""
    path = os.fspath(path)
    file = os.path.basename(path)
    try:  # a dangling link has no time: listed first, unreadable
        modified = os.path.getmtime(path)
    except OSError:
        modified = 0.0
    try:
        with open_run(path) as run:
            summary = run.summary()
    except RecorderError as exc:  # damaged, not a run, or gone: say so
        reason = " ".join(str(exc).split())
        return RunSummary(path, file, "unreadable", error=reason, modified=modified)
    return RunSummary(
        path,
        file,
        summary["status"],
        dataset=dataset_name(summary["dataset"]),
        epochs=summary["epochs"],
        loss=_validation_first(summary, "loss"),
        accuracy=_validation_first(summary, "accuracy"),
        modified=modified,
    )


def _validation_first(summary, metric):
    value = summary[f"final_val_{metric}"]
    return value if value is not None else summary[f"final_{metric}"]


def dataset_name(dataset) -> str | None:
    """A run's dataset (its config's ``dataset``: a name or a description
    dict) as a short name: the description's source, or ``"<n> samples"``."""
    if dataset is None:
        return None
    if isinstance(dataset, dict):
        return str(dataset.get("source") or f"{dataset.get('n_samples', '?')} samples")
    return str(dataset)
