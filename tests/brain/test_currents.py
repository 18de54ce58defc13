"""The current helpers (values at the edges of their intervals, reprs, sums)
and as_current's checks."""

import numpy as np
import pytest

from neuroglass.brain.currents import (
    as_current,
    constant,
    pulse,
    pulse_train,
    ramp,
    step_current,
)
from neuroglass.engine.errors import ConfigError


def test_step_current_is_on_from_start_until_stop():
    current = step_current(0.5, start=100.0, stop=300.0)
    assert [current(t) for t in (99.9, 100.0, 299.9, 300.0)] == [0.0, 0.5, 0.5, 0.0]
    assert step_current(0.5, start=10.0)(1e9) == 0.5
    assert repr(current) == "step_current(amplitude=0.5, start=100, stop=300)"
    assert repr(step_current(1, 2)) == "step_current(amplitude=1, start=2, stop=None)"


def test_pulse_train_and_ramp():
    P = pulse(2.0, start=5.0, width=1.0)
    assert [P(t) for t in (4.9, 5.0, 5.9, 6.0)] == [0.0, 2.0, 2.0, 0.0]
    train = pulse_train(1.0, start=10.0, width=2.0, period=5.0, stop=30.0)
    values = [train(t) for t in (9.0, 10.0, 11.9, 12.0, 15.0, 27.0, 30.0)]
    assert values == [0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0]
    R = ramp(4.0, start=10.0, stop=20.0)
    assert [R(t) for t in (0.0, 10.0, 15.0, 20.0, 99.0)] == [0.0, 0.0, 2.0, 4.0, 4.0]
    assert repr(R) == "ramp(amplitude=4, start=10, stop=20)"


def test_per_neuron_amplitudes_and_sums():
    current = constant(0.1) + pulse(np.array([1.0, 2.0]), start=0.0, width=1.0) + 0.5
    np.testing.assert_allclose(current(0.5), [1.6, 2.6])
    np.testing.assert_allclose(current(2.0), [0.6, 0.6])
    assert current.n == 2
    assert "pulse(amplitude=<2 values>, start=0, width=1)" in repr(current)
    with pytest.raises(ConfigError, match=r"for \[2, 3\] neurons"):
        constant(np.ones(2)) + constant(np.ones(3))


def test_as_current_gives_n_values():
    np.testing.assert_array_equal(as_current(0.3, 4)(0.0), np.full(4, 0.3))
    np.testing.assert_array_equal(as_current([1, 2], 2)(7.0), [1.0, 2.0])
    source = as_current(step_current(1.0, 5.0), 3)
    np.testing.assert_array_equal(source(4.0), np.zeros(3))
    np.testing.assert_array_equal(source(5.0), np.ones(3))


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: step_current(1.0, start=-1.0), r"start \(ms\).*-1.0"),
        (lambda: step_current(1.0, start=5.0, stop=5.0), r"stop \(ms\).*> 5; got 5.0"),
        (lambda: pulse(1.0, start=0.0, width=0.0), r"width \(ms\).*0.0"),
        (
            lambda: pulse(float("nan"), 0.0, 1.0),
            r"amplitude must be a finite number; got nan",
        ),
        (lambda: pulse([1.0, np.inf], 0.0, 1.0), r"amplitude must be .*1-d array"),
        (lambda: pulse_train(1.0, 0.0, width=2.0, period=1.0), r"period \(ms\).*> 2"),
        (lambda: ramp(1.0, start=3.0, stop=1.0), r"stop \(ms\).*> 3"),
        (lambda: as_current(np.ones(3), 2), r"has 3 values but there are 2 neurons"),
        (
            lambda: as_current(np.nan, 2, "nA"),
            r"current \(in nA\) must be finite; got nan",
        ),
        (lambda: as_current(lambda t: "x", 2)(0.0), r"returned by .* at t=0 ms"),
    ],
)
def test_bad_currents_are_named(call, pattern):
    with pytest.raises(ConfigError, match=pattern):
        call()
