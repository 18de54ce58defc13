"""fit(): the loop, its options, callbacks, and what happens when things go wrong."""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, TrainingDiverged


def blobs(rng, n=200):
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    return X, y


def test_seed_example_done_right_drives_loss_down_100x():
    """The tutorial's 3 samples x 3 features, done right: bias of shape (4,),
    labels matching a 1-wide output, standardized inputs (1..9 saturate tanh),
    and a hidden layer (labels 1, 0, 1 on collinear points are not linear)."""
    X, y = ng.datasets.seed_example()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    for seed in range(3):
        net = ng.mlp([3, 4, 1], activation="tanh", loss="mse", seed=seed)
        before = net.loss(X, y)
        history = net.fit(X, y, epochs=500, batch_size=3, optimizer="sgd", lr=0.1)
        after = net.loss(X, y)
        assert after < before / 100
        assert history.loss[-1] < history.loss[0] / 100


def test_history_has_one_entry_per_epoch(rng):
    X, y = blobs(rng)
    net = ng.mlp([2, 4, 1], loss="bce", seed=0)
    history = net.fit(X, y, epochs=7, batch_size=16, validation_split=0.25)
    assert len(history) == 7 and history.epoch == list(range(7))
    assert all(0 <= a <= 1 for a in history.accuracy + history.val_accuracy)
    assert len(history.val_loss) == 7 and history.status == "finished"
    assert net.epochs_trained == 7
    assert net.steps_trained == 7 * math.ceil(150 / 16)
    # a second fit continues the global epoch count
    again = net.fit(X, y, epochs=2)
    assert again.epoch == [7, 8]
    assert set(history.as_dict()) >= {"loss", "accuracy", "val_loss", "lr"}


def test_regression_history_has_no_accuracy(rng):
    X = rng.normal(size=(50, 2))
    net = ng.mlp([2, 3, 1], loss="mse", seed=0)
    history = net.fit(X, X.sum(axis=1), epochs=2, batch_size=10)
    assert history.accuracy == [None, None]
    assert "accuracy" not in history.as_dict()


def test_epoch_loss_is_the_mean_over_batches_before_each_update(rng):
    X, y = blobs(rng, 40)
    net = ng.mlp([2, 3, 1], loss="bce", seed=0)
    twin = net.copy()
    history = net.fit(X, y, epochs=1, batch_size=40, optimizer="sgd", lr=0.1)
    assert history.loss[0] == pytest.approx(twin.loss(X, y))


def test_full_batch_and_partial_last_batch(rng):
    X, y = blobs(rng, 25)
    net = ng.mlp([2, 3, 1], loss="bce", seed=0)
    net.fit(X, y, epochs=1, batch_size=None)
    assert net.steps_trained == 1
    net.fit(X, y, epochs=1, batch_size=10)
    assert net.steps_trained == 1 + 3


def test_shuffle_is_seeded(rng):
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


def test_callbacks_see_steps_gradients_and_updates(rng):
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


def test_batch_indices_cover_the_training_set_each_epoch(rng):
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


def test_keyboard_interrupt_ends_cleanly(rng):
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


def test_stop_training_from_a_callback(rng):
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


def test_early_stopping_restores_the_best_weights(rng):
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] > 0).astype(int)
    Xv, yv = rng.normal(size=(20, 2)), rng.integers(0, 2, 20)  # noise: will overfit
    best = {}

    class Keep(ng.Callback):
        def on_epoch_end(self, net, info):
            best[info.epoch] = (info.val_loss, net.parameters_vector())

    net = ng.mlp([2, 32, 1], loss="bce", seed=0)
    stopper = ng.EarlyStopping(patience=3)
    history = net.fit(
        X,
        y,
        epochs=200,
        batch_size=10,
        optimizer="adam",
        lr=0.05,
        validation_data=(Xv, yv),
        early_stopping=stopper,
        callbacks=[Keep()],
    )
    assert history.status == "stopped_early" and len(history) < 200
    epoch = min(best, key=lambda e: best[e][0])
    assert history.best_epoch == epoch
    np.testing.assert_array_equal(net.parameters_vector(), best[epoch][1])


def test_early_stopping_shortcuts(rng):
    X, y = blobs(rng, 40)
    net = ng.mlp([2, 3, 1], loss="bce", seed=0)
    history = net.fit(X, y, epochs=3, early_stopping=True)
    assert history.status == "finished"
    with pytest.raises(ConfigError, match="early_stopping must be"):
        net.fit(X, y, epochs=1, early_stopping="yes")


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (ng.StepDecay(step_size=2, gamma=0.5), [0.1, 0.1, 0.05, 0.05, 0.025]),
        (ng.ExponentialDecay(gamma=0.5), [0.1, 0.05, 0.025, 0.0125, 0.00625]),
        ("cosine", [0.1 * (1 + math.cos(math.pi * e / 5)) / 2 for e in range(5)]),
    ],
)
def test_learning_rate_schedules(schedule, expected, rng):
    X, y = blobs(rng, 20)
    history = ng.mlp([2, 2, 1], loss="bce", seed=0).fit(
        X, y, epochs=5, lr=0.1, lr_schedule=schedule
    )
    np.testing.assert_allclose(history.lr, expected)


def test_gradient_clipping_bounds_the_step(rng):
    X = rng.normal(size=(20, 2)) * 100
    y = X.sum(axis=1)
    net = ng.mlp([2, 4, 1], loss="mse", seed=0)
    before = net.parameters_vector()
    net.fit(X, y, epochs=1, batch_size=20, lr=0.1, clip_norm=1.0)
    step = net.parameters_vector() - before
    assert np.linalg.norm(step) == pytest.approx(0.1, rel=1e-6)


def test_l2_shrinks_weights(rng):
    X, y = blobs(rng)
    plain = ng.mlp([2, 16, 1], loss="bce", seed=0)
    decayed = ng.mlp([2, 16, 1], loss="bce", seed=0)
    plain.fit(X, y, epochs=30, lr=0.1)
    decayed.fit(X, y, epochs=30, lr=0.1, l2=0.1)
    assert (
        np.abs(decayed.layers[0].weights).sum() < np.abs(plain.layers[0].weights).sum()
    )


def test_l1_makes_weights_sparser(rng):
    X = rng.normal(size=(200, 6))
    y = X[:, 0] * 2  # only one feature matters
    net = ng.mlp([6, 1], loss="mse", seed=0)
    net.fit(X, y, epochs=100, lr=0.01, l1=0.05)
    w = np.abs(net.layers[0].weights[:, 0])
    assert w[0] > 1 and w[1:].max() < 0.05


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epochs": 0}, "epochs must be a positive integer; got 0"),
        ({"epochs": 2.5}, "epochs must be a positive integer; got 2.5"),
        ({"batch_size": 0}, "batch_size must be a positive integer; got 0"),
        ({"batch_size": -4}, "batch_size must be a positive integer; got -4"),
        ({"lr": -0.1}, "learning rate must be a finite number >= 0; got -0.1"),
        ({"lr": float("nan")}, "got nan"),
        ({"optimizer": "lbfgs"}, "Unknown optimizer 'lbfgs'. Valid names: sgd"),
        ({"validation_split": 1.5}, "validation_split must be a fraction"),
        ({"lr_schedule": "linear"}, "Unknown learning-rate schedule 'linear'"),
        ({"clip_norm": -1}, "clip_norm must be a finite number >= 0"),
        ({"validation_data": (np.zeros((3, 2)),)}, "validation_data must be a pair"),
    ],
)
def test_bad_fit_arguments(kwargs, message, rng):
    X, y = blobs(rng, 20)
    net = ng.mlp([2, 2, 1], loss="bce", seed=0)
    with pytest.raises(ConfigError, match=message):
        net.fit(X, y, **kwargs)


def test_optimizer_instances_keep_state_and_names_build_defaults(rng):
    X, y = blobs(rng, 20)
    opt = ng.Adam(lr=0.01)
    net = ng.mlp([2, 2, 1], loss="bce", seed=0)
    net.fit(X, y, epochs=1, batch_size=10, optimizer=opt)
    net.fit(X, y, epochs=1, batch_size=10, optimizer=opt)
    assert opt.t == 4 and net.optimizer is opt
    net.fit(X, y, epochs=1, optimizer="nesterov", lr=0.2)
    assert isinstance(net.optimizer, ng.Momentum) and net.optimizer.nesterov
    assert net.optimizer.lr == 0.2


def test_verbose_prints_plain_progress_lines(rng, capsys):
    # verbose=True is the engine's own ProgressPrinter (no tqdm, nothing wired
    # at import); the tqdm bar is passed explicitly: callbacks=[ng.ProgressBar()]
    X, y = blobs(rng, 40)
    ng.mlp([2, 3, 1], loss="bce", seed=0).fit(
        X, y, epochs=3, batch_size=10, verbose=True
    )
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("epoch 3/3  loss ") and "acc " in out[-1]


def test_progress_bar_passed_as_a_callback(rng, capsys):
    X, y = blobs(rng, 40)
    ng.mlp([2, 3, 1], loss="bce", seed=0).fit(
        X, y, epochs=3, batch_size=10, callbacks=[ng.ProgressBar()]
    )
    err = capsys.readouterr().err
    assert "12/12" in err and "loss=" in err and "acc=" in err


def test_plain_text_progress_without_tqdm(rng, capsys):
    from neuroglass.engine.callbacks import ProgressPrinter

    X, y = blobs(rng, 40)
    ng.mlp([2, 3, 1], loss="bce", seed=0).fit(
        X, y, epochs=4, callbacks=[ProgressPrinter(every=2)]
    )
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[-1].startswith("epoch 4/4  loss ")
