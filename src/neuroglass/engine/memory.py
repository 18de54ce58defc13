"""Refusing, before allocating, arrays that cannot fit in this machine's memory:
a clear :class:`ConfigError` instead of a MemoryError, or worse, swapping. The
engine's layers and the brain's simulations both ask here.

>>> check_bytes(1024, "a small run", "its recording", "-")  # fits: no error
>>> gib(3 * 2**30)
'3.0 GiB'
"""

from __future__ import annotations

import os

import numpy as np

from .errors import ConfigError

#: bytes of one float64 value
BYTES_PER_VALUE = 8


def physical_memory() -> int | None:
    """This machine's physical memory in bytes (None when unknown)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def gib(n_bytes: float) -> str:
    """``n_bytes`` in GiB, for messages (``'3.0 GiB'``)."""
    return f"{n_bytes / 2**30:,.1f} GiB"


def check_bytes(n_bytes: float, subject: str, what: str, fix: str) -> None:
    """Refuse ``n_bytes`` above this machine's physical memory (no limit when
    it is unknown). The message reads "{subject} needs N GiB for {what}; this
    machine has M GiB. {fix}"."""
    have = physical_memory()
    if have is not None and n_bytes > have:
        raise ConfigError(
            f"{subject} needs {gib(n_bytes)} for {what}; this machine has "
            f"{gib(have)}. {fix}"
        )


def check_memory(n_values: int, dtype, subject: str, what: str) -> None:
    """Refuse, before allocating, ``n_values`` numbers of ``dtype`` that cannot
    fit in this machine's memory: :func:`check_bytes` for a network's arrays."""
    need = n_values * np.dtype(dtype).itemsize
    check_bytes(need, subject, what, "Use narrower layers.")
