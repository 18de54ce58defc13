"""The trace of a training run: one SQLite file per run (``.ngrun``).

``Recorder`` is a fit callback that writes it; ``open_run`` reads it, also
while it is being written.
"""

from .diagnostics import Diagnostic
from .recorder import Recorder
from .resume import resume
from .run import Comparison, LayerSnapshot, Run, Snapshot, open_run
from .store import RecorderError, RunFileError

__all__ = [
    "Comparison",
    "Diagnostic",
    "LayerSnapshot",
    "Recorder",
    "RecorderError",
    "Run",
    "RunFileError",
    "Snapshot",
    "open_run",
    "resume",
]
