"""fit(): the loop, its options, callbacks, and what happens when things go wrong."""

import math

import numpy as np

import neuroglass as ng


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


def test_history_has_one_entry_per_epoch(rng, blobs):
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


def test_l2_shrinks_weights(rng, blobs):
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


def test_progress_bar_passed_as_a_callback(rng, capsys, blobs):
    X, y = blobs(rng, 40)
    ng.mlp([2, 3, 1], loss="bce", seed=0).fit(
        X, y, epochs=3, batch_size=10, callbacks=[ng.ProgressBar()]
    )
    err = capsys.readouterr().err
    assert "12/12" in err and "loss=" in err and "acc=" in err
