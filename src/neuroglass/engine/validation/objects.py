"""Checks on arguments that are not numbers: paths, pairs, lists, instances,
choices, names, generators, networks and dtypes. Each returns the value it
accepted and refuses anything else with a :class:`ConfigError` naming it."""

from __future__ import annotations

import difflib
import os

import numpy as np

from ..errors import ConfigError
from .scalars import describe


def check_path(path, what: str = "path") -> str:
    """A file path as ``str`` (``str``, ``bytes`` or ``os.PathLike``)."""
    try:
        path = os.fsdecode(path)
    except TypeError:
        raise ConfigError(
            f"{what} must be a file path (str or pathlib.Path); got {path!r} of type "
            f"{type(path).__name__}."
        ) from None
    if not path or "\0" in path:
        raise ConfigError(f"{what} must be a non-empty file path; got {path!r}.")
    return path


def check_pair(value, what: str, example: str) -> tuple:
    """A tuple or list of two items, such as ``(X_val, y_val)``."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        got = type(value).__name__
        if isinstance(value, (tuple, list)):
            got = f"a {got} of {len(value)} items"
        raise ConfigError(f"{what} must be a pair {example}; got {got}.")
    return tuple(value)


def check_list(
    value, what: str, expected: str, min_length: int = 1, max_length=None
) -> list:
    """A list or tuple of ``min_length`` to ``max_length`` items, as a list."""
    if (
        not isinstance(value, (list, tuple))
        or len(value) < min_length
        or (max_length is not None and len(value) > max_length)
    ):
        raise ConfigError(f"{what} must be {expected}; got {describe(value)}.")
    return list(value)


def check_instance(value, cls, what: str, expected: str):
    """``value`` if it is a ``cls``; else an error naming what it is."""
    if not isinstance(value, cls):
        kind = type(value).__name__
        raise ConfigError(f"{what} must be {expected}; got {value!r} of type {kind}.")
    return value


def check_choice(value, choices, what: str):
    """``value`` if it is one of ``choices`` (strings), naming them all if not,
    and the closest one when ``value`` looks misspelt."""
    if not isinstance(value, str) or value not in choices:
        quoted = [repr(c) for c in choices]
        options = (
            ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
            if len(quoted) > 1
            else quoted[0]
        )
        raise ConfigError(
            f"{what} must be {options}; got {value!r}." + did_you_mean(value, choices)
        )
    return value


def did_you_mean(value, choices) -> str:
    """`` Did you mean 'X'?`` for the valid name closest to ``value``, or ``""``.

    >>> did_you_mean("rs", ("RS", "FS"))
    " Did you mean 'RS'?"
    """
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


def check_string(value, what: str, allow_none: bool = False):
    """A ``str`` (or None when allowed): names of networks and layers."""
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        either = " or None" if allow_none else ""
        raise ConfigError(f"{what} must be a string{either}; got {value!r}.")
    return value


def check_generator(rng, what: str = "rng"):
    """An ``np.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise ConfigError(
            f"{what} must be an np.random.Generator (np.random.default_rng(seed)); "
            f"got {rng!r}. Or pass seed=..."
        )
    return rng


def check_network(net, what: str = "net"):
    """``net`` if it is a network (duck-typed: the engine's Network, or one
    built like it); the checks of the engine's modules cannot import it."""
    if not all(hasattr(net, name) for name in ("layers", "layout", "_forward")):
        raise ConfigError(
            f"{what} must be an ng.Network (e.g. ng.mlp([2, 8, 1])); got {net!r} "
            f"of type {type(net).__name__}."
        )
    return net


def check_dtype(dtype) -> np.dtype:
    """``np.float32`` or ``np.float64`` (as a name, type or dtype), as a dtype."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.dtype("float32"), np.dtype("float64")):
        raise ConfigError(f"dtype must be 'float32' or 'float64'; got {dtype!r}.")
    return dt
