"""Checks on one field of a message or setting the page sent.

The type and range checks are :mod:`neuroglass.engine.validation`'s helpers (the
one home of argument checks), given the field's whole range; here their
:class:`~neuroglass.engine.errors.ConfigError` becomes a :class:`ConfigMessageError`
naming the field, whose message says the value (as ``validation.describe`` shows
it: a 400-digit integer by its length, a long text cut) and what the field
takes, in the page's words. Each check returns the value it accepted,
normalised (``2.0`` -> ``2`` for a whole number, ``1`` -> ``True`` for a
boolean, ``3`` -> ``3.0`` for a number).

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

from ..engine.errors import ConfigError, NeuroglassError
from ..engine.validation import (
    check_bool,
    check_list,
    describe,
    finite_number,
    integer,
)
from . import zh as words


class ConfigMessageError(NeuroglassError, ValueError):
    """A message the page sent was refused; ``field`` names the offending key,
    ``zh`` says the same in Chinese (the page shows it in Chinese)."""

    def __init__(self, message: str, field: str | None = None, zh: str | None = None):
        super().__init__(message)
        self.field = field
        self.zh = zh


def _checked(key, expected, check, value, zh, **options):
    """``check(value, key, **options)``; a refusal becomes a
    :class:`ConfigMessageError` naming the field, the value and ``expected``
    in the page's words (``a whole number``, ``true or false``; ``zh``: the
    same in Chinese)."""
    try:
        return check(value, key, **options)
    except ConfigError:
        raise ConfigMessageError(
            f"{key} must be {expected}; got {describe(value)}.",
            key,
            f"{words.field(key)}必须是{zh}；收到的是 {describe(value)}。",
        ) from None


def whole_number(key, value, low, high) -> int:
    """An integer from ``low`` to ``high`` (a float such as ``3.0`` counts:
    JSON and URLs do not tell 3 from 3.0)."""
    if isinstance(value, float) and value.is_integer() and low <= value <= high:
        value = int(value)
    expected = f"a whole number from {low} to {high}"
    zh = f" {low} 到 {high} 之间的整数"
    return _checked(key, expected, integer, value, zh, minimum=low, maximum=high)


def number(key, value, high, *, positive=False) -> float:
    """A finite number from 0 (excluded when ``positive``) to ``high``."""
    interval = f"{'(' if positive else '['}0, {high}]"
    return _checked(
        key,
        f"a number in {interval}",
        finite_number,
        value,
        f" {interval} 内的数",
        low=0,
        high=high,
        low_open=positive,
    )


def signed_number(key, value, bound) -> float:
    """A finite number from ``-bound`` to ``bound``."""
    expected = f"a finite number from {-bound:g} to {bound:g}"
    zh = f" {-bound:g} 到 {bound:g} 之间的有限数"
    return _checked(key, expected, finite_number, value, zh, low=-bound, high=bound)


def boolean(key, value) -> bool:
    """``true`` or ``false`` (or 1 and 0, as every boolean argument)."""
    return _checked(key, "true or false", check_bool, value, " true 或 false")


def choice(key, value, allowed):
    """One of ``allowed``, named in the error."""
    if value not in allowed:
        raise ConfigMessageError(
            f"{key} must be one of {', '.join(map(str, allowed))}; got "
            f"{describe(value)}.",
            key,
            f"{words.field(key)}必须是 {words.listing(allowed)} 之一；收到的是 "
            f"{describe(value)}。",
        )
    return value


def items(key, value, most) -> list:
    """A list of at most ``most`` items."""
    expected = f"a list of at most {most} items"

    def check(value, key):
        return check_list(value, key, expected, min_length=0, max_length=most)

    return _checked(key, expected, check, value, f"最多 {most} 项的列表")
