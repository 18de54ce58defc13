"""Argument types for the ``neuroglass`` command: every number checked at parse time.

Each option's range is written once here, and an out-of-range value is refused
with one line naming the option, the value and the allowed range, before any
work starts.  Absurd sizes (layer widths, samples, image resolution) are capped
so that a typo gives an error instead of filling the memory.
"""

from __future__ import annotations

import argparse
import math
import re
import sys

from .. import datasets
from ..engine import ParameterLayout, validation
from ..engine.errors import ConfigError
from .messages import join_and, t, usage_error

#: The widest hidden layer the command line builds.
MAX_WIDTH = 100_000
#: The most parameters (weights and biases) a network from the command line has.
MAX_PARAMS = 20_000_000
#: The most samples a generated data set has.
MAX_SAMPLES = 1_000_000
#: Image resolution limits for plots (dots per inch).
MIN_DPI, MAX_DPI = 10, 1200
#: The largest PNG drawn (width x height).
MAX_PIXELS = 50_000_000
#: Epochs: a typo such as 1e9 would otherwise run for days.
MAX_EPOCHS = 1_000_000
MAX_SEED = 2**32 - 1


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr, exit code 2,
    in the command's language."""

    def format_usage(self):
        return _usage_prefix(super().format_usage())

    def format_help(self):
        return _usage_prefix(super().format_help())

    def error(self, message):
        line = t("usage_error", prog=self.prog, message=usage_error(message))
        self.exit(2, line + "\n")


def _usage_prefix(text: str) -> str:
    """argparse's ``usage: `` in the command's language."""
    if text.startswith("usage: ") and t("usage_prefix") != "usage: ":
        return t("usage_prefix") + text[len("usage: ") :]
    return text


def _whole(text: str):
    """``text`` as an int, or None if it is not a whole number (``1e3`` is)."""
    text = text.strip().replace("_", "")
    if re.fullmatch(r"[+-]?[0-9]{1,30}", text):
        return int(text)
    try:
        value = float(text)
    except ValueError:
        return None
    if math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _refusal(expected: str, text: str, hint: str) -> argparse.ArgumentTypeError:
    """argparse prefixes the option's name: "argument --lr: must be ...".
    ``hint``: text, or a :class:`~neuroglass.cli.messages.Lazy` message."""
    return argparse.ArgumentTypeError(
        t("refusal", expected=expected, text=text, hint=str(hint))
    )


def integer(name: str, low: int, high: int | None = None, hint: str = ""):
    """An argparse type: a whole number from ``low`` to ``high`` (inclusive).

    The check is :func:`neuroglass.engine.validation.integer`'s; the message
    shows the text as typed (``1e3`` counts as 1000).
    """

    def parse(text: str) -> int:
        try:
            return validation.integer(_whole(text), name, minimum=low, maximum=high)
        except ConfigError:
            if high is None:
                expected = t("whole_min", low=low)
            else:
                expected = t("whole_range", low=low, high=high)
            raise _refusal(expected, text, hint) from None

    parse.__name__ = name  # argparse names the type in some messages
    return parse


def _span(low, high, low_open, high_open) -> str:
    left = f"> {low:g}" if low_open else f">= {low:g}"
    if high is None:
        return left
    return t(
        "span_and", left=left, right=f"< {high:g}" if high_open else f"<= {high:g}"
    )


def number(
    name: str,
    low: float,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    hint: str = "",
):
    """An argparse type: a finite number in a range (open or closed at each end).

    The check is :func:`neuroglass.engine.validation.finite_number`'s; the
    message shows the text as typed.
    """
    bounds = {"low": low, "high": high, "low_open": low_open, "high_open": high_open}

    def parse(text: str) -> float:
        try:
            return validation.finite_number(float(text), name, **bounds)
        except (ValueError, ConfigError):  # ConfigError is a ValueError too
            span = _span(low, high, low_open, high_open)
            raise _refusal(t("finite", span=span), text, hint) from None

    parse.__name__ = name
    return parse


#: ``--seed`` (NumPy takes 0 .. 2**32 - 1 and more; this is plenty).
SEED = integer("--seed", 0, MAX_SEED)
#: ``--noise`` of a generated data set (TensorFlow Playground's slider / 100).
NOISE = number("--noise", 0, 0.5)


def layers(text: str) -> list[int]:
    """``--layers``: hidden widths separated by commas; "none" or "0" for none."""
    if text.strip().lower() in ("", "none", "0"):
        return []
    sizes = [_whole(part) for part in text.split(",")]
    if any(s is None for s in sizes):
        raise argparse.ArgumentTypeError(t("layers_syntax", text=text))
    if any(s < 1 or s > MAX_WIDTH for s in sizes):
        raise argparse.ArgumentTypeError(t("layers_range", high=MAX_WIDTH, text=text))
    return sizes


def feature_names(text: str) -> list[str]:
    """``--features``: names separated by commas, e.g. ``x1,x2,x1^2``."""
    names = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not name for name in names):
        raise argparse.ArgumentTypeError(t("features_syntax", text=text))
    return names


def check_params(sizes: list[int]) -> None:
    """Refuse a network with more than :data:`MAX_PARAMS` parameters."""
    count = ParameterLayout.from_sizes(sizes).size
    if count > MAX_PARAMS:
        sizes = " -> ".join(map(str, sizes))
        raise ValueError(
            t("too_many_params", sizes=sizes, count=count, high=MAX_PARAMS)
        )


def load_named(name, *, n=None, noise=None, seed=0):
    """A built-in data set by name: ``n``, ``noise`` and ``seed`` go to the
    generated ones; fixed data (digits, iris) refuses an explicit ``n``/``noise``."""
    if name in datasets.FIXED:
        given = [f"--{k} {v}" for k, v in (("n", n), ("noise", noise)) if v is not None]
        if given:
            generated = ", ".join(datasets.GENERATED)
            raise ValueError(
                t("fixed_data", given=join_and(given), name=name, generated=generated)
            )
        return datasets.load(name)
    kwargs = {"seed": seed, "noise": 0.0 if noise is None else noise}
    if n is not None:
        kwargs["n"] = n
    return datasets.load(name, **kwargs)


def quiet_broken_pipe() -> int:
    """Stdout's reader went away (``neuroglass ... | head``): stop quietly.

    As the Python docs advise: point stdout at devnull so that the interpreter's
    final flush does not fail again, and exit with status 1.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests)
        pass
    return 1
