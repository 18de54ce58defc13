"""Checks on one number or flag.

Every helper either accepts the value, returning it as a plain Python ``float``,
``int`` or ``bool`` that lies in the range it checked, or refuses it with a
:class:`ConfigError` that names the value and what was expected; a ``hint``
(how to fix it) is appended when given. No other exception escapes, whatever
the value: integers too large for a float (``10**400``), NaN and infinities,
NumPy scalars of any width, ``Fraction`` and ``Decimal``, 0-d arrays (read as
the number they hold), arrays of one element (refused: pass the number),
complex numbers, text, bytes, ``None`` and arbitrary objects. Bools are not
numbers here: ``True`` is refused where a number is expected.

Example
-------
>>> finite_number(0.25, "test_fraction", low=0, high=1, low_open=True, high_open=True)
0.25
>>> try:
...     integer(12, "noise", minimum=0, maximum=10, hint="Try noise=5.")
... except ConfigError as error:
...     print(error)
noise must be an integer from 0 to 10; got 12. Try noise=5.
"""

from __future__ import annotations

import decimal
import math
import numbers
import operator

import numpy as np

from ..errors import ConfigError

#: Integers with more digits are described by their length, not printed.
_MAX_DIGITS = 60
#: Longer descriptions of a value are cut to this many characters.
_MAX_REPR = 80


def _number_of_digits(value: int) -> int:
    # str() of a huge int is slow (and refused beyond 4300 digits)
    return 1 if value == 0 else int(math.log10(abs(value))) + 1


def describe(value) -> str:
    """``value`` as an error message shows it: its ``repr``, kept short.

    A bool says it is one, an integer of more than 60 digits gives its length,
    an array gives its shape, and a long ``repr`` is cut.
    """
    if isinstance(value, (bool, np.bool_)):
        return f"the bool {value!r}"
    if isinstance(value, int) and abs(value).bit_length() > 3.33 * _MAX_DIGITS:
        return f"an integer of {_number_of_digits(value)} digits"
    try:
        text = repr(value)
    except Exception:  # a hostile or huge object: its type still helps
        text = f"a {type(value).__name__}"
    if len(text) > _MAX_REPR:
        text = text[: _MAX_REPR - 3] + "..."
    if isinstance(value, np.ndarray) and value.ndim:
        text += f" (an array of shape {value.shape})"
    return text


def _message(what: str, expected: str, value, hint: str = "", note: str = "") -> str:
    """``"{what} must be {expected}; got {value}{note}. {hint}"``."""
    text = f"{what} must be {expected}; got {describe(value)}{note}."
    hint = (hint or "").strip()
    if hint:
        text += " " + hint + ("" if hint[-1] in ".!?" else ".")
    return text


def _unwrap(value):
    """A 0-d array as the scalar it holds (``np.array(3.0)`` -> ``3.0``)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value[()]
    return value


def _is_real(value) -> bool:
    """A real number and not a bool (0-d arrays unwrapped first)."""
    return not isinstance(value, (bool, np.bool_)) and isinstance(
        value, (numbers.Real, decimal.Decimal)
    )


def _finite_float(value):
    """``float(value)`` for a finite real number; None for anything else
    (including an integer beyond float's range, about 1.8e308)."""
    value = _unwrap(value)
    if not _is_real(value):
        return None
    try:
        with np.errstate(all="ignore"):
            number = float(value)
    except (OverflowError, ValueError, TypeError, ArithmeticError):
        return None  # 10**400, Fraction(10**400), Decimal('sNaN')
    return number if math.isfinite(number) else None


def _bound(value) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def span(low=None, high=None, low_open=False, high_open=False) -> str:
    """The words for a range: ``" > 0"``, ``" <= 1"``, ``" in [0, 1)"`` or ``""``."""
    if low is not None and high is not None:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        return f" in {left}{_bound(low)}, {_bound(high)}{right}"
    if low is not None:
        return f" {'>' if low_open else '>='} {_bound(low)}"
    if high is not None:
        return f" {'<' if high_open else '<='} {_bound(high)}"
    return ""


def _inside(number, low, high, low_open, high_open) -> bool:
    if low is not None and (number <= low if low_open else number < low):
        return False
    return high is None or (number < high if high_open else number <= high)


def _in_range(value, what, expected, hint, low, high, low_open, high_open) -> float:
    number = _finite_float(value)
    if number is None or not _inside(number, low, high, low_open, high_open):
        raise ConfigError(_message(what, expected, value, hint))
    return number


def finite_number(
    value,
    what: str,
    *,
    low=None,
    high=None,
    low_open: bool = False,
    high_open: bool = False,
    hint: str = "",
) -> float:
    """A finite real number (not a bool) from ``low`` to ``high``, as a float.

    Each bound is optional and included unless ``low_open``/``high_open``. The
    range is checked on the float returned, so the value handed on lies in it.
    """
    expected = "a finite number" + span(low, high, low_open, high_open)
    return _in_range(value, what, expected, hint, low, high, low_open, high_open)


def positive_number(value, what: str, allow_none: bool = False, *, hint: str = ""):
    """A finite number > 0, as a float (or None when allowed)."""
    if value is None and allow_none:
        return None
    return finite_number(value, what, low=0, low_open=True, hint=hint)


def non_negative(value, what: str, allow_none: bool = False, *, hint: str = ""):
    """A finite number >= 0, as a float (or None when allowed)."""
    if value is None and allow_none:
        return None
    return finite_number(value, what, low=0, hint=hint)


def check_lr(lr, what="learning rate", *, hint="Typical values are 0.001 to 0.1."):
    """A learning rate (or another step size): a finite number >= 0."""
    if not _is_real(_unwrap(lr)):
        raise ConfigError(_message(what, "a number such as 0.01", lr))
    return _in_range(lr, what, "a finite number >= 0", hint, 0, None, False, False)


def check_fraction(value, what: str, *, hint: str = "") -> float:
    """A number in [0, 1) (a momentum, a decay rate, a floor)."""
    expected = "in [0, 1)" if _is_real(_unwrap(value)) else "a number in [0, 1)"
    return _in_range(value, what, expected, hint, 0, 1, False, True)


def check_open_fraction(value, what: str, example: float = 0.2, *, hint="") -> float:
    """A number strictly between 0 and 1 (a share of the data)."""
    expected = f"a fraction in (0, 1), e.g. {example}"
    return _in_range(value, what, expected, hint, 0, 1, True, True)


def is_zero(value) -> bool:
    """``value`` is the number 0 (not False): an option left off."""
    return _finite_float(value) == 0


def _integer_range(minimum, maximum) -> str:
    if minimum is not None and maximum is not None:
        return f"an integer from {minimum} to {maximum}"
    if minimum is not None:
        return "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
    return "an integer" if maximum is None else f"an integer <= {maximum}"


def integer(value, what: str, *, minimum=None, maximum=None, hint: str = "") -> int:
    """``value`` as a plain ``int``: a Python or NumPy integer (such as the
    ``np.int64`` of a run's own arrays, or a 0-d integer array), never a bool,
    float or string; from ``minimum`` to ``maximum`` when given.

    Used wherever an epoch, step, layer, unit or size is taken, so that values
    read back from NumPy arrays can be passed straight in again. A refusal of a
    non-integer names the whole range when both ends are given.
    """
    expected = _integer_range(minimum, maximum)
    scalar = _unwrap(value)
    if isinstance(scalar, (bool, np.bool_)):
        raise ConfigError(_message(what, "an integer", value, hint))
    try:
        number = operator.index(scalar)
    except TypeError:
        kind = expected if minimum is not None and maximum is not None else None
        note = f" ({type(value).__name__})"
        raise ConfigError(
            _message(what, kind or "an integer", value, hint, note)
        ) from None
    if (minimum is not None and number < minimum) or (
        maximum is not None and number > maximum
    ):
        raise ConfigError(_message(what, expected, value, hint))
    return number


def positive_int(value, what: str, allow_none: bool = False, *, hint: str = ""):
    """An integer >= 1, as an ``int`` (or None when allowed)."""
    if value is None and allow_none:
        return None
    try:
        return integer(value, what, minimum=1)
    except ConfigError:
        raise ConfigError(_message(what, "a positive integer", value, hint)) from None


def check_seed(value, what: str = "seed", *, hint: str = ""):
    """A seed: ``None`` or an integer >= 0 (Python's or NumPy's)."""
    if value is None:
        return None
    try:
        return integer(value, what, minimum=0)
    except ConfigError:
        expected = "a non-negative integer or None"
        raise ConfigError(_message(what, expected, value, hint)) from None


def check_bool(value, what: str, strict: bool = False, *, hint: str = "") -> bool:
    """``True``/``False`` (NumPy's too, and unless ``strict`` the integers 0
    and 1)."""
    scalar = _unwrap(value)
    if isinstance(scalar, (bool, np.bool_)):
        return bool(scalar)
    if not strict and isinstance(scalar, numbers.Integral) and scalar in (0, 1):
        return bool(scalar)
    raise ConfigError(_message(what, "True or False", value, hint))
