"""Every argument the engine takes: wrong values get a NeuroglassError naming
them (never a raw TypeError, AttributeError, OverflowError or MemoryError),
and NumPy scalars are accepted wherever a number is."""

import math
import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import neuroglass as ng
from neuroglass.engine import validation
from neuroglass.engine.errors import ConfigError

X, Y = ng.datasets.circle(n=40, seed=0)

BAD_VALUES = [
    "abc",
    b"x",
    None,
    True,
    np.True_,
    math.nan,
    math.inf,
    -math.inf,
    -1,
    10**30,
    1e300,
    2.5,
    [1],
    {},
    np.array([1, 2]),
    np.array(3.0),
    object(),
]


def stable_id(value) -> str:
    """A test id without memory addresses, the same in every process (pytest-xdist
    workers must collect the same ids)."""
    text = value if isinstance(value, str) else repr(value)
    return re.sub(r" at 0x[0-9a-fA-F]+", "", text)


def _net():
    return ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)


def _only_neuroglass_errors(call):
    """``call()`` either works or raises a NeuroglassError; never anything else."""
    try:
        call()
    except ng.NeuroglassError as exc:
        assert str(exc)
        return exc
    return None


FIT_ARGUMENTS = [
    "epochs",
    "batch_size",
    "optimizer",
    "lr",
    "shuffle",
    "validation_data",
    "validation_split",
    "callbacks",
    "early_stopping",
    "verbose",
    "lr_schedule",
    "l1",
    "l2",
    "clip_norm",
]


@pytest.mark.parametrize("argument", FIT_ARGUMENTS)
@pytest.mark.parametrize("value", BAD_VALUES, ids=stable_id)
def test_fit_arguments(argument, value):
    if argument == "epochs" and any(value is v for v in BAD_VALUES[9:11]):
        value = -(10**30)  # a huge epoch count is legal, just long
    kwargs = {"epochs": 1, "batch_size": 10, argument: value}
    _only_neuroglass_errors(lambda: _net().fit(X, Y, **kwargs))


@pytest.mark.parametrize("argument", ["X", "y"])
@pytest.mark.parametrize("value", BAD_VALUES, ids=stable_id)
def test_data_arguments(argument, value):
    data = {"X": X, "y": Y, argument: value}
    net = _net()
    for call in (
        lambda: net.fit(data["X"], data["y"], epochs=1),
        lambda: net.evaluate(data["X"], data["y"]),
        lambda: net.loss(data["X"], data["y"]),
        lambda: net.predict(data["X"]),
        lambda: net.forward(data["X"]),
    ):
        _only_neuroglass_errors(call)


@pytest.mark.parametrize("value", BAD_VALUES, ids=stable_id)
def test_construction_arguments(value):
    calls = [
        lambda: ng.mlp(value),
        lambda: ng.mlp([2, value, 1]),
        lambda: ng.Dense(value, 2),
        lambda: ng.Dense(2, 2, init=value),
        lambda: ng.Dense(2, 2, activation=value),
        lambda: ng.Network(value),
        lambda: ng.Network([ng.Dense(2, 1)], loss=value),
        lambda: ng.Network([ng.Dense(2, 1)], name=value),
        lambda: _net().set_parameters_vector(value),
        lambda: ng.EarlyStopping(monitor=value),
        lambda: ng.EarlyStopping(patience=value),
        lambda: ng.EarlyStopping(min_delta=value),
        lambda: ng.EarlyStopping(restore_best_weights=value),
        lambda: ng.Adam(lr=value),
        lambda: ng.Momentum(momentum=value),
        lambda: ng.StepDecay(step_size=value),
        lambda: ng.CosineDecay(epochs=value),
        lambda: ng.CosineDecay(min_factor=value),
        lambda: ng.Momentum(nesterov=value),
        lambda: ng.RMSProp(rho=value),
        lambda: ng.Dense(2, 2).build(rng=value),
        lambda: ng.Dense(2, 2).build(seed=value),
        lambda: ng.Dense(2, 2).build(dtype=value),
        lambda: ng.Dense(2, 2).build(seed=0).forward(value),
        lambda: _layer_backward(value),
        lambda: setattr(_net().layers[0], "weights", value),
        lambda: _net().fit(X, Y, epochs=1, resume=value),
        lambda: _net().fit(X, Y, epochs=1, resume=ng.Resume(value)),
    ]
    for keyword in ("eps", "max_params", "seed", "floor"):
        calls.append(lambda k=keyword: ng.check_gradients(_net(), X, Y, **{k: value}))
    for keyword in (
        "seed",
        "dtype",
        "l1",
        "l2",
        "activation",
        "output",
        "loss",
        "init",
    ):
        calls.append(lambda keyword=keyword: ng.mlp([2, 3, 1], **{keyword: value}))
    for call in calls:
        _only_neuroglass_errors(call)


def _layer_backward(value):
    layer = ng.Dense(2, 2).build(seed=0)
    layer.forward(np.ones((3, 2)))
    layer.backward(value)


def test_numpy_scalars_are_accepted_everywhere_a_number_is():
    net = ng.mlp(
        [np.int64(2), np.int32(3), np.uint8(1)],
        output="sigmoid",
        loss="bce",
        seed=np.uint64(3),
        l2=np.float32(0.001),
    )
    history = net.fit(
        X,
        Y,
        epochs=np.int64(2),
        batch_size=np.int16(8),
        lr=np.float32(0.1),
        clip_norm=np.float64(5.0),
        validation_split=np.float32(0.25),
        early_stopping=np.int64(3),
        shuffle=np.True_,
        verbose=np.False_,
    )
    assert len(history) == 2
    ng.EarlyStopping(patience=np.int64(2), min_delta=np.float32(0.1))
    ng.StepDecay(step_size=np.int64(3), gamma=np.float64(0.5))
    ng.Adam(lr=np.float32(0.01), beta1=np.float64(0.8))
    ng.Dense(np.int64(2), np.int64(3)).build(seed=np.int64(0))


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        (1e20, "1e+20"),
        (-1e20, "-1e+20"),
        (np.iinfo(np.uint64).max, "18446744073709551615"),
        (np.iinfo(np.int64).min, "-9223372036854775808"),
        (2**70, "1.1805916207174113e+21"),
        (3, "3"),
    ],
)
def test_class_labels_are_named_as_given(label, shown):
    dtype = {float: np.float64, int: object}[type(label)]
    if label == np.iinfo(np.uint64).max:
        dtype = np.uint64
    elif label in (np.iinfo(np.int64).min, 3):
        dtype = np.int64
    y = np.array([0, 1, 2] * 13 + [label], dtype=dtype)
    net = ng.mlp([2, 3, 3], loss="cross_entropy", seed=0)
    with pytest.raises(ng.DataError, match="out of range") as info:
        net.fit(X, y, epochs=1)
    assert f"class label {shown} " in str(info.value)


def test_targets_that_overflow_float32_are_named():
    net = ng.mlp([2, 3, 1], seed=0, dtype="float32")
    y = np.ones(40)
    y[7] = 1e300
    with pytest.raises(ng.DataError, match=r"1e\+300 at index \(7, 0\).*float32"):
        net.fit(X, y, epochs=1)
    X_big = X.copy()
    X_big[3, 1] = -1e200
    with pytest.raises(ng.DataError, match=r"-1e\+200.*float32"):
        net.predict(X_big)


@pytest.mark.parametrize("dtype", ["Float64", "Int64", "boolean"])
def test_pandas_nullable_columns_are_accepted(dtype):
    frame = pd.DataFrame(
        {"a": pd.array((X[:, 0] > 0).astype(int), dtype=dtype), "b": X[:, 1]}
    )
    frame["a"] = frame["a"].astype(dtype)
    labels = pd.Series(pd.array(Y.astype(int), dtype="Int64"), name="label")
    net = _net()
    net.fit(frame, labels, epochs=1)
    assert net.predict(frame).shape == (40, 1)
    assert set(net.evaluate(frame, labels)) == {"loss", "accuracy"}


def test_pandas_missing_values_are_refused_naming_the_column():
    frame = pd.DataFrame({"width": X[:, 0], "height": X[:, 1]})
    frame["height"] = pd.array(X[:, 1], dtype="Float64")
    frame.loc[5, "height"] = pd.NA
    with pytest.raises(ng.DataError, match=r"column 'height' at row 5"):
        _net().fit(frame, Y, epochs=1)
    labels = pd.Series(pd.array(Y.astype(int), dtype="Int64"), name="label")
    labels[9] = pd.NA
    with pytest.raises(ng.DataError, match=r"'label' at row 9"):
        _net().fit(X, labels, epochs=1)


def test_the_shared_argument_checks_name_the_value_and_the_expectation():
    from neuroglass.engine import validation as v
    from neuroglass.engine.errors import ConfigError

    assert v.check_choice("loss", ("val_loss", "loss"), "monitor") == "loss"
    with pytest.raises(ConfigError, match=r"monitor must be 'a', 'b' or 'c'; got 'x'"):
        v.check_choice("x", ("a", "b", "c"), "monitor")
    assert v.check_fraction(0.9, "momentum") == 0.9
    with pytest.raises(ConfigError, match=r"momentum must be in \[0, 1\); got 1"):
        v.check_fraction(1, "momentum")
    with pytest.raises(ConfigError, match=r"split must be a fraction in \(0, 1\)"):
        v.check_open_fraction(0.0, "split")
    assert v.check_pair([1, 2], "data", "(X, y)") == (1, 2)
    with pytest.raises(ConfigError, match=r"data must be a pair \(X, y\); got a tuple"):
        v.check_pair((1, 2, 3), "data", "(X, y)")
    assert v.check_string(None, "name", allow_none=True) is None
    with pytest.raises(ConfigError, match="name must be a string or None; got 3"):
        v.check_string(3, "name", allow_none=True)
    assert v.check_bool(1, "flag") is True
    with pytest.raises(ConfigError, match="flag must be True or False; got 1"):
        v.check_bool(1, "flag", strict=True)
    assert v.is_zero(0.0) and not v.is_zero(False) and not v.is_zero(None)
    with pytest.raises(ConfigError, match="learning rate must be a finite number"):
        v.check_lr(math.inf)


def test_list_and_instance_checks_name_the_value_and_its_type():
    from neuroglass.engine import validation as v

    assert v.check_list((1, 2), "sizes", "widths", min_length=2) == [1, 2]
    with pytest.raises(ng.ConfigError, match=r"^sizes must be widths; got \[1\]\.$"):
        v.check_list([1], "sizes", "widths", min_length=2)
    with pytest.raises(ng.ConfigError, match=r"^xs must be a list; got \{1\}\.$"):
        v.check_list({1}, "xs", "a list")
    assert v.check_instance(3, int, "n", "an int") == 3
    with pytest.raises(
        ng.ConfigError, match=r"^n must be an int; got '3' of type str\.$"
    ):
        v.check_instance("3", int, "n", "an int")


# --- one number: every helper against hostile values ------------------------------


def _float16_overflow():
    with np.errstate(over="ignore"):
        return np.float16(65504) * np.float16(2)  # inf, as float16 overflows


HOSTILE = [
    10**400,
    -(10**400),
    10**5000,  # beyond the 4300 digits str() of an int allows
    math.nan,
    math.inf,
    -math.inf,
    _float16_overflow(),
    np.longdouble("1e4000"),
    np.iinfo(np.int64).max,
    np.int64(np.iinfo(np.int64).max),
    np.uint64(np.iinfo(np.uint64).max),
    np.int8(-3),
    True,
    False,
    np.True_,
    np.array(0.5),
    np.array(7),
    np.array(True),
    np.array([0.5]),
    np.array([7]),
    np.array(["3"]),
    Decimal("1e999"),
    Decimal("0.5"),
    Decimal("sNaN"),
    Fraction(1, 3),
    Fraction(10**400, 3),
    complex(1, 0),
    "3",
    b"3",
    None,
    object(),
    [0.5],
]


def _is_plain_float(x, low=-math.inf, high=math.inf):
    return type(x) is float and math.isfinite(x) and low <= x <= high


def _sound_fraction(x):
    return _is_plain_float(x, 0.0, 1.0) and x < 1.0


#: helper -> (call, is the value it returned sound?)
NUMBER_HELPERS = {
    "finite_number": (
        lambda v: validation.finite_number(v, "w", low=-1, high=1),
        lambda x: _is_plain_float(x, -1.0, 1.0),
    ),
    "positive_number": (
        lambda v: validation.positive_number(v, "w"),
        lambda x: _is_plain_float(x) and x > 0,
    ),
    "non_negative": (
        lambda v: validation.non_negative(v, "w"),
        lambda x: _is_plain_float(x, 0.0),
    ),
    "check_lr": (
        lambda v: validation.check_lr(v, "w"),
        lambda x: _is_plain_float(x, 0.0),
    ),
    "check_fraction": (lambda v: validation.check_fraction(v, "w"), _sound_fraction),
    "check_open_fraction": (
        lambda v: validation.check_open_fraction(v, "w"),
        lambda x: _sound_fraction(x) and x > 0,
    ),
    "integer": (lambda v: validation.integer(v, "w"), lambda x: type(x) is int),
    "integer_range": (
        lambda v: validation.integer(v, "w", minimum=-5, maximum=10),
        lambda x: type(x) is int and -5 <= x <= 10,
    ),
    "positive_int": (
        lambda v: validation.positive_int(v, "w"),
        lambda x: type(x) is int and x >= 1,
    ),
    "check_seed": (
        lambda v: validation.check_seed(v, "w"),
        lambda x: x is None or (type(x) is int and x >= 0),
    ),
    "check_bool": (lambda v: validation.check_bool(v, "w"), lambda x: type(x) is bool),
}


@pytest.mark.parametrize("helper", sorted(NUMBER_HELPERS))
@pytest.mark.parametrize(
    "value", HOSTILE, ids=lambda v: stable_id(validation.describe(v)[:30])
)
def test_a_number_helper_accepts_soundly_or_refuses_naming_the_value(helper, value):
    """No OverflowError, TypeError or ValueError escapes; what is accepted is
    a plain Python value in the range checked; a refusal names the value."""
    call, sound = NUMBER_HELPERS[helper]
    try:
        result = call(value)
    except ConfigError as error:
        text = str(error)
        assert text.startswith("w must be "), text
        assert f"; got {validation.describe(value)}" in text, text
        assert len(text) < 300, text
    else:
        assert sound(result), (value, result)
    assert type(validation.is_zero(value)) is bool


@pytest.mark.parametrize(
    ("helper", "value", "expected"),
    [
        ("integer", 10**400, 10**400),  # an exact int: nothing is lost
        ("integer", np.uint64(2**64 - 1), 2**64 - 1),
        ("integer", np.array(7), 7),  # a 0-d array holds one number
        ("check_seed", 10**30, 10**30),  # NumPy seeds with any size
        ("positive_number", np.uint64(2**64 - 1), 2.0**64),
        ("check_fraction", np.array(0.5), 0.5),
        ("check_fraction", Decimal("0.5"), 0.5),
        ("check_fraction", Fraction(1, 4), 0.25),
        ("check_bool", np.array(True), True),
    ],
)
def test_numbers_of_every_kind_are_accepted_as_plain_values(helper, value, expected):
    result = NUMBER_HELPERS[helper][0](value)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: validation.positive_number(10**400, "lr"),
            "lr must be a finite number > 0; got an integer of 401 digits.",
        ),
        (
            lambda: validation.non_negative(-(10**400), "l2"),
            "l2 must be a finite number >= 0; got an integer of 401 digits.",
        ),
        (
            lambda: validation.check_fraction(Fraction(10**400, 3), "momentum"),
            "momentum must be in [0, 1); got Fraction(",
        ),
        (
            lambda: validation.check_lr(np.longdouble("1e4000"), "lr"),
            "lr must be a finite number >= 0; got np.longdouble('1e+4000').",
        ),
        (
            lambda: validation.positive_number(np.array([0.5]), "fps"),
            "fps must be a finite number > 0; got array([0.5]) (an array of shape",
        ),
        (
            lambda: validation.check_lr(Decimal("sNaN"), "lr"),
            "lr must be a finite number >= 0; got Decimal('sNaN').",
        ),
        (
            lambda: validation.integer(True, "epoch"),
            "epoch must be an integer; got the bool True.",
        ),
        (
            lambda: validation.check_lr("0.1"),
            "learning rate must be a number such as 0.01; got '0.1'.",
        ),
    ],
)
def test_refusals_of_hostile_numbers_say_what_was_given(call, message):
    with pytest.raises(ConfigError) as info:
        call()
    assert str(info.value).startswith(message), str(info.value)


def test_finite_number_checks_each_end_open_or_closed():
    check = validation.finite_number
    assert check(-2.5, "x") == -2.5 and type(check(3, "x")) is float
    assert check(0, "x", low=0) == 0.0 and check(1, "x", high=1) == 1.0
    for value, options, span in [
        (0, {"low": 0, "low_open": True}, "> 0"),
        (1, {"high": 1, "high_open": True}, "< 1"),
        (-0.1, {"low": 0}, ">= 0"),
        (1.5, {"low": 0, "high": 1}, "in [0, 1]"),
        (1, {"low": 0, "high": 1, "low_open": True, "high_open": True}, "in (0, 1)"),
        (-101, {"low": -100, "high": 100}, "in [-100, 100]"),
        (True, {}, ""),
    ]:
        with pytest.raises(ConfigError) as info:
            check(value, "x", **options)
        expected = f"x must be a finite number{' ' * bool(span)}{span}; got "
        assert str(info.value).startswith(expected), str(info.value)


def test_finite_number_checks_the_range_on_the_float_it_returns():
    just_below_one = Fraction(10**20 - 1, 10**20)  # float() rounds it to 1.0
    with pytest.raises(ConfigError, match=r"in \(0, 1\)"):
        validation.finite_number(
            just_below_one, "f", low=0, high=1, low_open=True, high_open=True
        )


def test_integer_names_its_whole_range():
    assert validation.integer(50, "noise", minimum=0, maximum=50) == 50
    assert validation.integer(-7, "shift", maximum=0) == -7
    cases = [
        (
            {"minimum": 0, "maximum": 50},
            51,
            "noise must be an integer from 0 to 50; got 51.",
        ),
        (
            {"minimum": 0, "maximum": 50},
            -1,
            "noise must be an integer from 0 to 50; got -1.",
        ),
        (
            {"minimum": 0, "maximum": 50},
            "a",
            "noise must be an integer from 0 to 50; got 'a' (str).",
        ),
        (
            {"maximum": 9},
            10**400,
            "noise must be an integer <= 9; got an integer of 401 digits.",
        ),
        ({"minimum": 1}, 0, "noise must be a positive integer; got 0."),
        ({"minimum": 2}, 1, "noise must be an integer >= 2; got 1."),
        ({"minimum": 2}, 2.5, "noise must be an integer; got 2.5 (float)."),
    ]
    for options, value, message in cases:
        with pytest.raises(ConfigError) as info:
            validation.integer(value, "noise", **options)
        assert str(info.value) == message


def test_a_hint_is_appended_as_how_to_fix_it():
    with pytest.raises(ConfigError) as info:
        validation.integer(
            1, "n", minimum=2, hint="pass the number of points, e.g. n=500"
        )
    assert str(info.value) == (
        "n must be an integer >= 2; got 1. pass the number of points, e.g. n=500."
    )
    for call in (
        lambda h: validation.finite_number("x", "v", hint=h),
        lambda h: validation.positive_number(0, "v", hint=h),
        lambda h: validation.non_negative(-1, "v", hint=h),
        lambda h: validation.positive_int(0, "v", hint=h),
        lambda h: validation.check_fraction(2, "v", hint=h),
        lambda h: validation.check_open_fraction(0, "v", hint=h),
        lambda h: validation.check_lr(-1, "v", hint=h),
        lambda h: validation.check_seed(-1, "v", hint=h),
        lambda h: validation.check_bool(2, "v", hint=h),
    ):
        with pytest.raises(ConfigError, match=r"; got .*\. Try 0\.5\.$"):
            call("Try 0.5.")


def test_describe_keeps_values_short():
    assert validation.describe(2.5) == "2.5"
    assert validation.describe(np.True_) == "the bool np.True_"
    assert validation.describe(10**40) == str(10**40)  # still readable
    assert validation.describe(10**400) == "an integer of 401 digits"
    assert validation.describe(-(10**5000)) == "an integer of 5001 digits"
    assert len(validation.describe("x" * 1000)) == 80
    assert validation.describe(np.zeros((2, 3))).endswith("(an array of shape (2, 3))")
