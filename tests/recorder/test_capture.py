"""Copying a snapshot out of a network (capture.py): what a snapshot stores is
a copy taken when it is captured (the engine updates its arrays in place),
the summary the health rules read is computed from the layers' arrays, and
large networks keep statistics instead of arrays."""

import json
import math
import sqlite3

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import capture as capture_module
from neuroglass.recorder import schema
from neuroglass.recorder.capture import Capture


def _stored(rows):
    """Run the snapshot's writes into an in-memory run database; return it."""
    con = sqlite3.connect(":memory:")
    con.executescript(schema.TABLES)
    cur = con.cursor()
    for write in rows:
        write(cur)
    return cur


def _trained(data, optimizer="momentum"):
    net = ng.mlp([2, 4, 3, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(*data, epochs=1, batch_size=10, optimizer=optimizer, lr=0.1)
    return net


def _vectors(net):
    """(3, n_params): parameters, gradients and last updates, W_1, b_1, ..."""
    return np.stack(
        [
            np.concatenate([getattr(x, n).ravel() for x in net.layers for n in names])
            for names in (
                ("weights", "bias"),
                ("grad_weights", "grad_bias"),
                ("update_weights", "update_bias"),
            )
        ]
    )


def _probe_activations(net, probe):
    out, h = [], probe
    for layer in net.layers:
        h = layer.forward(h, store=False)
        out.append(h)
    return np.concatenate(out, axis=1)


def test_a_later_step_does_not_change_a_captured_snapshot(data):
    net = _trained(data)
    probe = data[0][:20].copy()
    capture = Capture(net, probe, full_arrays_limit=10_000, histogram_bins=8)
    vectors = _vectors(net).copy()
    activations = _probe_activations(net, probe).copy()
    velocity = net.optimizer.velocity.copy()
    rows, _ = capture.snapshot(net, epoch=0, step=10)
    # the engine trains on in place; the caller reuses its probe array
    net.fit(*data, epochs=1, batch_size=10, optimizer="momentum", lr=0.1)
    assert not np.allclose(_vectors(net), vectors)  # it did move
    probe[...] = 0.0
    cur = _stored(rows)  # written after the step, as a Recorder's commit may be
    stored_vectors, stored_raw, state, stacked = cur.execute(
        "SELECT vectors, activations, state, optimizer_state FROM snapshots"
    ).fetchone()
    np.testing.assert_array_equal(schema.unpack(stored_vectors), vectors)
    np.testing.assert_allclose(schema.unpack(stored_raw), activations, rtol=1e-6)
    np.testing.assert_array_equal(schema.unpack(stacked), velocity[None])
    assert json.loads(state)["steps_trained"] == 10
    # and the next snapshot still reads the probe as it was given
    rows, _ = capture.snapshot(net, epoch=1, step=20)
    (raw,) = _stored(rows).execute("SELECT activations FROM snapshots").fetchone()
    expected = _probe_activations(net, data[0][:20])
    np.testing.assert_allclose(schema.unpack(raw), expected, rtol=1e-6)


def test_the_summary_the_rules_read(data):
    net = _trained(data)
    capture = Capture(net, data[0][:20], full_arrays_limit=10_000, histogram_bins=8)
    rows, s = capture.snapshot(net, epoch=4, step=50)
    assert (s.epoch, s.step) == (4, 49)  # the last step taken, 0-based
    assert s.layer_names == ["dense_1", "dense_2", "dense_3"]
    assert s.activations == ["tanh", "tanh", "sigmoid"]
    layers = net.layers
    rms = [math.sqrt(np.mean(lay.grad_weights**2)) for lay in layers]
    assert s.grad_rms == pytest.approx(rms, rel=1e-9)
    ratio = [
        np.linalg.norm(lay.update_weights) / np.linalg.norm(lay.weights)
        for lay in layers
    ]
    assert s.update_ratio == pytest.approx(ratio, rel=1e-9)
    # the global gradient norm counts the biases; ||dW|| / ||W|| does not
    grads = _vectors(net)[1]
    assert s.grad_norm == pytest.approx(np.linalg.norm(grads), rel=1e-9)
    dw = math.sqrt(sum(np.sum(lay.grad_weights**2) for lay in layers))
    w = math.sqrt(sum(np.sum(lay.weights**2) for lay in layers))
    assert s.grad_to_weight == pytest.approx(dw / w, rel=1e-9)
    # tanh units can saturate, not die; the output layer's are not judged
    assert s.dead_fraction == [None, None, None]
    assert s.saturated_fraction[2] is None
    assert all(0 <= f <= 1 for f in s.saturated_fraction[:2])
    # the stored norms: |W|, |b|, |dW|, |db|, |update W|, |update b| per layer
    (norms,) = _stored(rows).execute("SELECT norms FROM snapshots").fetchone()
    expected = [
        [np.linalg.norm(getattr(lay, n)) for n in schema.NORM_COLUMNS] for lay in layers
    ]
    np.testing.assert_allclose(schema.unpack(norms), expected, rtol=1e-9)


def test_weights_all_zero_read_as_an_infinite_update_ratio(data):
    net = _trained(data)
    net.layers[1].weights[...] = 0.0
    capture = Capture(net, data[0][:5], full_arrays_limit=10_000, histogram_bins=8)
    _, s = capture.snapshot(net, epoch=0, step=10)
    assert s.update_ratio[1] == math.inf
    assert math.isfinite(s.update_ratio[0])


def test_probe_activations_only_below_their_limit(data, monkeypatch):
    net = _trained(data)
    probe = data[0][:20]
    monkeypatch.setattr(capture_module, "RAW_ACTIVATIONS_LIMIT", 20 * 8 - 1)
    capture = Capture(net, probe, full_arrays_limit=10_000, histogram_bins=8)
    assert capture.full and not capture.raw  # arrays yes, activations no
    rows, _ = capture.snapshot(net, epoch=0, step=10)
    vectors, raw = (
        _stored(rows).execute("SELECT vectors, activations FROM snapshots").fetchone()
    )
    assert vectors is not None and raw is None
    monkeypatch.setattr(capture_module, "RAW_ACTIVATIONS_LIMIT", 20 * 8)
    assert Capture(net, probe, full_arrays_limit=10_000, histogram_bins=8).raw


def test_a_probe_of_the_wrong_width_is_refused(data):
    net = _trained(data)
    with pytest.raises(ng.ShapeError, match=r"probe has shape \(4, 3\)"):
        Capture(net, np.zeros((4, 3)), full_arrays_limit=10_000, histogram_bins=8)


def test_large_networks_keep_statistics_not_arrays(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 30))
    y = rng.integers(0, 3, 64)
    net = ng.mlp([30, 40, 3], activation="relu", loss="cross_entropy", seed=0)
    path = tmp_path / "big.ngrun"
    net.fit(
        X,
        y,
        epochs=3,
        batch_size=16,
        callbacks=[ng.Recorder(path, full_arrays_limit=100, histogram_bins=12)],
    )
    with ng.open_run(path) as run:
        snap = run.snapshot()
        layer = snap.layers[0]
        assert layer.weights is None and snap.params is None
        stats = layer.stats["weights"]
        assert stats["size"] == 30 * 40 and len(stats["hist"]) == 12
        assert stats["norm"] == pytest.approx(np.linalg.norm(net.layers[0].weights))
        assert layer.stats["activation"]["size"] == 64 * 40
        assert layer.units["active"] is not None
        np.testing.assert_array_equal(
            run.network().parameters_vector(), net.parameters_vector()
        )
        with pytest.raises(KeyError, match="only statistics"):
            run.network(epoch=1)


def test_large_network_statistics_are_copies_too(data):
    net = _trained(data)
    capture = Capture(net, data[0][:20], full_arrays_limit=10, histogram_bins=5)
    assert not capture.full
    norm = np.linalg.norm(net.layers[0].weights)
    rows, _ = capture.snapshot(net, epoch=0, step=10)
    net.layers[0].weights[...] *= 3.0
    cur = _stored(rows)
    assert cur.execute("SELECT vectors, state FROM snapshots").fetchone() == (
        None,
        None,
    )
    stats = cur.execute(
        "SELECT layer, quantity, size, norm, hist FROM layer_stats"
    ).fetchall()
    # every layer's seven quantities, histograms of the bins asked for
    assert {(q[0], q[1]) for q in stats} == {
        (i, q) for i in range(3) for q in schema.QUANTITIES
    }
    ((size, stored_norm, hist),) = [q[2:] for q in stats if q[:2] == (0, "weights")]
    assert size == 8 and len(schema.unpack(hist)) == 5
    assert stored_norm == pytest.approx(norm)  # as captured, not as scaled since
