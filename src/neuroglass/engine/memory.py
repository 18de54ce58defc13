"""Refusing, before allocating, arrays that cannot fit in this machine's memory:
a clear :class:`ConfigError` instead of a MemoryError, or worse, swapping."""

from __future__ import annotations

import os

import numpy as np

from .errors import ConfigError


def _physical_memory() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def check_memory(n_values: int, dtype, subject: str, what: str) -> None:
    """Refuse, before allocating, ``n_values`` numbers of ``dtype`` that cannot
    fit in this machine's memory (instead of a MemoryError, or worse, swapping).

    ``subject`` and ``what`` complete the message: "{subject} needs N GiB for
    {what}".
    """
    need = n_values * np.dtype(dtype).itemsize
    have = _physical_memory()
    if need > (have or 2**63 - 1):
        raise ConfigError(
            f"{subject} needs {need / 2**30:,.1f} GiB for {what}"
            + (f"; this machine has {have / 2**30:,.1f} GiB" if have else "")
            + ". Use narrower layers."
        )
