"""The one place argument checks live: clear errors, naming the value.

Every package checks its arguments with these helpers, so that a wrong value
gets the same kind of refusal everywhere: a :class:`~neuroglass.ConfigError`
(or, for data, a :class:`~neuroglass.DataError`/:class:`~neuroglass.ShapeError`)
saying what was given, what was expected and, where a ``hint`` is passed, how
to fix it; never a raw ``TypeError`` or ``OverflowError``.

- :mod:`.scalars`: one number or flag (:func:`finite_number`, :func:`integer`,
  :func:`positive_number`, :func:`check_lr`, :func:`check_bool`, ...).
- :mod:`.objects`: paths, pairs, lists, instances, choices, names, dtypes.
- :mod:`.arrays`: arrays of data (numeric, finite, the right shape and dtype).
"""

from .arrays import as_numeric_array, cast_finite, check_finite, check_inputs
from .objects import (
    check_choice,
    check_dtype,
    check_generator,
    check_instance,
    check_list,
    check_network,
    check_pair,
    check_path,
    check_string,
    did_you_mean,
)
from .scalars import (
    check_bool,
    check_fraction,
    check_lr,
    check_open_fraction,
    check_seed,
    describe,
    finite_number,
    integer,
    is_zero,
    non_negative,
    positive_int,
    positive_number,
    span,
)

__all__ = [
    "as_numeric_array",
    "cast_finite",
    "check_bool",
    "check_choice",
    "check_dtype",
    "check_finite",
    "check_fraction",
    "check_generator",
    "check_inputs",
    "check_instance",
    "check_list",
    "check_lr",
    "check_network",
    "check_open_fraction",
    "check_pair",
    "check_path",
    "check_seed",
    "check_string",
    "describe",
    "did_you_mean",
    "finite_number",
    "integer",
    "is_zero",
    "non_negative",
    "positive_int",
    "positive_number",
    "span",
]
