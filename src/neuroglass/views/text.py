"""Terminal views: a run's configuration in words, metrics on one line, a
classifier's decision regions drawn in characters.

``neuroglass runs show`` and the HTML report print the optimizer, the schedule, the
training settings and the dataset of a run through these functions, so both say
the same thing, e.g. ``sgd, lr 0.03, constant`` and ``spiral, 500 points, noise 0,
test 50%`` (with ``lang="zh"``: ``sgd，学习率 0.03，恒定``).  They take the
plain values stored in a run's ``config`` (dicts, strings, numbers) and never
fail on a shape they do not know: unknown keys are listed as ``key value``.

>>> describe_optimizer({"name": "sgd", "lr": 0.03}, "Schedule()")
'sgd, lr 0.03, constant'
>>> describe_dataset({"source": "spiral", "n_samples": 500, "noise": 0.0,
...                   "test_fraction": 0.5})
'spiral, 500 points, noise 0, test 50%'
"""

from __future__ import annotations

import ast
import numbers

import numpy as np

from ._text_words import KEYS_ZH, NAMES_ZH, WORDS
from .lang import resolve_lang

__all__ = [
    "config_rows",
    "decision_map",
    "describe_dataset",
    "describe_optimizer",
    "describe_schedule",
    "describe_training",
    "format_metrics",
]


def _words(lang) -> dict:
    return WORDS[resolve_lang(lang)]


def _num(value, w=WORDS["en"]) -> str:
    """A number as short text: 0.03, 1e-08, 500, 0 (not 0.0)."""
    if isinstance(value, bool):
        return w["yes"] if value else w["no"]
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):g}"
    return str(value)


def _value(value, w=WORDS["en"]) -> str:
    if isinstance(value, (list, tuple)):
        return w["sep"].join(_value(v, w) for v in value) or w["none"]
    if isinstance(value, dict):
        return "; ".join(_setting(k, v, w) for k, v in value.items())
    if value is None:
        return w["none"]
    return _num(value, w)


def _setting(key, value, w) -> str:
    """A setting listed as ``key value`` (its key in Chinese where it is a word)."""
    if w is WORDS["zh"]:
        key = KEYS_ZH.get(str(key), key)
    return f"{key} {_value(value, w)}"


def _name(name, w) -> str:
    """A schedule's or a task's name, in Chinese where it has one."""
    return NAMES_ZH.get(str(name), str(name)) if w is WORDS["zh"] else str(name)


def _parse_call(text: str):
    """``"StepDecay(step_size=10, gamma=0.5)"`` -> ``{"class": "StepDecay", ...}``.

    Reads the ``repr`` that older runs stored, without evaluating anything; nested
    calls (a schedule holding a schedule) become nested dicts.  None if the text
    is not of that form.
    """
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return None

    def convert(node):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.args:
                return None
            out = {"class": node.func.id}
            for keyword in node.keywords:
                if keyword.arg is None:
                    return None
                out[keyword.arg] = convert(keyword.value)
            return out
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, RecursionError):
            return None

    result = convert(node)
    return result if isinstance(result, dict) else None


_SCHEDULE_NAMES = {
    "Schedule": "constant",
    "StepDecay": "step",
    "ExponentialDecay": "exponential",
    "CosineDecay": "cosine",
}


def describe_schedule(schedule, lang=None) -> str:
    """A learning-rate schedule in words: ``constant``, ``x0.5 every 10 epochs``
    (in Chinese with ``lang="zh"``; None follows :func:`neuroglass.get_lang`).

    ``schedule`` is what a run stores: a ``config()`` dict with a ``"name"``, the
    schedule's ``repr`` (``"StepDecay(step_size=10, gamma=0.5)"``), a name, or None.
    """
    w = _words(lang)
    if schedule is None:
        return w["constant"]
    if isinstance(schedule, str):
        parsed = _parse_call(schedule)
        if parsed is None:
            return _name(schedule, w)
        schedule = parsed
    if not isinstance(schedule, dict):
        return str(schedule)
    params = dict(schedule)
    name = params.pop("name", None) or _SCHEDULE_NAMES.get(
        params.get("class"), params.get("class")
    )
    params.pop("class", None)
    if "inner" in params or "kind" in params:  # the playground's live schedule
        inner = params.get("inner")
        if isinstance(inner, dict):
            return describe_schedule(inner, lang)
        kind = params.get("kind") or name
        return _name(kind, w) if kind else w["constant"]
    return _schedule_words(name, params, w)


def _schedule_words(name, params, w) -> str:
    if name == "constant":
        return w["constant"]
    gamma = _num(params.get("gamma"), w)
    if name == "step":
        return w["step"].format(gamma=gamma, size=_num(params.get("step_size"), w))
    if name == "exponential":
        return w["exponential"].format(gamma=gamma)
    if name == "cosine":
        span = params.get("epochs")
        over = (
            w["cosine_over"].format(epochs=_num(span, w)) if span else w["cosine_fit"]
        )
        floor = params.get("min_factor") or 0
        to = w["cosine_floor"].format(floor=_num(floor, w)) if floor else "0"
        return w["cosine"].format(to=to, over=over)
    rest = w["sep"].join(_setting(k, v, w) for k, v in params.items())
    return f"{name}{w['sep']}{rest}" if rest else str(name)


def describe_optimizer(optimizer, schedule=None, lang=None) -> str:
    """The optimizer and its schedule in words: ``sgd, lr 0.03, constant``
    (``sgd，学习率 0.03，恒定`` with ``lang="zh"``).

    ``optimizer`` is a run's ``config["optimizer"]`` (``{"name": "sgd", "lr":
    0.03}``; momentum, Adam and RMSProp add their own settings) or a name.
    """
    w = _words(lang)
    if not isinstance(optimizer, dict):
        head = str(optimizer) if optimizer is not None else "-"
        return f"{head}{w['sep']}{describe_schedule(schedule, lang)}"
    params = dict(optimizer)
    name = str(params.pop("name", "optimizer"))
    nesterov = params.pop("nesterov", False)
    if nesterov and name == "momentum":
        name = w["nesterov"]
    parts = [name]
    if "lr" in params:
        parts.append(w["lr"].format(lr=_num(params.pop("lr"), w)))
    parts += [_setting(k, v, w) for k, v in params.items()]
    parts.append(describe_schedule(schedule, lang))
    return w["sep"].join(parts)


def describe_training(fit, lang=None) -> str:
    """A run's fit settings in words, e.g. ``300 epochs, batch 10, 250 train /
    250 validation samples, shuffled, no regularization`` (in Chinese with
    ``lang="zh"``)."""
    w = _words(lang)
    if not isinstance(fit, dict):
        return _value(fit, w)
    params = dict(fit)
    parts = []
    if "epochs" in params:
        parts.append(w["epochs"].format(n=_num(params.pop("epochs"), w)))
    if "batch_size" in params:
        parts.append(w["batch"].format(n=_num(params.pop("batch_size"), w)))
    n_train, n_val = params.pop("n_train", None), params.pop("n_val", None)
    if n_train is not None:
        val = w["validation"].format(n=_num(n_val, w)) if n_val else ""
        parts.append(w["samples"].format(train=_num(n_train, w), val=val))
    shuffle = params.pop("shuffle", None)
    if shuffle is not None:
        parts.append(w["shuffled"] if shuffle else w["not_shuffled"])
    l1, l2 = params.pop("l1", 0) or 0, params.pop("l2", 0) or 0
    penalties = [f"{k} {_num(v, w)}" for k, v in (("L1", l1), ("L2", l2)) if v]
    parts.append(w["sep"].join(penalties) if penalties else w["no_regularization"])
    clip = params.pop("clip_norm", None)
    if clip:
        parts.append(w["clipped"].format(norm=_num(clip, w)))
    steps = params.pop("steps_per_epoch", None)
    if steps is not None:
        parts.append(w["steps"].format(n=_num(steps, w)))
    parts += [_setting(k, v, w) for k, v in params.items()]
    return w["sep"].join(parts)


def _features(value, w) -> str | None:
    if not value:
        return None
    if isinstance(value, str):
        value = [f.strip() for f in value.split(",")]
    return w["features"].format(names=w["sep"].join(map(str, value)))


def describe_dataset(dataset, lang=None) -> str:
    """A run's dataset description in words: ``spiral, 500 points, noise 0, test
    50%`` (in Chinese with ``lang="zh"``).

    Understands what ``neuroglass train --record``, the playground and a bare
    ``Recorder`` store; other keys are listed as ``key value``.
    """
    w = _words(lang)
    if dataset is None:
        return "-"
    if not isinstance(dataset, dict):
        return str(dataset)
    params = dict(dataset)
    playground = params.pop("playground", None)
    playground = playground if isinstance(playground, dict) else {}
    name = params.pop("source", None) or params.pop("name", None)
    parts = [str(name)] if name else []
    n = params.pop("n_samples", None)
    if n is not None:
        parts.append(w["points" if name else "n_samples"].format(n=_num(n, w)))
    n_features = params.pop("n_features", None)
    if n_features is not None:
        parts.append(w["n_features"].format(n=_num(n_features, w)))
    noise = params.pop("noise", None)
    if noise is None and "noise" in playground:
        noise = playground["noise"] / 100  # the page's slider is in percent
    if noise is not None and not str(name or "").startswith("CSV"):
        parts.append(w["noise"].format(noise=_num(noise, w)))
    test = params.pop("test_fraction", None)
    if test is None and "train_ratio" in playground:
        test = 1 - playground["train_ratio"] / 100
    if test is not None:
        parts.append(w["test"].format(percent=f"{100 * float(test):.0f}"))
    features = _features(params.pop("features", None), w)
    if features:
        parts.append(features)
    task = params.pop("task", None)
    if task:
        parts.append(_name(task, w))
    seed = params.pop("data_seed", None)
    if seed is not None:
        parts.append(w["data_seed"].format(seed=_num(seed, w)))
    parts += [_setting(k, v, w) for k, v in params.items() if v is not None]
    return w["sep"].join(parts) or "-"


def config_rows(config, lang=None) -> list[tuple[str, str]]:
    """``[(label, text), ...]`` for a run's optimizer, training and dataset;
    the labels are keys (``"optimizer"``, ``"training"``, ``"dataset"``) for the
    caller to word, the texts are in ``lang`` (None: :func:`neuroglass.get_lang`)."""
    return [
        (
            "optimizer",
            describe_optimizer(config.get("optimizer"), config.get("schedule"), lang),
        ),
        ("training", describe_training(config.get("fit"), lang)),
        ("dataset", describe_dataset(config.get("dataset"), lang)),
    ]


def format_metrics(prefix: str, metrics) -> str:
    """A network's metrics on one line: ``test loss 0.0312  test accuracy 98.4%``.

    ``metrics`` is what :meth:`Network.evaluate` returns (``loss`` and, when the
    network has them, ``accuracy`` and ``r2``).
    """
    parts = [f"{prefix} loss {metrics['loss']:.4f}"]
    if "accuracy" in metrics:
        parts.append(f"{prefix} accuracy {100 * metrics['accuracy']:.1f}%")
    if "r2" in metrics:
        parts.append(f"{prefix} R^2 {metrics['r2']:.4f}")
    return "  ".join(parts)


def decision_map(net, X, y, width: int = 56, height: int = 22) -> str:
    """The decision regions of a 2-input classifier as text: ``+`` for class 1.

    The plane spans the points ``X`` (n, 2); each grid cell shows the class
    ``net.predict_classes`` gives its centre (``+`` class 1, ``.`` class 0), and
    each point of ``X`` is drawn over it (``O`` for label 1, ``x`` for 0).
    """
    X = np.asarray(X, dtype=np.float64)
    lo, hi = X.min(axis=0), X.max(axis=0)
    xs = np.linspace(lo[0], hi[0], width)
    ys = np.linspace(hi[1], lo[1], height)
    grid = np.array([[x, v] for v in ys for x in xs])
    classes = net.predict_classes(grid).reshape(height, width)
    rows = [["+" if c else "." for c in row] for row in classes]
    for (px, py), label in zip(X, y):
        col = round((px - lo[0]) / (hi[0] - lo[0]) * (width - 1))
        row = round((hi[1] - py) / (hi[1] - lo[1]) * (height - 1))
        rows[row][col] = "O" if label else "x"
    border = "  +" + "-" * width + "+"
    return "\n".join([border, *("  |" + "".join(r) + "|" for r in rows), border])
