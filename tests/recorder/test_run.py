"""Run (run.py): the metrics, snapshots and networks of a recorded run, read back."""

import numpy as np
import pytest

import neuroglass as ng


def test_metrics_as_dataframe(recorded):
    pd = pytest.importorskip("pandas")
    with ng.open_run(recorded[0]) as run:
        frame = run.metrics()
        assert isinstance(frame, pd.DataFrame) and len(frame) == 30
        assert {"loss", "val_loss", "accuracy"} <= set(frame.columns)


def test_snapshots_hold_the_real_arrays(recorded, circle):
    path, net, _ = recorded
    with ng.open_run(path) as run:
        # default schedule: every one of the first 10 epochs, and the last
        assert set(range(10)) | {29} <= set(run.snapshot_epochs.tolist())
        last = run.snapshot()
        assert last.epoch == 29
        for layer, snap in zip(net.layers, last.layers):
            np.testing.assert_array_equal(snap.weights, layer.weights)
            np.testing.assert_array_equal(snap.grad_weights, layer.grad_weights)
            np.testing.assert_array_equal(snap.update_weights, layer.update_weights)
            assert snap.norms["weights"] == pytest.approx(np.linalg.norm(layer.weights))
            assert snap.update_ratio == pytest.approx(
                np.linalg.norm(layer.update_weights) / np.linalg.norm(layer.weights)
            )
            bands = snap.stats["weights"]["bands"]
            assert bands[0] == layer.weights.min() and bands[-1] == layer.weights.max()
            assert np.all(np.diff(bands) >= 0)
            assert snap.stats["weights"]["hist"].sum() == layer.weights.size
        probe = run.probe()
        np.testing.assert_array_equal(probe, circle[0][:256])
        hidden = last.layers[0]
        expected = np.tanh(probe @ net.layers[0].weights + net.layers[0].bias)
        np.testing.assert_allclose(hidden.activations, expected, rtol=1e-6)
        np.testing.assert_allclose(hidden.units["mean"], expected.mean(axis=0))
        np.testing.assert_allclose(
            hidden.units["saturated"], (np.abs(expected) > 0.97).mean(axis=0)
        )
        assert hidden.units["active"] is None  # tanh units are not "active"


def test_network_at_any_snapshot_and_at_the_end(recorded, circle):
    path, net, _ = recorded
    with ng.open_run(path) as run:
        final = run.network()
        np.testing.assert_array_equal(
            final.parameters_vector(), net.parameters_vector()
        )
        early = run.network(epoch=3)
        snap = run.snapshot(3)
        np.testing.assert_array_equal(early.layers[1].weights, snap.layers[1].weights)
        assert early.epochs_trained == 4
        with pytest.raises(KeyError, match="no snapshot at epoch 99"):
            run.snapshot(99)
