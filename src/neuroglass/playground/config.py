"""The playground's settings: defaults, allowed values and their validation.

A config is a plain dict with the keys of :data:`DEFAULTS`; the page keeps the same
keys in its URL hash. :func:`merge` checks a partial config sent by the page and
returns the new whole one, or raises :class:`ConfigMessageError` naming the field.
"""

from __future__ import annotations

from .fields import ConfigMessageError, choice, items, number, whole_number
from .zh import listing

#: TF Playground's learning rates, and the rest of the (0, 10] range is allowed
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
REG_RATES = (0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
ACTIVATIONS = (
    "tanh",
    "relu",
    "sigmoid",
    "linear",
    "leaky_relu",
    "elu",
    "softplus",
    "gelu",
    "swish",
)
DATASETS = {
    "classification": ("circle", "xor", "gauss", "spiral", "spirals3", "blobs4"),
    "regression": ("plane", "multi_gauss"),
}
OUTPUTS = {
    "classification": ("tanh_mse", "sigmoid_bce", "softmax_ce"),
    "regression": ("linear_mse", "tanh_mse"),
}
OPTIMIZERS = ("sgd", "momentum", "adam")
SCHEDULES = ("constant", "step", "exponential", "cosine")
REGULARIZATIONS = ("none", "l1", "l2")
INITS = ("playground", "glorot_uniform", "he_uniform")

MAX_LAYERS = 8
MAX_NEURONS = 32
MAX_BATCH = 500
MAX_SEED = 2**31 - 1

DEFAULTS = {
    "problem": "classification",
    "dataset": "circle",
    "noise": 0,
    "train_ratio": 50,
    "batch_size": 10,
    "seed": 0,
    "data_seed": 0,
    "features": ["x1", "x2"],
    "hidden": [4, 2],
    "activation": "tanh",
    "layer_activations": [],
    "output": "tanh_mse",
    "optimizer": "sgd",
    "learning_rate": 0.03,
    "schedule": "constant",
    "regularization": "none",
    "reg_rate": 0,
    "init": "playground",
    "stop_epoch": 0,
}

#: how each setting is written in the page's URL, in the URL's order: the page
#: parses its links with this table (sent with ``hello``), so it keeps no copy.
#: "slots": a list whose blank items mean "the default" (a layer's activation).
SETTINGS = {
    "problem": "name",
    "dataset": "name",
    "noise": "int",
    "train_ratio": "int",
    "batch_size": "int",
    "seed": "int",
    "data_seed": "int",
    "features": "names",
    "hidden": "ints",
    "activation": "name",
    "layer_activations": "slots",
    "output": "name",
    "optimizer": "name",
    "learning_rate": "number",
    "schedule": "name",
    "regularization": "name",
    "reg_rate": "number",
    "init": "name",
    "stop_epoch": "int",
}

#: keys whose change keeps the weights (everything else resets the network)
LIVE_KEYS = frozenset({"learning_rate", "schedule", "stop_epoch", "data_seed"})
#: keys whose change makes new data. ``seed`` draws the initial weights and
#: ``data_seed`` the data: new data keeps the weights (as "regenerate" does), new
#: weights keep the data (as "reset" does), as in TF Playground.
DATA_KEYS = frozenset({"problem", "dataset", "noise", "train_ratio", "data_seed"})


def options() -> dict:
    """The allowed values of every choice, for the page's controls."""
    return {
        "learning_rate": list(LEARNING_RATES),
        "reg_rate": list(REG_RATES),
        "features": list(FEATURES),
        "activation": list(ACTIVATIONS),
        "datasets": {k: [*v, "custom"] for k, v in DATASETS.items()},
        "output": {k: list(v) for k, v in OUTPUTS.items()},
        "optimizer": list(OPTIMIZERS),
        "schedule": list(SCHEDULES),
        "regularization": list(REGULARIZATIONS),
        "init": list(INITS),
    }


def limits() -> dict:
    return {
        "max_layers": MAX_LAYERS,
        "max_neurons": MAX_NEURONS,
        "batch_size": [1, MAX_BATCH],
        "learning_rate": [0, 10],
        "reg_rate": [0, 10],
        "noise": [0, 50],
        "train_ratio": [10, 90],
        "seed": [0, MAX_SEED],
        "data_seed": [0, MAX_SEED],
    }


# -- checks (each field by playground.fields: engine.validation's helpers) -----------
def _features(value):
    value = items("features", value, len(FEATURES))
    for name in value:
        choice("features", name, FEATURES)
    if not value:
        raise ConfigMessageError(
            "features must name at least one input feature, such as x1.",
            "features",
            "至少要选择一个输入特征，例如 x1。",
        )
    return [name for name in FEATURES if name in value]  # canonical order, no repeats


def _hidden(value):
    value = items("hidden", value, MAX_LAYERS)
    return [whole_number("hidden", n, 1, MAX_NEURONS) for n in value]


def _layer_activations(value):
    value = items("layer_activations", value, MAX_LAYERS)
    return [
        "" if a in ("", None) else choice("layer_activations", a, ACTIVATIONS)
        for a in value
    ]


_CHECKS = {
    "problem": lambda v: choice("problem", v, tuple(DATASETS)),
    "dataset": lambda v: v,  # checked against the problem in merge()
    "noise": lambda v: whole_number("noise", v, 0, 50),
    "train_ratio": lambda v: whole_number("train_ratio", v, 10, 90),
    "batch_size": lambda v: whole_number("batch_size", v, 1, MAX_BATCH),
    "seed": lambda v: whole_number("seed", v, 0, MAX_SEED),
    "data_seed": lambda v: whole_number("data_seed", v, 0, MAX_SEED),
    "features": _features,
    "hidden": _hidden,
    "activation": lambda v: choice("activation", v, ACTIVATIONS),
    "layer_activations": _layer_activations,
    "output": lambda v: v,  # checked against the problem in merge()
    "optimizer": lambda v: choice("optimizer", v, OPTIMIZERS),
    "learning_rate": lambda v: number("learning_rate", v, 10, positive=True),
    "schedule": lambda v: choice("schedule", v, SCHEDULES),
    "regularization": lambda v: choice("regularization", v, REGULARIZATIONS),
    "reg_rate": lambda v: number("reg_rate", v, 10),
    "init": lambda v: choice("init", v, INITS),
    "stop_epoch": lambda v: whole_number("stop_epoch", v, 0, 10**9),
}


def merge(current: dict, partial) -> dict:
    """Return ``current`` updated with the checked ``partial`` config.

    Raises ConfigMessageError (naming the field) for an unknown key or a bad
    value; ``current`` is never modified.
    """
    if not isinstance(partial, dict):
        raise ConfigMessageError(
            f"config must be an object of settings; got {type(partial).__name__}.",
            None,
            f"设置必须是一个对象；收到的是 {type(partial).__name__}。",
        )
    unknown = sorted(set(partial) - set(DEFAULTS))
    if unknown:
        raise ConfigMessageError(
            f"unknown setting {unknown[0]!r}; the settings are {', '.join(DEFAULTS)}.",
            unknown[0],
            f"未知的设置 {unknown[0]!r}；可用的设置为 {listing(DEFAULTS)}。",
        )
    new = dict(current)
    for key, value in partial.items():
        new[key] = _CHECKS[key](value)
    problem = new["problem"]
    changed = problem != current.get("problem")
    if "problem" in partial and "dataset" not in partial:
        if new["dataset"] not in DATASETS[problem] and (
            changed or new["dataset"] != "custom"
        ):
            new["dataset"] = DATASETS[problem][0]
    if "problem" in partial and "output" not in partial:
        if changed or new["output"] not in OUTPUTS[problem]:
            new["output"] = OUTPUTS[problem][0]  # TF: tanh, or linear for regression
    choice("dataset", new["dataset"], (*DATASETS[problem], "custom"))
    choice("output", new["output"], OUTPUTS[problem])
    return new


def needs_reset(old: dict, new: dict) -> tuple[bool, bool]:
    """``(new weights, new data)`` for a change from ``old`` to ``new``: a new
    ``data_seed`` alone makes new data and keeps the weights."""
    changed = {k for k in DEFAULTS if old.get(k) != new.get(k)}
    return bool(changed - LIVE_KEYS), bool(changed & DATA_KEYS)
