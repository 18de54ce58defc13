"""The overfitting rule weighs the validation accuracy: a rising validation
loss is a warning when the accuracy fell too (or when there is no accuracy, a
regression, or it sits near what guessing scores), and a note when it held."""

from types import SimpleNamespace

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import diagnostics as rules
from neuroglass.recorder.diagnostics import Diagnoser
from neuroglass.recorder.diagnostics.overfitting import chance_accuracy, mse_labels


def _flipped_gauss(seed=1):
    """Two gaussian blobs, 30% of the 120 training labels flipped: a 64x64
    network learns the blobs first (~95% validation accuracy), then memorizes
    the flipped labels and gets ever more validation points wrong."""
    X, y = ng.datasets.gauss(n=600, noise=0.3, seed=seed)
    X_train, X_val, y_train, y_val = ng.datasets.train_test_split(X, y, 0.8, seed=seed)
    flip = np.random.default_rng(seed).random(len(y_train)) < 0.3
    y_train = np.where(flip, 1 - y_train, y_train)
    return X_train, X_val, y_train, y_val


@pytest.mark.slow
@pytest.mark.parametrize("output", ["sigmoid", "tanh"])
def test_a_falling_validation_accuracy_makes_overfitting_a_warning(tmp_path, output):
    """sigmoid + bce: the engine's accuracy; tanh + mse on -1/+1 labels (the
    playground's default): the engine reports none, the recorder computes it."""
    X_train, X_val, y_train, y_val = _flipped_gauss()
    if output == "tanh":
        y_train, y_val = 2 * y_train - 1, 2 * y_val - 1
    net = ng.mlp(
        [2, 64, 64, 1],
        activation="tanh",
        output=output,
        loss="mse" if output == "tanh" else "bce",
        seed=1,
    )
    path = tmp_path / "run.ngrun"
    net.fit(
        X_train,
        y_train,
        epochs=300,
        batch_size=8,
        optimizer="adam",
        lr=0.01,
        validation_data=(X_val, y_val),
        callbacks=[ng.Recorder(path)],
    )
    with ng.open_run(path) as run:
        found = [d for d in run.diagnostics() if d.rule == "overfitting"]
        stored = run.metrics(format="dict")["val_accuracy"]
    (d,) = found
    assert d.severity == "warning", d
    assert d.message.startswith("the network is overfitting")
    then, now = d.evidence["best_val_accuracy"], d.evidence["val_accuracy"]
    assert then - now >= rules.OVERFIT_ACCURACY_DROP
    assert f"the validation accuracy fell ({100 * then:.1f}% around epoch" in d.message
    assert "early_stopping" in d.suggestion and "Nothing" not in d.suggestion
    if output == "sigmoid":  # the evidence is the stored accuracy, smoothed
        k = rules.OVERFIT_SMOOTH
        smooth = np.convolve(stored, np.ones(k) / k, mode="valid")
        assert then == pytest.approx(smooth[d.epoch - (k - 1)])
    else:  # the run's epochs keep the engine's numbers (none for mse)
        assert all(v is None or np.isnan(v) for v in stored)


def _epochs(val_loss, val_accuracy, loss=None):
    loss = loss if loss is not None else np.geomspace(1.0, 0.01, len(val_loss))
    return [
        {
            "epoch": k,
            "step": 10 * k + 9,
            "loss": float(loss[k]),
            "val_loss": float(val_loss[k]),
            "val_accuracy": None if val_accuracy is None else float(val_accuracy[k]),
        }
        for k in range(len(val_loss))
    ]


def _fired(epochs, chance=0.5):
    diagnoser = Diagnoser()
    diagnoser.start_fit(loss="bce", targets=np.array([[0.0], [1.0]]))
    assert diagnoser.context.chance_accuracy == chance
    return [
        (info["epoch"], d)
        for info in epochs
        for d in diagnoser.add_epoch(info)
        if d.rule == "overfitting"
    ]


#: the validation loss falls for 30 epochs, then rises steadily
VAL_LOSS = np.concatenate([np.linspace(0.5, 0.1, 30), np.linspace(0.1, 0.6, 50)])


def test_a_note_while_the_accuracy_holds_then_a_warning_once_it_falls():
    accuracy = np.concatenate([np.full(55, 0.97), np.full(25, 0.80)])
    fired = _fired(_epochs(VAL_LOSS, accuracy))
    assert [d.severity for _, d in fired] == ["info", "warning"], fired
    (at_note, note), (at_warning, warning) = fired
    assert at_note < 55 <= at_warning
    assert "The validation accuracy held, though (97.0% around epoch" in note.message
    assert note.suggestion.startswith("Nothing needs fixing now; if the validation")
    assert "the validation accuracy fell (97.0% around epoch" in warning.message
    now = warning.evidence["val_accuracy"]
    assert 0.97 - now >= rules.OVERFIT_ACCURACY_DROP  # as soon as it fell 2 points
    assert warning.message.endswith(f"{100 * now:.1f}% now).")


def test_no_accuracy_is_a_warning_as_before():
    """A regression: only the losses speak."""
    fired = _fired(_epochs(VAL_LOSS, None))
    assert [d.severity for _, d in fired] == ["warning"]
    assert "accuracy" not in fired[0][1].message
    assert fired[0][1].evidence["val_accuracy"] is None


def test_an_accuracy_that_held_near_chance_is_a_warning():
    """Holding at 55% where always answering one class scores 50%: the
    network gets nearly half the points wrong, not "a few"."""
    fired = _fired(_epochs(VAL_LOSS, np.full(80, 0.55)))
    ((_, d),) = fired
    assert d.severity == "warning"
    assert "not far above the 50.0% of always answering the most common" in d.message


def test_mse_labels_are_two_labels_on_one_output():
    assert mse_labels("mse", np.array([[-1.0], [1.0], [1.0]])) == (-1.0, 1.0)
    assert mse_labels("mse", np.array([0.0, 1.0, 0.0])) == (0.0, 1.0)
    for loss, targets in [
        ("mse", np.array([[-1.0], [1.0], [0.5]])),  # a regression
        ("mse", np.array([[1.0], [1.0]])),  # one value: no classes to tell
        ("mse", np.array([[-1.0, 1.0], [1.0, -1.0]])),  # two outputs
        ("mse", np.array([[2.0], [5.0]])),
        ("mse", np.zeros((0, 1))),
        ("bce", np.array([[0.0], [1.0]])),  # the engine's own accuracy
        ("mse", None),
    ]:
        assert mse_labels(loss, targets) is None, (loss, targets)


def test_chance_accuracy_is_the_most_common_class():
    assert chance_accuracy("bce", np.array([[0.0], [1.0], [1.0], [1.0]])) == 0.75
    one_hot = np.eye(3)[[0, 1, 1, 2, 1]]
    assert chance_accuracy("cross_entropy", one_hot) == pytest.approx(0.6)
    labels = (-1.0, 1.0)
    assert chance_accuracy("mse", np.array([[-1.0], [-1.0], [1.0]]), labels) == (
        pytest.approx(2 / 3)
    )
    assert chance_accuracy("mse", np.array([[0.3], [0.7]])) is None  # regression


def _recorder_after_fit(tmp_path, y_train, y_val, output="tanh", loss="mse"):
    X, _ = ng.datasets.circle(n=200, seed=0)
    net = ng.mlp([2, 4, 1], activation="tanh", output=output, loss=loss, seed=0)
    recorder = ng.Recorder(tmp_path / "run.ngrun")
    net.fit(
        X[:100],
        y_train,
        epochs=3,
        batch_size=10,
        validation_data=(X[100:], y_val),
        callbacks=[recorder],
    )
    return net, X[100:], recorder


def test_the_recorder_computes_the_accuracy_of_an_mse_classification(tmp_path):
    """-1/+1 labels (the playground's tanh output): the share of validation
    points whose output has their label's sign, as the playground shows it."""
    _, y = ng.datasets.circle(n=200, seed=0)
    labels = 2.0 * y - 1.0
    net, X_val, recorder = _recorder_after_fit(tmp_path, labels[:100], labels[100:])
    got = recorder._val_accuracy(net, SimpleNamespace(val_accuracy=None))
    expected = np.mean((net.predict(X_val)[:, 0] > 0) == (labels[100:] > 0))
    assert got == pytest.approx(expected)
    # the engine's own number is kept where it has one
    assert recorder._val_accuracy(net, SimpleNamespace(val_accuracy=0.25)) == 0.25


@pytest.mark.parametrize(
    "case",
    ["regression", "values-beyond-the-labels-in-validation", "bce"],
)
def test_no_accuracy_is_made_up_for_other_tasks(tmp_path, case):
    _, y = ng.datasets.circle(n=200, seed=0)
    labels = 2.0 * y - 1.0
    kwargs = {}
    if case == "regression":
        y_train, y_val = np.linspace(-1, 1, 100), np.linspace(-1, 1, 100)
    elif case.startswith("values"):
        y_train, y_val = labels[:100], np.where(labels[100:] > 0, 0.5, -1.0)
    else:
        y_train, y_val = y[:100], y[100:]
        kwargs = {"output": "sigmoid", "loss": "bce"}
    net, _, recorder = _recorder_after_fit(tmp_path, y_train, y_val, **kwargs)
    assert recorder._val_accuracy(net, SimpleNamespace(val_accuracy=None)) is None


# -- the rule on real runs and on hand-made epochs ----------------------------------


def test_overfitting_a_small_noisy_training_set(tmp_path, record_fit, only, check_when):
    """The validation loss rises while the validation accuracy holds (~89%):
    a note that says so (see tests/recorder/test_overfitting.py for the
    warning when the accuracy falls)."""
    X, y = ng.datasets.gauss(n=400, noise=0.5, seed=0)
    X_train, X_val, y_train, y_val = ng.datasets.train_test_split(X, y, 0.9, seed=0)
    assert len(X_train) == 40
    net = ng.mlp(
        [2, 64, 64, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
    )
    found, status, metrics = record_fit(
        tmp_path / "x.ngrun",
        net,
        X_train,
        y_train,
        epochs=60,
        batch_size=8,
        optimizer="adam",
        lr=0.01,
        validation_data=(X_val, y_val),
    )
    assert status == "finished"
    d = only(found, "overfitting")
    check_when(d, steps_per_epoch=5, severities=("info",))
    assert "early_stopping" in d.suggestion
    assert d.suggestion.startswith("Nothing needs fixing now")
    assert "The validation accuracy held" in d.message
    k = rules.OVERFIT_SMOOTH
    accuracy = np.convolve(metrics["val_accuracy"], np.ones(k) / k, mode="valid")
    then = accuracy[d.epoch - (k - 1)]
    assert then == pytest.approx(d.evidence["best_val_accuracy"])
    assert then - d.evidence["val_accuracy"] < rules.OVERFIT_ACCURACY_DROP
    assert f"{100 * then:.1f}% around epoch {d.epoch + 1}" in d.message
    # recompute the evidence from the stored per-epoch losses: d.epoch ends the
    # OVERFIT_SMOOTH-epoch window with the lowest mean validation loss ...
    k = rules.OVERFIT_SMOOTH
    val = np.convolve(metrics["val_loss"], np.ones(k) / k, mode="valid")
    train = np.convolve(metrics["loss"], np.ones(k) / k, mode="valid")
    best = d.epoch - (k - 1)
    assert d.evidence["best_epoch"] == d.epoch
    assert val[best] == pytest.approx(d.evidence["best_val_loss"])
    assert val[best] == pytest.approx(val[: best + 1 + rules.OVERFIT_PATIENCE].min())
    # ... and the rule fired at a later window: validation up 25%+, training down
    later = [
        i
        for i in range(best + 1, len(val))
        if np.isclose(val[i], d.evidence["val_loss"], rtol=1e-12, atol=0)
    ]
    assert later, "the reported validation loss is not a stored 5-epoch mean"
    fired = later[0]
    assert val[fired] > (1 + rules.OVERFIT_MARGIN) * val[best]
    assert train[fired] == pytest.approx(d.evidence["train_loss"])
    assert train[fired] < (1 - rules.OVERFIT_TRAIN_FALL) * train[best]
    assert f"around epoch {d.epoch + 1} ({val[best]:.4g})" in d.message
    # and it really is overfitting: the validation loss ends far above its best
    assert val[-1] > 1.5 * val[best]


def test_overfitting_noise(tmp_path, diagnose, check_finding):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 10)), rng.integers(0, 2, 40)  # labels are noise
    X_val, y_val = rng.normal(size=(200, 10)), rng.integers(0, 2, 200)
    net = ng.mlp(
        [10, 64, 64, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    found, _ = diagnose(
        tmp_path,
        net,
        X,
        y,
        epochs=120,
        batch_size=8,
        optimizer="adam",
        lr=0.01,
        validation_data=(X_val, y_val),
    )
    check_finding(found["overfitting"], "early_stopping")
    evidence = found["overfitting"].evidence
    assert evidence["val_loss"] > 1.25 * evidence["best_val_loss"]
    # the accuracy "held" at what guessing scores: nothing learned, a warning
    assert found["overfitting"].severity == "warning"
    assert "most common class" in found["overfitting"].message
    assert evidence["val_accuracy"] < 0.75


def epochs_of(val, train):
    return [
        {"epoch": e, "step": 10 * e + 9, "loss": t, "val_loss": v}
        for e, (v, t) in enumerate(zip(val, train))
    ]


def feed(epochs):
    diagnoser = Diagnoser()
    return [d for info in epochs for d in diagnoser.add_epoch(info)]


def test_overfitting_fires_once_while_the_validation_loss_keeps_rising():
    n = 80
    train = 0.7 * np.exp(-np.arange(n) / 10)
    val = np.concatenate([np.linspace(0.7, 0.3, 20), np.linspace(0.3, 1.5, n - 20)])
    fired = feed(epochs_of(val, train))
    assert [d.rule for d in fired] == ["overfitting"]
    d = fired[0]
    assert d.evidence["best_val_loss"] < d.evidence["val_loss"]
    assert 19 <= d.epoch <= 20 + rules.OVERFIT_SMOOTH  # around the lowest point


def test_overfitting_ignores_noise_level_rises_and_optimizer_wobbles():
    n = 80
    e = np.arange(n)
    falling = 0.7 * np.exp(-e / 10)
    # validation loss 0.7 -> 0.010, then up 60% to 0.016: a rise of 0.006 on a
    # curve that started at 0.7 is noise, however large relative to 0.010
    val = np.concatenate([np.geomspace(0.7, 0.01, 40), np.linspace(0.01, 0.016, 40)])
    assert feed(epochs_of(val, falling)) == []
    # a bump of the validation loss while the training loss barely moves (5%
    # over the whole run): the optimizer wobbling, not overfitting
    train = np.linspace(0.1, 0.095, n)
    val = np.concatenate(
        [np.full(40, 0.2), np.linspace(0.2, 0.4, 10), np.full(30, 0.4)]
    )
    assert feed(epochs_of(val, train)) == []
    # the same bump while the training loss keeps falling is overfitting
    assert [d.rule for d in feed(epochs_of(val, falling))] == ["overfitting"]
