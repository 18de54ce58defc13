"""Refusing, before allocating, brain simulations that cannot fit in memory.

A simulation of ``n`` neurons over ``n_steps`` steps that records ``k``
variables holds ``k (n_steps + 1) n`` float64 values; ``n = 10**9`` or a
duration of days at ``dt = 0.01`` ms asks for hundreds of GiB. NumPy would
raise a MemoryError after a long wait (or the kernel would kill the process);
this module refuses first, with a :class:`ConfigError` naming the size and
what to change.

>>> from neuroglass.brain.memory import check_bytes, gib
>>> gib(3 * 2**30)
'3.0 GiB'
>>> check_bytes(1024, "a small run", "its recording", "-")  # fits: no error
"""

from __future__ import annotations

import os

from ..engine.errors import ConfigError

__all__ = ["BYTES_PER_VALUE", "check_bytes", "gib", "physical_memory"]

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
    """Refuse ``n_bytes`` above this machine's physical memory.

    The message reads "{subject} would need N GiB for {what}; this machine has
    M GiB. {fix}".
    """
    have = physical_memory()
    if have is not None and n_bytes > have:
        raise ConfigError(
            f"{subject} would need {gib(n_bytes)} for {what}; this machine has "
            f"{gib(have)}. {fix}"
        )
