"""One field of a message or setting: engine.validation's checks, refused with
a ConfigMessageError naming the field, the value and what the field takes."""

import pytest

from neuroglass.engine.errors import NeuroglassError
from neuroglass.engine.validation import describe
from neuroglass.playground import fields
from neuroglass.playground.fields import ConfigMessageError


def _refused(check, *args, **options):
    with pytest.raises(ConfigMessageError) as info:
        check(*args, **options)
    return info.value


def test_the_error_is_a_neuroglass_value_error_naming_the_field():
    error = _refused(fields.whole_number, "noise", "a", 0, 50)
    assert isinstance(error, NeuroglassError) and isinstance(error, ValueError)
    assert error.field == "noise"
    assert ConfigMessageError("no field").field is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("a", ["noise must be a whole number from 0 to 50; got 'a'."]),
        (True, ["got the bool True", "from 0 to 50"]),
        (1.5, ["1.5", "from 0 to 50"]),
        (-1, ["-1", "from 0 to 50"]),
        (51, ["noise must be a whole number from 0 to 50; got 51."]),
        (1e300, ["1e+300", "from 0 to 50"]),
        ([3], ["[3]", "from 0 to 50"]),
        (None, ["None", "from 0 to 50"]),
    ],
)
def test_whole_number_refusals_name_value_and_range(value, words):
    error = _refused(fields.whole_number, "noise", value, 0, 50)
    assert error.field == "noise"
    for word in words:
        assert word in str(error), (word, str(error))


def test_whole_number_accepts_integers_and_integral_floats():
    assert fields.whole_number("noise", 0, 0, 50) == 0
    assert fields.whole_number("noise", 50, 0, 50) == 50
    value = fields.whole_number("noise", 7.0, 0, 50)  # JSON does not tell 7 from 7.0
    assert value == 7 and type(value) is int
    huge = 10**40
    assert "got " + str(huge) in str(_refused(fields.whole_number, "k", huge, 0, 9))


def test_number_open_and_closed_at_zero():
    assert fields.number("learning_rate", 10, 10, positive=True) == 10.0
    assert fields.number("reg_rate", 0, 10) == 0.0
    error = _refused(fields.number, "learning_rate", 0, 10, positive=True)
    assert "(0, 10]" in str(error) and "got 0" in str(error)
    error = _refused(fields.number, "reg_rate", 10.5, 10)
    assert str(error) == "reg_rate must be a number in [0, 10]; got 10.5."
    for bad in ("fast", float("nan"), float("inf"), -1, False, 10**400):
        error = _refused(fields.number, "reg_rate", bad, 10)
        assert error.field == "reg_rate" and "[0, 10]" in str(error), bad


def test_number_of_a_huge_integer_says_so_instead_of_overflowing():
    error = _refused(fields.number, "learning_rate", 10**400, 10, positive=True)
    assert "401 digits" in str(error) and error.field == "learning_rate"


def test_signed_number():
    assert fields.signed_number("x", -3, 100) == -3
    assert fields.signed_number("x", 2.5, 100) == 2.5
    for bad in (101, -100.5, float("nan"), "1", True, 10**400, None):
        error = _refused(fields.signed_number, "x", bad, 100)
        assert "from -100 to 100" in str(error) and error.field == "x", bad


def test_boolean_normalises_and_names_the_field():
    assert fields.boolean("test", True) is True
    assert fields.boolean("test", 0) is False  # as every boolean argument
    for bad in ("true", 2, 1.0, None, [True]):
        error = _refused(fields.boolean, "test", bad)
        assert error.field == "test" and "true or false" in str(error), bad


def test_choice_and_items():
    assert fields.choice("optimizer", "adam", ("sgd", "adam")) == "adam"
    error = _refused(fields.choice, "optimizer", "lbfgs", ("sgd", "adam"))
    assert str(error) == "optimizer must be one of sgd, adam; got 'lbfgs'."
    assert fields.items("hidden", [1, 2], 2) == [1, 2]
    for bad in ([1, 2, 3], "12", {"a": 1}):
        assert _refused(fields.items, "hidden", bad, 2).field == "hidden"


HOSTILE = [
    10**400,
    -(10**5000),  # str() of it raises ValueError: beyond 4300 digits
    float("nan"),
    float("-inf"),
    True,
    None,
    "3",
    "x" * 10_000,
    [1] * 10_000,
    {"a": 1},
]


FIELD_CHECKS = {
    "whole_number": lambda v: fields.whole_number("k", v, 0, 9),
    "number": lambda v: fields.number("k", v, 10),
    "positive": lambda v: fields.number("k", v, 10, positive=True),
    "signed": lambda v: fields.signed_number("k", v, 100),
    "boolean": lambda v: fields.boolean("k", v),
    "choice": lambda v: fields.choice("k", v, ("sgd", "adam")),
    "items": lambda v: fields.items("k", v, 8),
}


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: describe(v)[:20])
@pytest.mark.parametrize("name", sorted(FIELD_CHECKS))
def test_every_field_check_refuses_hostile_values_in_a_short_message(name, value):
    """The page gets one readable line naming the field, never an echo of ten
    thousand characters nor an uncaught ValueError/OverflowError."""
    if name == "boolean" and value is True:
        assert FIELD_CHECKS[name](value) is True
        return
    error = _refused(FIELD_CHECKS[name], value)
    assert error.field == "k" and str(error).startswith("k must be ")
    assert len(str(error)) < 200, str(error)


def test_huge_integers_are_named_by_their_length():
    error = _refused(fields.whole_number, "seed", -(10**5000), 0, 9)
    assert str(error) == (
        "seed must be a whole number from 0 to 9; got an integer of 5001 digits."
    )
    error = _refused(fields.signed_number, "x", 10**400, 100)
    assert "401 digits" in str(error) and "from -100 to 100" in str(error)


def test_items_takes_empty_lists_and_tuples_as_lists():
    assert fields.items("hidden", [], 6) == []
    assert fields.items("hidden", (4, 2), 6) == [4, 2]
