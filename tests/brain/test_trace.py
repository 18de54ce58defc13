"""Trace: spikes sorted, per-neuron spike times, rates over windows, and the
.npz round trip without pickle, with clear errors for damaged or foreign files."""

import json
import zipfile

import numpy as np
import pytest

from neuroglass.brain.lif import LIF
from neuroglass.brain.simulate import simulate
from neuroglass.brain.trace import Trace
from neuroglass.engine.errors import ConfigError, ModelFileError


def small_trace():
    t = np.arange(11) * 1.0
    v = np.zeros((11, 3))
    spikes = np.array([[5.0, 2], [1.0, 0], [5.0, 0], [3.0, 1], [10.0, 2]])
    return Trace(
        t, {"v": v}, spikes, n=3, dt=1.0, config={"model": "X"}, units={"v": "mV"}
    )


def test_spikes_sorted_by_time_then_neuron_and_split_per_neuron():
    trace = small_trace()
    np.testing.assert_array_equal(trace.spikes[:, 0], [1.0, 3.0, 5.0, 5.0, 10.0])
    np.testing.assert_array_equal(trace.spikes[:, 1], [0, 1, 0, 2, 2])
    np.testing.assert_array_equal(trace.spike_times[0], [1.0, 5.0])
    np.testing.assert_array_equal(trace.spike_times[2], [5.0, 10.0])


def test_rate_counts_spikes_in_the_half_open_window():
    trace = small_trace()
    np.testing.assert_allclose(trace.rate(), [200.0, 100.0, 200.0])  # per 10 ms
    # (1, 5]: the spike at 1 ms is excluded, those at 3 and 5 ms included
    np.testing.assert_allclose(trace.rate(1.0, 5.0), [250.0, 250.0, 250.0])
    with pytest.raises(
        ConfigError,
        match=r"t_start \(ms\) must be a finite number in \[0, 10\]; got -1.0",
    ):
        trace.rate(-1.0)


def test_save_load_round_trip(tmp_path):
    trace = simulate(LIF(tau_m=np.array([8.0, 12.0])), 0.9, 100.0, record="all")
    path = tmp_path / "run.trace"  # the name is kept as given
    trace.save(path)
    assert path.exists()
    back = Trace.load(path)
    assert back.recorded == trace.recorded and back.n == 2 and back.dt == trace.dt
    np.testing.assert_array_equal(back.t, trace.t)
    np.testing.assert_array_equal(back.v, trace.v)
    np.testing.assert_array_equal(back.spikes, trace.spikes)
    assert back.config == trace.config and back.units == trace.units
    for a, b in zip(back.spike_times, trace.spike_times, strict=True):
        np.testing.assert_array_equal(a, b)
    assert repr(back) == repr(trace)


def test_recorded_input_current_round_trips(tmp_path):
    trace = simulate(LIF(), np.array([0.3, 0.9]), 20.0, record=("v", "I"))
    path = tmp_path / "with_current.npz"
    trace.save(path)
    back = Trace.load(path)
    assert back.recorded == ("v", "I") and back.units == {"v": "mV", "I": "nA"}
    np.testing.assert_array_equal(back.I, np.tile([0.3, 0.9], (201, 1)))


def test_load_refuses_damaged_and_foreign_files(tmp_path):
    good = tmp_path / "good.npz"
    simulate(LIF(), 0.9, 50.0).save(good)
    data = good.read_bytes()

    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match=r"truncated, corrupted or not an \.npz"):
        Trace.load(truncated)

    text = tmp_path / "notes.npz"
    text.write_text("hello")
    with pytest.raises(ModelFileError, match=r"notes\.npz"):
        Trace.load(text)

    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, weights=np.ones(3))
    with pytest.raises(ModelFileError, match="no header"):
        Trace.load(foreign)

    single = tmp_path / "single.npy"
    np.save(single, np.ones(3))
    with pytest.raises(ModelFileError, match="one array"):
        Trace.load(single)

    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, header=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ModelFileError, match="pickle"):
        Trace.load(pickled)

    with pytest.raises(ModelFileError, match="no trace file"):
        Trace.load(tmp_path / "missing.npz")


def rewrite(path, out, **changes):
    with np.load(path) as archive:
        arrays = {k: archive[k] for k in archive.files}
    header = json.loads(str(arrays["header"]))
    header.update(changes.pop("header", {}))
    arrays["header"] = np.array(json.dumps(header))
    arrays.update(changes)
    with open(out, "wb") as handle:
        np.savez(handle, **arrays)


@pytest.mark.parametrize(
    ("changes", "pattern"),
    [
        ({"header": {"format": "other"}}, "format is not"),
        ({"header": {"version": 99}}, "version 99"),
        ({"header": {"n": 0}}, "n=0"),
        ({"spikes": np.array([[1.0, 7.0]])}, "neurons outside 0..0"),
        ({"var.v": np.zeros((3, 1))}, r"'v' has shape \(3, 1\)"),
        ({"t": np.zeros((2, 2))}, "times have shape"),
    ],
)
def test_load_refuses_inconsistent_files(tmp_path, changes, pattern):
    good = tmp_path / "good.npz"
    simulate(LIF(), 0.9, 50.0).save(good)
    bad = tmp_path / "bad.npz"
    rewrite(good, bad, **changes)
    with pytest.raises(ModelFileError, match=pattern):
        Trace.load(bad)


def test_saved_file_holds_no_pickle(tmp_path):
    path = tmp_path / "t.npz"
    simulate(LIF(), 0.9, 20.0).save(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "header.npy",
            "spikes.npy",
            "t.npy",
            "var.v.npy",
        ]
    with np.load(path, allow_pickle=False) as archive:
        assert all(archive[k].dtype != object for k in archive.files)


def test_variables_are_read_by_name_even_where_an_attribute_shadows_them():
    """Hodgkin-Huxley's gate n shares its name with Trace.n, the neuron count."""
    import neuroglass as ng

    trace = ng.brain.simulate(
        ng.brain.HodgkinHuxley(), 10.0, duration=2.0, dt=0.01, record="all", n=3
    )
    assert trace.n == 3
    gate = trace["n"]
    assert gate.shape == (201, 3)
    assert 0.3 < gate[0, 0] < 0.33  # n at rest, about 0.318
    np.testing.assert_array_equal(trace["v"], trace.v)
    with pytest.raises(KeyError, match="recorded: 'v', 'm', 'h', 'n'"):
        trace["u"]
