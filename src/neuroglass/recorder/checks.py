"""Checks of a run file as it is read, which turn anything a damaged, foreign
or too-new file holds into a :class:`RunFileError` naming the file: the
file's path and header (before SQLite opens it), its ``config``, each stored
array (its encoding and shape), and the :func:`_reads_file` wrapper that
catches whatever else a damaged value makes a :class:`Run` query raise. No SQL
here: every query is in :mod:`neuroglass.recorder.store`.
"""

from __future__ import annotations

import functools
import os
import sqlite3

from ..engine.errors import NeuroglassError
from . import schema
from .store import RunFileError
from .store import short_repr as _short

#: ``config["network"]["format"]`` of a recorded PyTorch model that is not
#: MLP-shaped (neuroglass.torch): layers with their own weight and bias shapes
TORCH_MODULE = "torch.module"

#: what reading a damaged file can raise, beyond sqlite3's own errors: a value
#: of the wrong type or shape where the schema promises another
_DAMAGE = (
    sqlite3.Error,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
    UnicodeError,
)


def _reads_file(method):
    """Turn what a damaged file makes ``method`` raise into a RunFileError
    naming the file; the errors neuroglass raises on purpose pass through."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except NeuroglassError:
            raise
        except _DAMAGE as exc:
            raise RunFileError(
                f"the run {self.path!r} is damaged (it does not hold what "
                f"neuroglass writes): {type(exc).__name__}: {exc}."
            ) from exc

    return wrapper


def check_run_path(path) -> str:
    """The file name ``path`` decoded to a str, checked to name an SQLite file
    (a run opened read-only must exist: SQLite would not create it)."""
    try:
        path = os.fsdecode(path)
    except TypeError:
        raise RunFileError(
            f"a run is opened by its file name (str or path); got {path!r}."
        ) from None
    if os.path.isdir(path):
        raise RunFileError(
            f"{path!r} is a folder, not a run file; list its runs with "
            "`neuroglass runs ls` and open one of them."
        )
    if not os.path.isfile(path):
        raise RunFileError(f"no run file at {path!r}.")
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise RunFileError(
            f"cannot read the run {path!r}: {type(exc).__name__}: {exc}."
        ) from None
    if head != b"SQLite format 3\x00":
        raise RunFileError(
            f"{path!r} is not a neuroglass run (not an SQLite file"
            + (", or it is truncated)." if len(head) < 16 else ").")
        )
    return path


def check_config(meta: dict, path: str) -> dict:
    """The run's ``config``, checked as far as reading the run relies on it:
    a dict whose network is a chain of layers with sizes, names, activations."""

    def damaged(what):
        return RunFileError(
            f"{path!r} is damaged: {what}. A run written by neuroglass always "
            "has it; the file was changed by something else."
        )

    config = meta.get("config")
    if not isinstance(config, dict):
        if "config" not in meta:
            raise damaged("its meta has no 'config' entry")
        raise damaged(f"its 'config' is {_short(config)}, not a dict")
    network = config.get("network")
    layers = network.get("layers") if isinstance(network, dict) else None
    if not isinstance(layers, list) or not layers:
        raise damaged(f"its config's network is {_short(network)}, without layers")
    # a recorded PyTorch model that is not MLP-shaped: layers side by side (a
    # conv layer's n_in is channels), each with its own weight and bias shapes
    chain = network.get("format") != TORCH_MODULE
    if not chain:
        _check_shapes(layers, damaged)
    for i, layer in enumerate(layers):
        if not isinstance(layer, dict):
            raise damaged(f"layer {i} of its config is {_short(layer)}, not a dict")
        for key, kind in (("n_in", int), ("n_out", int), ("name", str)):
            value = layer.get(key)
            if (
                not isinstance(value, kind)
                or isinstance(value, bool)
                or (kind is int and value < 1)
            ):
                raise damaged(f"layer {i}'s {key!r} in its config is {_short(value)}")
        if not isinstance(layer.get("activation"), str):
            raise damaged(
                f"layer {i}'s 'activation' in its config is "
                f"{_short(layer.get('activation'))}"
            )
        if i and chain and layer["n_in"] != layers[i - 1]["n_out"]:
            raise damaged(
                f"layer {i} takes {layer['n_in']} inputs but layer {i - 1} has "
                f"{layers[i - 1]['n_out']} units"
            )
    for key in ("optimizer", "fit", "recorder", "final"):
        value = config.get(key, {}) if key != "final" else meta.get(key, {})
        if not isinstance(value, dict):
            raise damaged(f"its {key!r} is {_short(value)}, not a dict")
    return config


def _check_shapes(layers, damaged) -> None:
    """The weight and bias shapes of a recorded PyTorch model's layers."""
    for i, layer in enumerate(layers):
        for key in ("weight_shape", "bias_shape"):
            shape = layer.get(key)
            if shape is not None and not (
                isinstance(shape, list)
                and all(type(n) is int and n >= 0 for n in shape)
            ):
                raise damaged(f"layer {i}'s {key!r} in its config is {_short(shape)}")


def stored_array(blob, what, shape=None, *, path, required=False):
    """A stored array of the run at ``path``, checked: ``shape`` with None for
    any length; ``what`` names it in the error."""
    if blob is None:
        if required:
            raise RunFileError(f"the run {path!r} is damaged: {what} is NULL.")
        return None
    if not isinstance(blob, bytes):
        raise RunFileError(
            f"the run {path!r} is damaged: {what} is a "
            f"{type(blob).__name__}, not a stored array."
        )
    try:
        array = schema.unpack(blob)
    except ValueError as exc:
        raise RunFileError(
            f"the run {path!r} is damaged: {what} is not a stored array ({exc})."
        ) from None
    if shape is not None and (
        array.ndim != len(shape)
        or any(want not in (None, got) for want, got in zip(shape, array.shape))
    ):
        expected = tuple("n" if n is None else n for n in shape)
        raise RunFileError(
            f"the run {path!r} is damaged: {what} has shape {array.shape}; "
            f"its network needs {expected}."
        )
    return array
