"""Callbacks: the hooks, History, EarlyStopping, the plain-text progress, and
as_callbacks."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.callbacks import EpochInfo, History, as_callbacks, format_epoch
from neuroglass.engine.errors import ConfigError

X, Y = ng.datasets.circle(n=40, seed=0)


def _net():
    return ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)


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


def test_verbose_prints_plain_progress_lines(rng, capsys, blobs):
    # verbose=True is the engine's own ProgressPrinter (no tqdm, nothing wired
    # at import); the tqdm bar is passed explicitly: callbacks=[ng.ProgressBar()]
    X, y = blobs(rng, 40)
    ng.mlp([2, 3, 1], loss="bce", seed=0).fit(
        X, y, epochs=3, batch_size=10, verbose=True
    )
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("epoch 3/3  loss ") and "acc " in out[-1]


def test_plain_text_progress_without_tqdm(rng, capsys, blobs):
    from neuroglass.engine.callbacks import ProgressPrinter

    X, y = blobs(rng, 40)
    ng.mlp([2, 3, 1], loss="bce", seed=0).fit(
        X, y, epochs=4, callbacks=[ProgressPrinter(every=2)]
    )
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[-1].startswith("epoch 4/4  loss ")


class OnlyEpochs:
    """Duck-typed: a callback with one hook only."""

    def __init__(self):
        self.seen = []

    def on_epoch_end(self, net, info):
        self.seen.append(info.epoch)


def test_callbacks_are_validated_naming_the_item_and_position():
    with pytest.raises(ng.ConfigError, match=r"callbacks\[0\] is 1 of type int"):
        _net().fit(X, Y, epochs=1, callbacks=[1])
    with pytest.raises(ng.ConfigError, match=r"callbacks\[1\] is 'x'"):
        as_callbacks([ng.EarlyStopping(), "x"])
    with pytest.raises(ng.ConfigError, match=r"callbacks\[0\].*EarlyStopping"):
        as_callbacks([ng.EarlyStopping])  # the class, not an instance
    with pytest.raises(ng.ConfigError, match="callbacks must be a list"):
        as_callbacks("abc")
    duck = OnlyEpochs()
    _net().fit(X, Y, epochs=2, callbacks=[duck])
    assert duck.seen == [0, 1]
    single = OnlyEpochs()
    _net().fit(X, Y, epochs=1, callbacks=single)
    assert single.seen == [0]


def _epoch(epoch, loss, accuracy=None, val_loss=None, val_accuracy=None):
    return EpochInfo(epoch, loss, accuracy, val_loss, val_accuracy, 0.1, 0.01, 3)


def test_history_keeps_one_value_per_epoch_and_drops_empty_metrics():
    history = History()
    assert repr(history) == "History(epochs=0, status='running')"
    history.append(_epoch(4, 0.5))
    history.append(_epoch(5, 0.25))
    assert len(history) == 2 and history.train_loss is history.loss
    assert history.as_dict() == {
        "epoch": [4, 5],
        "loss": [0.5, 0.25],
        "lr": [0.1, 0.1],
        "time": [0.01, 0.01],
    }
    assert repr(history) == "History(epochs=2, loss=0.25, lr=0.1, status='running')"


def test_format_epoch():
    info = _epoch(9, 0.23151, accuracy=0.912, val_loss=0.3, val_accuracy=0.5)
    assert format_epoch(info, 10, 100) == (
        "epoch 10/100  loss 0.2315  acc 91.2%  val_loss 0.3000  val_acc 50.0%"
    )
    assert format_epoch(_epoch(9, 1.0)) == "epoch 10  loss 1.0000"


def _drive(stopper, values, monitor="val_loss"):
    """Feed ``stopper`` one epoch per value of ``monitor``; the epoch it
    stopped at (None if it did not)."""
    net = ng.mlp([2, 1], seed=0)
    net.history = History()
    stopper.on_fit_start(net, None)
    for epoch, value in enumerate(values):
        stopper.on_epoch_end(net, _epoch(epoch, **({"loss": 1.0} | {monitor: value})))
        if net.stop_training:
            return epoch
    return None


def test_early_stopping_waits_patience_epochs_after_the_best():
    stopper = ng.EarlyStopping(patience=2, restore_best_weights=False)
    assert _drive(stopper, [1.0, 0.5, 0.6, 0.4, 0.45, 0.41, 0.2]) == 5
    assert stopper.best_epoch == 3 and stopper.best_params is None
    # min_delta: improvements smaller than it do not count
    stopper = ng.EarlyStopping(patience=2, min_delta=0.1)
    assert _drive(stopper, [1.0, 0.95, 0.91, 0.5]) == 2
    # accuracy is maximized
    stopper = ng.EarlyStopping(monitor="val_accuracy", patience=1)
    assert _drive(stopper, [0.5, 0.7, 0.6], "val_accuracy") == 2
    assert stopper.best_epoch == 1


def test_early_stopping_falls_back_to_training_metrics_or_says_none_exists():
    stopper = ng.EarlyStopping(monitor="val_loss", patience=1)
    assert _drive(stopper, [1.0, 2.0], "loss") == 1  # no val_loss: the loss
    with pytest.raises(ConfigError, match="monitors 'accuracy' but this network"):
        _drive(ng.EarlyStopping(monitor="accuracy"), [None], "accuracy")
    with pytest.raises(ConfigError, match="EarlyStopping monitor must be"):
        ng.EarlyStopping(monitor="r2")


def test_duck_callbacks_are_completed_and_keep_wants_batches():
    class EpochsOnly:
        wants_batches = False

        def on_epoch_end(self, net, info):
            pass

    duck = EpochsOnly()
    (wrapped,) = as_callbacks(duck)
    assert wrapped.wrapped is duck and wrapped.wants_batches is False
    assert wrapped.on_epoch_end == duck.on_epoch_end
    wrapped.on_fit_start(None, None)  # the missing hooks do nothing
    assert as_callbacks(None) == [] and as_callbacks(()) == []
