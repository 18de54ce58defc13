"""Every argument the engine takes: wrong values get a NeuroglassError naming
them (never a raw TypeError, AttributeError, OverflowError or MemoryError),
and NumPy scalars are accepted wherever a number is."""

import math

import numpy as np
import pandas as pd
import pytest

import neuroglass as ng

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
@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
def test_fit_arguments(argument, value):
    if argument == "epochs" and any(value is v for v in BAD_VALUES[9:11]):
        value = -(10**30)  # a huge epoch count is legal, just long
    kwargs = {"epochs": 1, "batch_size": 10, argument: value}
    _only_neuroglass_errors(lambda: _net().fit(X, Y, **kwargs))


@pytest.mark.parametrize("argument", ["X", "y"])
@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
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


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
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
