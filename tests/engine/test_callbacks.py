"""Callbacks: the hooks, History, EarlyStopping, the plain-text progress, and
as_callbacks."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.callbacks import as_callbacks

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
