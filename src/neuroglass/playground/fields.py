"""Checks on one field of a message or setting the page sent.

The type and range checks are :mod:`neuroglass.engine.validation`'s helpers (the
one home of argument checks); here their :class:`~neuroglass.engine.errors.ConfigError`
becomes a :class:`ConfigMessageError` naming the field, whose message says the
value, what was expected and the field's allowed range. Each check returns the
value it accepted, normalised (``2.0`` -> ``2`` for a whole number, ``1`` ->
``True`` for a boolean).

Example
-------
>>> whole_number("noise", 7.0, 0, 50)
7
>>> try:
...     whole_number("noise", 51, 0, 50)
... except ConfigMessageError as error:
...     print(error.field, "|", error)
noise | noise must be a whole number from 0 to 50; got 51.
"""

from __future__ import annotations

import math
import numbers

from ..engine.errors import ConfigError, NeuroglassError
from ..engine.validation import check_bool, integer, non_negative, positive_number


class ConfigMessageError(NeuroglassError, ValueError):
    """A message the page sent was refused; ``field`` names the offending key."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _helper(key, expected, check, value, **options):
    """``check(value, key, **options)``, its refusal naming the field and
    ``expected`` (what the field takes)."""
    try:
        return check(value, key, **options)
    except ConfigError as exc:
        raise ConfigMessageError(f"{exc} {key} takes {expected}.", key) from None
    except OverflowError:  # an integer beyond float's range
        raise ConfigMessageError(
            f"{key} must be a finite number; got an integer of "
            f"{len(str(abs(value)))} digits. {key} takes {expected}.",
            key,
        ) from None


def _at_most(key, expected, value, high):
    if value > high:
        raise ConfigMessageError(f"{key} must be {expected}; got {value!r}.", key)
    return value


def whole_number(key, value, low, high) -> int:
    """An integer from ``low`` to ``high`` (a float such as ``3.0`` counts:
    JSON and URLs do not tell 3 from 3.0)."""
    expected = f"a whole number from {low} to {high}"
    if isinstance(value, float) and value.is_integer() and low <= value <= high:
        value = int(value)
    number = _helper(key, expected, integer, value, minimum=low)
    return _at_most(key, expected, number, high)


def number(key, value, high, *, positive=False) -> float:
    """A finite number from 0 (excluded when ``positive``) to ``high``."""
    expected = f"a number in {'(' if positive else '['}0, {high}]"
    check = positive_number if positive else non_negative
    return _at_most(key, expected, _helper(key, expected, check, value), high)


def signed_number(key, value, bound) -> float:
    """A finite number from ``-bound`` to ``bound``. engine.validation has no
    helper for a signed range, so this one check is written here."""
    try:
        ok = (
            not isinstance(value, bool)
            and isinstance(value, numbers.Real)
            and math.isfinite(value)
            and abs(value) <= bound
        )
    except OverflowError:  # a huge integer
        ok = False
    if not ok:
        raise ConfigMessageError(
            f"{key} must be a finite number from {-bound:g} to {bound:g}; got "
            f"{value!r}.",
            key,
        )
    return value


def boolean(key, value) -> bool:
    """``true`` or ``false`` (or 1 and 0, as every boolean argument)."""
    return _helper(key, "true or false", check_bool, value)


def choice(key, value, allowed):
    """One of ``allowed``, named in the error."""
    if value not in allowed:
        raise ConfigMessageError(
            f"{key} must be one of {', '.join(map(str, allowed))}; got {value!r}.", key
        )
    return value


def items(key, value, most) -> list:
    """A list of at most ``most`` items."""
    if not isinstance(value, list) or len(value) > most:
        raise ConfigMessageError(
            f"{key} must be a list of at most {most} items; got {value!r}.", key
        )
    return value
