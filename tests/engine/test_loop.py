"""The training loop's mechanics: batches, epochs, the epoch loss, callbacks'
view of each step, divergence, interruption, clipping."""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, TrainingDiverged
from neuroglass.engine.loop import error_text


def test_epoch_loss_is_the_mean_over_batches_before_each_update(rng, blobs):
    X, y = blobs(rng, 40)
    net = ng.mlp([2, 3, 1], loss="bce", seed=0)
    twin = net.copy()
    history = net.fit(X, y, epochs=1, batch_size=40, optimizer="sgd", lr=0.1)
    assert history.loss[0] == pytest.approx(twin.loss(X, y))


def test_full_batch_and_partial_last_batch(rng, blobs):
    X, y = blobs(rng, 25)
    net = ng.mlp([2, 3, 1], loss="bce", seed=0)
    net.fit(X, y, epochs=1, batch_size=None)
    assert net.steps_trained == 1
    net.fit(X, y, epochs=1, batch_size=10)
    assert net.steps_trained == 1 + 3


def test_shuffle_is_seeded(rng, blobs):
    X, y = blobs(rng)
    a = ng.mlp([2, 4, 1], loss="bce", seed=3)
    b = ng.mlp([2, 4, 1], loss="bce", seed=3)
    a.fit(X, y, epochs=3, batch_size=8)
    b.fit(X, y, epochs=3, batch_size=8)
    np.testing.assert_array_equal(a.parameters_vector(), b.parameters_vector())


class Recorder(ng.Callback):
    def __init__(self):
        self.events = []

    def on_fit_start(self, net, fit):
        self.events.append(("start", fit.epochs, fit.steps_per_epoch, fit.n_train))

    def on_batch_end(self, net, step):
        self.events.append(
            (
                "batch",
                step.step,
                step.epoch,
                step.batch,
                len(step.indices),
                step.loss,
                float(np.abs(net.layers[0].grad_weights).sum()),
                net.layers[0].update_weights.copy(),
            )
        )

    def on_epoch_end(self, net, info):
        self.events.append(("epoch", info.epoch, info.loss))

    def on_fit_end(self, net, fit):
        self.events.append(("end", fit.status, fit.epochs_done))


def test_callbacks_see_steps_gradients_and_updates(rng, blobs):
    X, y = blobs(rng, 30)
    rec = Recorder()
    net = ng.mlp([2, 3, 1], loss="bce", seed=0)
    net.fit(X, y, epochs=2, batch_size=10, lr=0.5, callbacks=[rec])
    kinds = [e[0] for e in rec.events]
    assert kinds == ["start"] + (["batch"] * 3 + ["epoch"]) * 2 + ["end"]
    assert rec.events[0] == ("start", 2, 3, 30)
    batches = [e for e in rec.events if e[0] == "batch"]
    assert [b[1] for b in batches] == list(range(6))
    assert [b[3] for b in batches] == [0, 1, 2, 0, 1, 2]
    assert all(b[6] > 0 for b in batches)  # gradients present at on_batch_end
    # the update is -lr * gradient for SGD
    net2 = ng.mlp([2, 3, 1], loss="bce", seed=0)
    net2.fit(X[:10], y[:10], epochs=1, batch_size=10, lr=0.5, shuffle=False)
    np.testing.assert_allclose(
        net2.layers[0].update_weights, -0.5 * net2.layers[0].grad_weights
    )
    assert rec.events[-1] == ("end", "finished", 2)


def test_batch_indices_cover_the_training_set_each_epoch(rng, blobs):
    X, y = blobs(rng, 23)
    seen = []

    class Indices(ng.Callback):
        def on_batch_end(self, net, step):
            seen.append((step.epoch, np.array(step.indices)))

    ng.mlp([2, 2, 1], loss="bce", seed=0).fit(
        X, y, epochs=2, batch_size=5, callbacks=[Indices()]
    )
    for epoch in (0, 1):
        rows = np.concatenate([i for e, i in seen if e == epoch])
        assert sorted(rows) == list(range(23))


def test_divergence_stops_with_a_clear_error_and_keeps_finite_weights(rng):
    X = rng.normal(size=(100, 2)) * 10
    y = X @ np.array([3.0, -2.0])
    net = ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0)
    rec = Recorder()
    with pytest.raises(
        TrainingDiverged, match="learning rate 5 is probably too high"
    ) as info:
        net.fit(X, y, epochs=50, batch_size=10, lr=5.0, callbacks=[rec])
    err = info.value
    assert err.lr == 5.0 and err.epoch >= 0 and err.step >= 0
    assert not math.isfinite(err.loss)
    assert "try 0.5" in str(err)
    assert np.all(np.isfinite(net.parameters_vector()))
    assert math.isfinite(net.loss(X, y))
    assert rec.events[-1][:2] == ("end", "diverged")
    assert err.history.status == "diverged"


def test_keyboard_interrupt_ends_cleanly(rng, blobs):
    X, y = blobs(rng, 50)
    rec = Recorder()

    class CtrlC(ng.Callback):
        def on_batch_end(self, net, step):
            if step.step == 7:
                raise KeyboardInterrupt

    net = ng.mlp([2, 3, 1], loss="bce", seed=0)
    with pytest.raises(KeyboardInterrupt):
        net.fit(X, y, epochs=5, batch_size=10, callbacks=[rec, CtrlC()])
    assert rec.events[-1] == ("end", "interrupted", 1)
    assert net.history.status == "interrupted" and len(net.history) == 1


def test_stop_training_from_a_callback(rng, blobs):
    X, y = blobs(rng, 50)

    class StopAfterTwo(ng.Callback):
        wants_batches = False

        def on_epoch_end(self, net, info):
            if info.epoch == 1:
                net.stop_training = True

    history = ng.mlp([2, 3, 1], loss="bce", seed=0).fit(
        X, y, epochs=10, callbacks=StopAfterTwo()
    )
    assert len(history) == 2 and history.status == "stopped_early"


def test_gradient_clipping_bounds_the_step(rng):
    X = rng.normal(size=(20, 2)) * 100
    y = X.sum(axis=1)
    net = ng.mlp([2, 4, 1], loss="mse", seed=0)
    before = net.parameters_vector()
    net.fit(X, y, epochs=1, batch_size=20, lr=0.1, clip_norm=1.0)
    step = net.parameters_vector() - before
    assert np.linalg.norm(step) == pytest.approx(0.1, rel=1e-6)


@pytest.mark.parametrize(
    ("sizes", "loss", "make_y"),
    [
        ([2, 3, 2], "bce", lambda rng, n: rng.integers(0, 2, (n, 2))),
        ([2, 3, 3], "cross_entropy", lambda rng, n: rng.integers(0, 3, n)),
        ([2, 3, 1], "mse", lambda rng, n: rng.normal(size=n)),
    ],
)
def test_epoch_metrics_are_those_of_the_weights_each_batch_saw(
    sizes, loss, make_y, rng
):
    """With lr=0 the weights never change, so the epoch's running loss and
    accuracy (summed batch by batch, every output of a bce net counted) equal
    evaluate() on the training set."""
    net = ng.mlp(sizes, loss=loss, seed=0)
    X, y = rng.normal(size=(23, 2)), make_y(rng, 23)
    history = net.fit(X, y, epochs=2, batch_size=5, optimizer="sgd", lr=0.0)
    expected = net.evaluate(X, y)
    assert history.loss == pytest.approx([expected["loss"]] * 2, rel=1e-12)
    assert history.accuracy == [expected.get("accuracy")] * 2


def test_a_callback_cannot_step_its_own_trainer(rng, blobs):
    X, y = blobs(rng, 20)

    class Reenter(ng.Callback):
        def on_batch_end(self, net, step):
            trainer.step()

    net = ng.mlp([2, 2, 1], loss="bce", seed=0)
    trainer = ng.Trainer(net, X, y, epochs=1, batch_size=10, callbacks=[Reenter()])
    with pytest.raises(ConfigError, match=r"callbacks may call trainer\.stop"):
        trainer.step()
    assert trainer.status == "interrupted"


def test_error_text():
    assert error_text(KeyboardInterrupt()) == "KeyboardInterrupt"
    assert error_text(ValueError("bad x")) == "ValueError: bad x"
