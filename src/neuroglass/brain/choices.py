"""Names chosen from a list (presets, schemes, recorded variables): the check,
with the closest valid name suggested when a name is misspelt.

>>> from neuroglass.brain.choices import check_name
>>> check_name("RS", ("RS", "FS"), "Izhikevich preset")
'RS'
>>> did_you_mean("rs", ("RS", "FS"))     # what an error about 'rs' ends with
" Did you mean 'RS'?"
"""

from __future__ import annotations

import difflib

from ..engine.errors import ConfigError

__all__ = ["check_name", "did_you_mean"]


def did_you_mean(value, choices) -> str:
    """`` Did you mean 'X'?`` for the valid name closest to ``value``, or ``""``."""
    if not isinstance(value, str):
        return ""
    choices = [str(c) for c in choices]
    same_case = [c for c in choices if c.lower() == value.lower()]
    close = same_case or difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        match = difflib.get_close_matches(value.lower(), list(lowered), n=1)
        close = [lowered[match[0]]] if match else []
    return f" Did you mean {close[0]!r}?" if close else ""


def check_name(value, choices, what: str) -> str:
    """``value`` if it is one of ``choices``; else a ConfigError listing them."""
    choices = tuple(choices)
    if isinstance(value, str) and value in choices:
        return value
    quoted = [repr(c) for c in choices]
    shown = quoted[0]
    if len(quoted) > 1:
        shown = ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
    raise ConfigError(
        f"{what} must be {shown}; got {value!r}." + did_you_mean(value, choices)
    )
