"""views/progress.py: the tqdm bar passed to fit as a callback."""

import io

import numpy as np
import pytest

import neuroglass as ng


@pytest.fixture
def data():
    return ng.datasets.circle(n=60, seed=0)


def _net():
    return ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)


def test_the_bar_counts_every_step_and_shows_the_last_epoch(data):
    X, y = data
    out = io.StringIO()
    bar = ng.ProgressBar(file=out, mininterval=0)
    _net().fit(X, y, epochs=3, batch_size=20, callbacks=[bar])
    text = out.getvalue()
    assert bar.bar.n == bar.bar.total == 3 * 3  # 60 rows / 20 per step, 3 epochs
    assert "9/9" in text
    assert "epoch=3/3" in text and "acc=" in text
    assert "(finished)" not in text


def test_a_stopped_fit_says_so_on_the_bar(data):
    X, y = data
    out = io.StringIO()
    trainer = ng.Trainer(
        _net(), X, y, epochs=5, batch_size=20, callbacks=[ng.ProgressBar(file=out)]
    )
    trainer.step()
    trainer.step()
    trainer.stop()
    text = out.getvalue()
    assert "training (stopped)" in text
    assert "2/15" in text


def test_the_bar_counts_from_the_epoch_the_fit_starts_at(data):
    X, y = data
    net = _net()
    net.fit(X, y, epochs=2, batch_size=30)
    out = io.StringIO()
    net.fit(X, y, epochs=2, batch_size=30, callbacks=[ng.ProgressBar(file=out)])
    assert "epoch=2/2" in out.getvalue()
    assert "epoch=4/2" not in out.getvalue()


def test_validation_numbers_appear_when_there_is_validation_data(data):
    X, y = data
    out = io.StringIO()
    _net().fit(
        X,
        y,
        epochs=1,
        batch_size=30,
        validation_split=0.25,
        callbacks=[ng.ProgressBar(file=out, mininterval=0)],
    )
    assert "val_loss=" in out.getvalue() and "val_acc=" in out.getvalue()
    assert np.isfinite(float(out.getvalue().split("val_loss=")[1][:6]))


def test_the_bar_in_chinese_from_its_first_frame(data):
    X, y = data
    out = io.StringIO()
    bar = ng.ProgressBar(lang="zh", file=out, mininterval=0)
    _net().fit(X, y, epochs=2, batch_size=20, validation_split=0.25, callbacks=[bar])
    text = out.getvalue()
    first = text.split("\r")[1] if text.startswith("\r") else text.split("\r")[0]
    assert first.startswith("训练") and "step" not in text
    assert "轮=2/2" in text and "损失=" in text and "准确率=" in text
    assert "验证损失=" in text and "验证准确率=" in text
    for word in ("training", "epoch", "loss", "acc"):
        assert word not in text


def test_the_bar_follows_the_language_when_the_fit_starts(data):
    X, y = data
    out = io.StringIO()
    bar = ng.ProgressBar(file=out)
    with ng.language("zh"):
        trainer = ng.Trainer(_net(), X, y, epochs=5, batch_size=20, callbacks=[bar])
        trainer.step()
        trainer.stop()
    assert "训练（已停止）" in out.getvalue()
    with pytest.raises(ValueError, match="'fr'"):
        ng.ProgressBar(lang="fr")
