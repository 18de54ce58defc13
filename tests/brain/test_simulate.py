"""simulate() and fi_curve(): time grid, record names, neuron counts, currents
of every kind, and a clear refusal of every bad input."""

import numpy as np
import pytest

from neuroglass.brain.currents import pulse, step_current
from neuroglass.brain.lif import LIF
from neuroglass.brain.simulate import fi_curve, simulate
from neuroglass.engine.errors import ConfigError


def test_trace_shapes_times_and_config():
    trace = simulate(LIF(), 0.5, 100.0, dt=0.1)
    assert trace.t.shape == (1001,)
    np.testing.assert_allclose(trace.t, np.arange(1001) * 0.1)
    assert trace.v.shape == (1001, 1)
    assert trace.n == 1 and trace.dt == 0.1 and trace.duration == pytest.approx(100.0)
    assert trace.config["model"] == "LIF" and trace.config["scheme"] == "exact"
    assert trace.units == {"v": "mV"}


def test_spike_time_is_the_end_of_the_step_that_crossed():
    trace = simulate(LIF(), 0.5, 100.0, dt=0.1)
    first = trace.spike_times[0][0]
    k = round(first / 0.1)
    # v rose in every step up to the crossing step k, and was reset at its end
    assert trace.v[k - 1, 0] < -55.0 and trace.v[k, 0] == -70.0
    assert np.all(np.diff(trace.v[:k, 0]) > 0)


def test_method_overrides_the_scheme_without_changing_the_neuron():
    lif = LIF()
    trace = simulate(lif, 0.5, 10.0, method="euler")
    assert trace.config["scheme"] == "euler" and lif.scheme == "exact"
    with pytest.raises(
        ConfigError, match=r"no integration scheme 'rk4'.*'exact', 'euler'"
    ):
        simulate(lif, 0.5, 10.0, method="rk4")


def test_record_all_and_nothing():
    trace = simulate(LIF(), 0.5, 10.0, record="all")
    assert trace.recorded == ("v", "refractory_steps")
    trace = simulate(LIF(), 0.5, 10.0, record=())
    assert trace.recorded == ()
    with pytest.raises(AttributeError, match="no 'v'; recorded: none"):
        _ = trace.v


def test_fi_curve_equals_one_simulation_per_current():
    lif = LIF(t_ref=np.array([1.0, 2.0, 3.0, 2.0]))
    currents = np.array([0.2, 0.5, 0.9, 1.4])
    rates = fi_curve(lif, currents, duration=300.0, window=(50.0, 300.0))
    for i, current in enumerate(currents):
        alone = simulate(LIF(t_ref=lif.t_ref[i]), current, 300.0, record=())
        assert rates[i] == alone.rate(50.0, 300.0)[0]
    assert (
        fi_curve(LIF(), [0.5], duration=300.0)[0]
        == simulate(LIF(), 0.5, 300.0).rate()[0]
    )


def test_time_dependent_currents_are_sampled_at_step_starts():
    # a 1 ms pulse of 10 nA from t=5: V_inf = 330 mV, so it crosses within the pulse
    trace = simulate(LIF(), pulse(10.0, start=5.0, width=1.0), 50.0, dt=0.1)
    assert trace.spike_times[0].size == 1
    assert 5.0 < trace.spike_times[0][0] <= 6.0
    np.testing.assert_array_equal(trace.v[:51, 0], -70.0)  # nothing before t = 5
    seen = []
    simulate(LIF(), lambda t: seen.append(t) or 0.0, 1.0, dt=0.25)
    np.testing.assert_allclose(seen, [0.0, 0.25, 0.5, 0.75])


def test_record_the_input_current_held_over_each_step():
    # I[k] is what step k used (sampled at t[k]); the last row repeats it
    current = step_current(np.array([0.5, 2.0]), start=1.0, stop=2.0)
    trace = simulate(LIF(), current, 3.0, dt=0.5, record=("v", "I"))
    assert trace.recorded == ("v", "I") and trace.I.shape == (7, 2)
    assert trace.units == {"v": "mV", "I": "nA"}
    expected = np.array([[0, 0], [0, 0], [0.5, 2], [0.5, 2], [0, 0], [0, 0], [0, 0]])
    np.testing.assert_array_equal(trace.I, expected)
    # the current is evaluated once per step, never at the end time
    seen = []
    trace = simulate(LIF(), lambda t: seen.append(t) or t, 1.0, dt=0.25, record="I")
    np.testing.assert_allclose(seen, [0.0, 0.25, 0.5, 0.75])
    np.testing.assert_allclose(trace.I[:, 0], [0.0, 0.25, 0.5, 0.75, 0.75])
    # recording I changes nothing else, and "all" means the state variables only
    with_current = simulate(LIF(), current, 3.0, dt=0.5, record=("v", "I"))
    np.testing.assert_array_equal(
        with_current.v, simulate(LIF(), current, 3.0, dt=0.5).v
    )
    assert "I" not in simulate(LIF(), 0.5, 1.0, record="all").recorded


def test_number_of_neurons_from_current_parameters_or_n():
    assert simulate(LIF(), np.array([0.1, 0.2]), 5.0).n == 2
    assert simulate(LIF(), step_current(np.ones(3), 1.0), 5.0).n == 3
    assert simulate(LIF(tau_m=np.ones(4) * 10), 0.1, 5.0).n == 4
    assert simulate(LIF(), lambda t: np.zeros(5), 5.0, n=5).n == 5


@pytest.mark.parametrize(
    ("args", "kwargs", "pattern"),
    [
        ((0.5, 0.0), {}, r"duration \(ms\) must be a finite number > 0; got 0.0"),
        ((0.5, -10.0), {}, r"duration \(ms\).*-10.0"),
        ((0.5, float("nan")), {}, r"duration \(ms\).*nan"),
        ((0.5, 10.0), {"dt": 0.0}, r"dt \(the time step, in ms\).*0.0"),
        ((0.5, 10.0), {"dt": -0.1}, r"dt.*-0.1"),
        ((0.5, 1.0), {"dt": 2.0}, r"dt=2 ms is longer than the duration 1 ms"),
        ((0.5, 10.0), {"dt": 0.3}, r"not a whole number of steps of dt=0.3"),
        (
            (0.5, 10.0),
            {"record": ("v", "w")},
            r"\['w'\].*choose from 'v', 'refractory_steps'",
        ),
        ((0.5, 10.0), {"record": "m"}, r"\['m'\]"),
        ((np.ones(3), 10.0), {"n": 2}, r"disagree \(the current: 3, n: 2\)"),
        ((0.5, 10.0), {"n": 0}, r"n \(the number of neurons\)"),
        ((float("nan"), 10.0), {}, r"current \(in nA\) must be finite; got nan"),
        ((np.array([0.1, np.inf]), 10.0), {}, r"got inf at neuron 1"),
        (("big", 10.0), {}, r"current \(in nA\) must be a number.*'big'"),
        ((np.ones((2, 2)), 10.0), {}, r"current \(in nA\) must be a number"),
        ((lambda t: np.ones(3), 10.0), {}, r"has 3 values but there are 1 neurons"),
        ((lambda t: float("nan") if t > 1 else 0.0, 10.0), {}, r"at t=1.1 ms.*got nan"),
        (
            (lambda t: np.ones(2) if t > 1 else 0.0, 10.0),
            {},
            r"at t=1.1 ms has 2 values",
        ),
        ((lambda t: "x" if t > 1 else 0.0, 10.0), {}, r"at t=1.1 ms must be a number"),
        ((0.5, 10.0), {"initial": {"w": 1.0}}, r"initial names 'w'"),
        (
            (0.5, 10.0),
            {"initial": {"v": np.ones(2)}},
            r"initial\['v'\] must be a number or 1",
        ),
    ],
)
def test_bad_input_is_refused_by_name(args, kwargs, pattern):
    with pytest.raises(ConfigError, match=pattern):
        simulate(LIF(), *args, **kwargs)


def test_neuron_count_mismatch_with_parameters():
    with pytest.raises(ConfigError, match="the neuron's parameters: 2, the current: 3"):
        simulate(LIF(tau_m=np.ones(2) * 10), np.ones(3), 10.0)
    with pytest.raises(ConfigError, match="the neuron's parameters: 2, the current: 3"):
        fi_curve(LIF(tau_m=np.ones(2) * 10), [0.1, 0.2, 0.3])


def test_not_a_neuron():
    with pytest.raises(ConfigError, match="neuron must be a neuron model"):
        simulate("LIF", 0.5, 10.0)


@pytest.mark.parametrize(
    ("currents", "kwargs", "pattern"),
    [
        ([], {}, r"currents must be a 1-d array"),
        (np.ones((2, 2)), {}, r"currents must be a 1-d array"),
        ([0.1, np.nan], {}, r"got nan at neuron 1"),
        ([0.5], {"window": (10.0,)}, r"window must be a pair"),
        (
            [0.5],
            {"window": (50.0, 20.0)},
            r"window end t1 \(ms\) must be a finite number in \(50, 1000\]; got 20.0",
        ),
        ([0.5], {"window": (0.0, 2000.0)}, r"t1.*2000.*0 to duration=1000 ms"),
        (["a", "b"], {}, r"currents must be a 1-d array of numbers"),
        ([True, False], {}, r"currents must be a 1-d array of numbers"),
    ],
)
def test_fi_curve_bad_input(currents, kwargs, pattern):
    with pytest.raises(ConfigError, match=pattern):
        fi_curve(LIF(), currents, **kwargs)
