"""Bad input to the public API of neuroglass.brain (issue 12, the hostile-user
review): each case once gave a raw NumPy/Python error, a silent NaN, a run of 0
neurons, or tried to allocate more memory than the machine has. Each must now
be a clear ConfigError/ShapeError naming the value, before any long work."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from neuroglass.brain import (
    LIF,
    STDP,
    HodgkinHuxley,
    Izhikevich,
    alpha_m,
    angle_to,
    fi_curve,
    gate_rates,
    hh_phase_plane,
    izhikevich_network,
    poisson_spike_times,
    poisson_spikes,
    siegert_rate,
    simulate,
    song_miller_abbott,
    stdp_drift_hz,
)
from neuroglass.engine import memory
from neuroglass.engine.errors import ConfigError, ShapeError

simulate_module = importlib.import_module("neuroglass.brain.simulate")


@pytest.fixture
def one_mib(monkeypatch):
    """A machine with 1 MiB of memory: what the refusals are measured against."""
    monkeypatch.setattr(memory, "physical_memory", lambda: 2**20)


# -- simulate ---------------------------------------------------------------------
@pytest.mark.parametrize("current", [[], np.array([])])
def test_empty_current_is_not_a_run_of_zero_neurons(current):
    with pytest.raises(ConfigError, match="current is an empty array"):
        simulate(LIF(), current, 10.0)


@pytest.mark.parametrize(
    "make",
    [lambda: Izhikevich(a=[]), lambda: HodgkinHuxley(g_Na=[]), lambda: LIF(R=[])],
)
def test_empty_parameter_array_is_refused(make):
    with pytest.raises(ConfigError, match=r"empty|one per neuron"):
        make()


def test_initial_must_be_a_dict():
    with pytest.raises(ConfigError, match=r"initial must be a dict.*got \[1\]"):
        simulate(LIF(), 0.5, 10.0, initial=[1])


@pytest.mark.parametrize(
    ("neuron", "current"),
    [(Izhikevich.preset("RS"), 1e300), (HodgkinHuxley(), 1e300)],
)
def test_overflow_is_an_error_not_silent_nan(neuron, current):
    with pytest.raises(ConfigError, match=r"diverged: .* neuron 0 became"):
        simulate(neuron, current, 5.0)


def test_simulation_too_large_for_memory_is_refused_before_allocating(one_mib):
    with pytest.raises(ConfigError, match=r"needs 0.0 GiB.*has 0.0 GiB"):
        simulate(LIF(), 0.5, 100.0, n=1000)  # 1001 x 1000 floats = 8 MB
    assert simulate(LIF(), 0.5, 100.0, n=100, record=()).n == 100  # spikes only


def test_record_typo_suggests_the_name():
    with pytest.raises(ConfigError, match=r"Did you mean 'v'\?"):
        simulate(LIF(), 0.5, 10.0, record=("V",))


def test_scheme_typo_suggests_the_name():
    with pytest.raises(ConfigError, match=r"Did you mean 'exp_euler'\?"):
        simulate(HodgkinHuxley(), 5.0, 10.0, method="exp-euler")
    with pytest.raises(ConfigError, match=r"Did you mean 'rk4'\?"):
        Izhikevich(scheme="RK4")


def test_dt_error_offers_only_schemes_stable_at_that_dt():
    # every Izhikevich scheme is unstable above 1 ms: no other scheme to offer
    with pytest.raises(ConfigError, match=r"Use dt <= 1\.$"):
        simulate(Izhikevich.preset("RS"), 5.0, 100.0, dt=5.0)
    # at 0.07 ms RK4 is unstable, exp_euler is not, forward Euler is not either
    with pytest.raises(ConfigError, match=r"another scheme \(exp_euler\)\.$"):
        simulate(HodgkinHuxley(), 5.0, 7.0, dt=0.07)


def test_dimensionless_current_reads_well():
    with pytest.raises(ConfigError, match=r"^current \(dimensionless\) must be"):
        simulate(Izhikevich(), np.nan, 10.0)


# -- presets ------------------------------------------------------------------------
def test_preset_typo_suggests_the_name():
    with pytest.raises(ConfigError, match=r"'rs'.*Did you mean 'RS'\?"):
        Izhikevich.preset("rs")


def test_preset_unknown_override_is_a_config_error():
    with pytest.raises(ConfigError, match=r"unknown parameters \['e'\]"):
        Izhikevich.preset("RS", e=1.0)


# -- fi_curve -------------------------------------------------------------------------
def test_fi_window_is_checked_before_simulating(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("simulated before checking the window")

    monkeypatch.setattr(simulate_module, "simulate", never)
    with pytest.raises(ConfigError, match=r"window end t1.*got 2000"):
        fi_curve(HodgkinHuxley(), [5.0, 10.0], duration=1000.0, window=(0.0, 2000.0))


# -- Hodgkin-Huxley helpers ------------------------------------------------------------
@pytest.mark.parametrize("function", [alpha_m, gate_rates])
def test_rate_functions_refuse_text(function):
    with pytest.raises(ConfigError, match=r"v \(the membrane potential, mV\).*'x'"):
        function("x")


def test_resting_potential_refuses_nan_current():
    # it returned 250 mV (the top of its bisection bracket)
    with pytest.raises(ConfigError, match=r"current \(µA/cm²\) must be a finite"):
        HodgkinHuxley().resting_potential(np.nan)


@pytest.mark.parametrize("neuron", [Izhikevich(), "RS"])
def test_hh_phase_plane_needs_a_hodgkin_huxley(neuron):
    with pytest.raises(ConfigError, match="hh_phase_plane needs a HodgkinHuxley"):
        hh_phase_plane(neuron, 5.0)


# -- small functions -------------------------------------------------------------------
def test_siegert_names_the_bad_argument():
    with pytest.raises(ConfigError, match=r"mu \(mV\) must be a number; got 'a'"):
        siegert_rate("a", 1.0, 10.0, -55.0, -70.0)
    with pytest.raises(ConfigError, match=r"tau_m \(ms\) must be finite; got nan"):
        siegert_rate(-50.0, 1.0, np.nan, -55.0, -70.0)


def test_stdp_drift_refuses_nan():
    with pytest.raises(ConfigError, match="rate_pre_hz must be a finite number"):
        stdp_drift_hz(np.nan, 10.0, 0.005, 0.00525, 20.0, 20.0)


def test_angle_to_shapes_and_zero_direction():
    with pytest.raises(ShapeError, match=r"shapes \(3, 2\) and \(3,\)"):
        angle_to(np.ones((3, 2)), np.ones(3))
    with pytest.raises(ConfigError, match="direction must be a finite non-zero"):
        angle_to(np.ones((3, 2)), np.zeros(2))


def test_stdp_run_times_takes_a_flat_post_train():
    # a shared post train as a plain list, as the docstring allows (1-D array)
    flat = STDP().run_times([[1.0, 5.0]], [2.0]).weights
    array = STDP().run_times([[1.0, 5.0]], np.array([2.0])).weights
    np.testing.assert_array_equal(flat, array)
    with pytest.raises(ShapeError, match=r"flat list of numbers.*\[\[1.0, 5.0\]\]"):
        STDP().run_times([1.0, 5.0], [2.0])


def test_song_n_inhibitory():
    with pytest.raises(ConfigError, match=r"n_inhibitory must be an integer >= 0"):
        song_miller_abbott(n_inputs=5, n_inhibitory=-1, duration_ms=1000.0)
    with pytest.raises(ConfigError, match="n_inhibitory must be an integer; got the"):
        song_miller_abbott(n_inputs=5, n_inhibitory=False, duration_ms=1000.0)


# -- memory ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("run", "pattern"),
    [
        (lambda: poisson_spikes(10.0, 1000.0, n=100), "poisson_spikes of 100 sources"),
        (lambda: poisson_spike_times(1e4, 1e5, n=10), "about 1e\\+07 spike times"),
        (
            lambda: izhikevich_network(400, 100, duration=1.0, sparse=False),
            "dense 500 x 500 weight matrix",
        ),
        (
            lambda: izhikevich_network(400, 100, duration=1.0, sparse=True),
            "500 x 500 sparse weights",
        ),
        (
            lambda: song_miller_abbott(
                n_inputs=10_000, duration_ms=2000.0, record_every_ms=100.0
            ),
            "weight snapshots",
        ),
    ],
)
def test_too_large_for_memory_is_refused(one_mib, run, pattern):
    with pytest.raises(ConfigError, match=pattern + ".*GiB"):
        run()


def test_spiking_network_run_too_large_is_refused(one_mib):
    import neuroglass as ng
    from neuroglass.brain import to_spiking

    net = ng.mlp([4, 8, 3], activation="relu", loss="cross_entropy", seed=0)
    snn = to_spiking(net, np.random.default_rng(0).random((20, 4)))
    with pytest.raises(ConfigError, match=r"1,000 samples for 1,000 steps.*batches"):
        snn.predict(np.ones((1000, 4)), 1000.0)  # 8 MB of classes


# -- Trace.load ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (b"hello" * 100, r"begins with b'hellohel', not an .npz archive"),
        (b"", "it is empty"),
        (b"\x80\x04K\x01.", "it is a Python pickle, which is never loaded"),
    ],
)
def test_trace_load_names_what_the_file_is(tmp_path, content, pattern):
    from neuroglass.brain import Trace
    from neuroglass.engine.errors import ModelFileError

    path = tmp_path / "x.npz"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match=pattern):
        Trace.load(path)


def test_trace_load_of_a_directory(tmp_path):
    from neuroglass.brain import Trace
    from neuroglass.engine.errors import ModelFileError

    with pytest.raises(ModelFileError, match="is a directory"):
        Trace.load(tmp_path)


def test_trace_round_trip_with_every_variable(tmp_path):
    from neuroglass.brain import Trace

    trace = simulate(HodgkinHuxley(), 10.0, 20.0, record=("v", "m", "h", "n", "I"))
    trace.save(tmp_path / "hh.npz")
    back = Trace.load(tmp_path / "hh.npz")
    assert back.recorded == trace.recorded
    for name in trace.recorded:
        np.testing.assert_array_equal(back[name], trace[name])
    np.testing.assert_array_equal(back.spikes, trace.spikes)
    assert (back.config, back.units, back.dt, back.n) == (
        trace.config,
        trace.units,
        trace.dt,
        trace.n,
    )
