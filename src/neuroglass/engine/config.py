"""A network's architecture as data (``Network.config()``), checked field by field.

A config may come from a file someone sent (``ng.load``) or a run file, so
:func:`check_config` trusts nothing: every field is type- and range-checked
before anything is allocated, and each error names the field and its value.
"""

from __future__ import annotations

import math
import numbers

from .activations import get_activation
from .errors import ConfigError
from .initializers import canonical_init
from .losses import get_loss

FORMAT = "neuroglass.network"
FORMAT_VERSION = 1
#: the largest counter a run file (SQLite INTEGER) can hold
MAX_COUNT = 2**63 - 1
#: more layers than anyone trains in NumPy, fewer than a hostile file may list
MAX_LAYERS = 10_000
MAX_NAME = 200
MAX_DEPTH = 8


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _fail(field, expected, value):
    raise ConfigError(
        f"config field {field!r} must be {expected}; got {_show(value)} of type "
        f"{type(value).__name__}."
    )


def _int(value, field, minimum=0, maximum=MAX_COUNT):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        _fail(field, f"an integer in [{minimum}, {maximum}]", value)
    if not minimum <= value <= maximum:
        _fail(field, f"an integer in [{minimum}, {maximum}]", value)
    return int(value)


def _str(value, field, allow_none=False):
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or not value or len(value) > MAX_NAME:
        _fail(
            field,
            f"a non-empty string of at most {MAX_NAME} characters"
            + (" or null" if allow_none else ""),
            value,
        )
    return value


def _strength(value, field):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        _fail(field, "a finite number >= 0", value)
    try:
        number = float(value)  # an int of 400 digits overflows here
    except (OverflowError, ValueError):
        number = math.nan
    if not math.isfinite(number) or number < 0:
        _fail(field, "a finite number >= 0", value)
    return number


def _registered(value, field, lookup):
    """A name that ``lookup`` (get_loss, get_activation, ...) knows."""
    _str(value, field)
    try:
        lookup(value)
    except ConfigError as exc:
        raise ConfigError(f"config field {field!r}: {exc}") from None
    return value


def depth(value, limit=MAX_DEPTH) -> int:
    """Nesting depth of JSON-like data, counted without recursion (stops past
    ``limit``)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def check_config(config) -> dict:
    """Return a clean copy of a network config, or raise :class:`ConfigError`
    naming the first field that is missing, of the wrong type or out of range.
    """
    version = _check_header(config)
    layers = config.get("layers")
    if not isinstance(layers, list) or not 1 <= len(layers) <= MAX_LAYERS:
        _fail("layers", f"a list of 1 to {MAX_LAYERS} layer objects", layers)
    names = set()
    clean_layers = [_check_layer(i, layer, names) for i, layer in enumerate(layers)]
    return {
        "format": FORMAT,
        "version": version,
        "layers": clean_layers,
        **_check_network_fields(config),
    }


def _check_header(config) -> int:
    """That ``config`` is a shallow object of our format; its version."""
    if not isinstance(config, dict):
        _fail("config", "a JSON object", config)
    if depth(config) > MAX_DEPTH:
        raise ConfigError(
            f"config is nested more than {MAX_DEPTH} levels deep; a network config "
            "is a flat object with a list of layers."
        )
    if config.get("format") != FORMAT:
        _fail("format", repr(FORMAT), config.get("format"))
    version = config.get("version")
    _int(version, "version", 1, FORMAT_VERSION)
    return version


def _check_layer(i, layer, names) -> dict:
    """The clean ``layers[i]``; its name (given or ``dense_<i+1>``) must not be
    in ``names``, to which it is added."""
    where = f"layers[{i}]"
    if not isinstance(layer, dict):
        _fail(where, "an object with n_in, n_out, activation, init", layer)
    if layer.get("type", "Dense") != "Dense":
        _fail(f"{where}.type", "'Dense'", layer.get("type"))
    for key in ("n_in", "n_out", "activation", "init"):
        if key not in layer:
            raise ConfigError(f"config field {where!r} lacks {key!r}.")
    name = _str(layer.get("name"), f"{where}.name", allow_none=True)
    name = name or f"dense_{i + 1}"
    if name in names:
        raise ConfigError(
            f"config field '{where}.name' repeats the layer name {name!r}; each "
            "layer needs its own name."
        )
    names.add(name)
    return {
        "n_in": _int(layer["n_in"], f"{where}.n_in", 1),
        "n_out": _int(layer["n_out"], f"{where}.n_out", 1),
        "activation": _registered(
            layer["activation"], f"{where}.activation", get_activation
        ),
        "init": _registered(layer["init"], f"{where}.init", canonical_init),
        "name": name,
    }


def _check_network_fields(config) -> dict:
    """The clean fields about the whole network: loss, dtype, regularization,
    seed, name and counters."""
    for key in ("loss", "dtype", "seed"):
        if key not in config:
            raise ConfigError(f"config lacks the field {key!r}.")
    dtype = config["dtype"]
    if dtype not in ("float32", "float64"):
        _fail("dtype", "'float32' or 'float64'", dtype)
    return {
        "loss": _registered(config["loss"], "loss", get_loss),
        "dtype": dtype,
        "l1": _strength(config.get("l1", 0.0), "l1"),
        "l2": _strength(config.get("l2", 0.0), "l2"),
        "seed": _int(config["seed"], "seed", 0, 2**128),
        "name": _str(config.get("name"), "name", allow_none=True),
        "epochs_trained": _int(config.get("epochs_trained", 0), "epochs_trained"),
        "steps_trained": _int(config.get("steps_trained", 0), "steps_trained"),
    }


def parameter_shapes(config: dict) -> dict:
    """``{"dense_1.weights": (n_in, n_out), "dense_1.bias": (n_out,), ...}`` of a
    checked config, computed without building the network."""
    shapes = {}
    for layer in config["layers"]:
        shapes[f"{layer['name']}.weights"] = (layer["n_in"], layer["n_out"])
        shapes[f"{layer['name']}.bias"] = (layer["n_out"],)
    return shapes
