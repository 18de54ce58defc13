"""The trace of a training run: one SQLite file per run (``.ngrun``).

``Recorder`` is a fit callback that writes it; ``open_run`` reads it, also
while it is being written; ``list_runs`` summarises the runs of a folder.
"""

from .diagnostics import Diagnostic
from .listing import RunSummary, list_runs
from .recorder import Recorder
from .resume import Resume, resume
from .run import Comparison, LayerSnapshot, Run, Snapshot, open_run
from .store import RecorderError, RunFileError

__all__ = [
    "Comparison",
    "Diagnostic",
    "LayerSnapshot",
    "Recorder",
    "RecorderError",
    "Resume",
    "Run",
    "RunFileError",
    "RunSummary",
    "Snapshot",
    "list_runs",
    "open_run",
    "resume",
]
