"""The health diagnostics, end to end: each rule fires on a real training run
built to trigger it (recorded by ``ng.Recorder`` and read back with
``ng.open_run(...).diagnostics()``), healthy runs stay silent, and the
``Diagnoser`` itself fires each rule once, not at every snapshot.

Where a diagnostic carries evidence, the test recomputes it from what the run
stored (metrics, probe activations, gradients) instead of trusting it.
"""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import diagnostics as rules
from neuroglass.recorder.diagnostics import Diagnoser, SnapshotSummary


def record(path, net, X, y, **fit):
    """Train ``net`` with a Recorder at ``path``; return (diagnostics, status,
    per-epoch metrics) as read back from the run file."""
    net.fit(X, y, callbacks=[ng.Recorder(path)], **fit)
    return read(path)


def read(path):
    with ng.open_run(path) as run:
        return run.diagnostics(), run.status, run.metrics(format="dict")


def only(found, rule):
    """The single diagnostic of ``rule`` (a rule fires once per run)."""
    hits = [d for d in found if d.rule == rule]
    assert len(hits) == 1, [str(d) for d in found]
    return hits[0]


def check_when(d, steps_per_epoch, severities=("error", "warning")):
    """Snapshot and epoch rules fire at the end of an epoch: ``step`` is that
    epoch's last step (the run starts at step 0)."""
    assert isinstance(d.epoch, int) and d.epoch >= 0
    assert d.step == (d.epoch + 1) * steps_per_epoch - 1
    assert d.message.strip() and d.suggestion.strip()
    assert d.severity in severities


def fired_at(d):
    """The snapshot epoch whose numbers a persistent rule's evidence quotes: the
    last of the PERSIST snapshots in a row (``d.epoch`` is the first)."""
    return d.epoch + rules.PERSIST - 1


def rms(a):
    return float(np.sqrt(np.mean(np.square(a))))


@pytest.fixture(scope="module")
def circle():
    return ng.datasets.circle(n=300, seed=0)


# -- one real run per rule -----------------------------------------------------


def test_vanishing_gradients_in_a_deep_sigmoid_net(tmp_path, circle):
    X, y = circle
    deep = [2, *[16] * 8, 1]
    net = ng.mlp(deep, activation="sigmoid", output="sigmoid", loss="bce", seed=0)
    found, status, _ = record(
        tmp_path / "x.ngrun", net, X, y, epochs=3, batch_size=30, lr=0.1
    )
    assert status == "finished"
    d = only(found, "vanishing_gradients")
    check_when(d, steps_per_epoch=10)
    assert d.epoch == 0  # from the very first snapshots
    assert d.layer is None
    first, last = d.evidence["first_layer_grad_rms"], d.evidence["last_layer_grad_rms"]
    assert d.evidence["ratio"] == pytest.approx(first / last)
    assert d.evidence["ratio"] < rules.VANISHING_RATIO
    assert f"{first:.2e}" in d.message and f"{last:.2e}" in d.message
    assert "first layer" in d.message and "relu" in d.suggestion
    # the evidence is what the run stored: RMS of the first and last dW
    with ng.open_run(tmp_path / "x.ngrun") as run:
        layers = run.snapshot(fired_at(d)).layers
    assert rms(layers[0].grad_weights) == pytest.approx(first, rel=1e-6)
    assert rms(layers[-1].grad_weights) == pytest.approx(last, rel=1e-6)

    # the same depth with relu and He initialization keeps its gradients
    net = ng.mlp(deep, activation="relu", output="sigmoid", loss="bce", seed=0)
    found, _, _ = record(
        tmp_path / "relu.ngrun", net, X, y, epochs=3, batch_size=30, lr=0.1
    )
    assert "vanishing_gradients" not in {d.rule for d in found}


def test_exploding_gradients_through_an_oversized_output_layer(tmp_path, circle):
    # In a ReLU net dW_i scales with the product of all the *other* layers'
    # weight scales, so scaling every layer alike leaves the first/last ratio
    # alone; an output layer 1e5 times too large multiplies every gradient
    # below it by 1e5 on the way back.
    X, y = circle
    net = ng.mlp(
        [2, *[16] * 6, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    net.layers[-1].weights = net.layers[-1].weights * 1e5
    found, status, metrics = record(
        tmp_path / "x.ngrun", net, X, y, epochs=4, batch_size=30, lr=1e-8
    )
    assert status == "finished"  # it explodes without diverging
    assert np.all(np.isfinite(metrics["loss"]))
    d = only(found, "exploding_gradients")
    check_when(d, steps_per_epoch=10)
    assert d.severity == "error" and d.epoch == 0
    assert d.evidence["ratio"] > rules.EXPLODING_RATIO
    assert f"{d.evidence['ratio']:.3g} times the last layer's" in d.message
    assert "clip_norm" in d.suggestion
    assert "loss_not_finite" not in {d.rule for d in found}
    with ng.open_run(tmp_path / "x.ngrun") as run:
        layers = run.snapshot(fired_at(d)).layers
    stored = rms(layers[0].grad_weights) / rms(layers[-1].grad_weights)
    assert stored == pytest.approx(d.evidence["ratio"], rel=1e-6)


def test_learning_rate_too_high(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _, metrics = record(
        tmp_path / "x.ngrun", net, X, y, epochs=12, batch_size=10, lr=30.0
    )
    d = only(found, "learning_rate_high")
    check_when(d, steps_per_epoch=30)
    value = d.evidence["median_update_ratio"]
    assert value > rules.UPDATE_RATIO_HIGH
    assert value == pytest.approx(np.median(d.evidence["per_layer"]))
    assert f"{value:.2g}" in d.message and f"{100 * value:.0f}%" in d.message
    assert "10 times lower" in d.suggestion
    # it needs PERSIST + 1 epochs of loss, and the loss had stalled: by the
    # snapshot after the first one flagged, it fell less than 10% in 2 epochs
    assert d.epoch >= 1
    loss = metrics["loss"]
    assert loss[d.epoch + 1] >= 0.9 * loss[d.epoch - 1]

    # the same network at a sensible rate: no complaint about the rate
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _, _ = record(
        tmp_path / "ok.ngrun", net, X, y, epochs=12, batch_size=10, lr=0.3
    )
    assert not {"learning_rate_high", "learning_rate_low"} & {d.rule for d in found}


def test_learning_rate_too_low(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, status, _ = record(
        tmp_path / "x.ngrun", net, X, y, epochs=5, batch_size=10, lr=1e-8
    )
    assert status == "finished"
    assert [d.rule for d in found] == ["learning_rate_low"]
    d = found[0]
    check_when(d, steps_per_epoch=30)
    assert d.epoch == 0  # "from the start": the first of the EARLY snapshots
    value = d.evidence["median_update_ratio"]
    assert 0 < value < rules.UPDATE_RATIO_LOW
    assert f"{value:.1e}" in d.message
    assert "higher" in d.suggestion


def dead_fraction(activations):
    """Fraction of units with no positive output on any probe sample."""
    return float(np.mean(np.all(activations <= 0, axis=0)))


@pytest.mark.parametrize(
    "cause, lr, layers",
    [
        # the first steps at this rate blow the second layer's units dead
        ("huge_learning_rate", 3.0, [1]),
        # no input can switch the first layer on; the second layer then sees
        # only zeros and outputs relu(0) = 0: dead as well, reported per layer
        ("negative_bias", 0.01, [0, 1]),
    ],
)
def test_dead_relu_units(tmp_path, circle, cause, lr, layers):
    X, y = circle
    net = ng.mlp(
        [2, 16, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    if cause == "negative_bias":
        net.layers[0].bias = np.full(16, -50.0)
    found, status, _ = record(
        tmp_path / "x.ngrun", net, X, y, epochs=6, batch_size=10, lr=lr
    )
    assert status == "finished"
    # dead units stand still at any learning rate and have exactly zero
    # gradients: that is not "learning rate too low", nor vanishing or
    # exploding gradients
    assert {d.rule for d in found} == {"dead_units"}
    assert [d.layer for d in found] == layers  # once per layer
    for d in found:
        check_when(d, steps_per_epoch=30)
        assert d.epoch == 0
        frac = d.evidence["dead_fraction"]
        assert frac >= 0.9
        assert f"{100 * frac:.0f}% of the units of layer {d.layer + 1}" in d.message
        assert "relu" in d.message and "dead" in d.message
        assert d.suggestion.strip()
        with ng.open_run(tmp_path / "x.ngrun") as run:
            stored = run.snapshot(fired_at(d)).layers[d.layer].activations
        assert dead_fraction(stored) == pytest.approx(frac)


@pytest.mark.parametrize("cause", ["huge_inputs", "huge_weights"])
def test_saturated_tanh_units(tmp_path, circle, cause):
    X, y = circle
    net = ng.mlp([2, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    if cause == "huge_inputs":
        X = X * 100
    else:
        net.layers[0].weights = net.layers[0].weights * 100
    found, _, _ = record(
        tmp_path / "x.ngrun", net, X, y, epochs=4, batch_size=10, lr=0.01
    )
    d = only(found, "saturated_units")
    check_when(d, steps_per_epoch=30)
    assert d.epoch == 0 and d.layer == 0  # never the (sigmoid) output layer
    frac = d.evidence["saturated_fraction"]
    assert frac >= rules.SATURATED_FRACTION
    assert f"{100 * frac:.0f}% of the units of layer 1" in d.message
    assert "tanh" in d.message and "saturated" in d.message
    assert "Standardize" in d.suggestion
    with ng.open_run(tmp_path / "x.ngrun") as run:
        a = run.snapshot(fired_at(d)).layers[0].activations
    stuck = np.mean(np.abs(a) > 0.97, axis=0) > rules.SATURATED_SAMPLES
    assert float(np.mean(stuck)) == pytest.approx(frac)


def test_overfitting_a_small_noisy_training_set(tmp_path):
    """The validation loss rises while the validation accuracy holds (~89%):
    a note that says so (see tests/recorder/test_overfitting.py for the
    warning when the accuracy falls)."""
    X, y = ng.datasets.gauss(n=400, noise=0.5, seed=0)
    X_train, X_val, y_train, y_val = ng.datasets.train_test_split(X, y, 0.9, seed=0)
    assert len(X_train) == 40
    net = ng.mlp(
        [2, 64, 64, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
    )
    found, status, metrics = record(
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


def test_loss_not_finite_when_training_diverges(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 10
    net = ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0)
    path = tmp_path / "x.ngrun"
    with pytest.raises(ng.TrainingDiverged) as caught:
        net.fit(
            X,
            X @ np.array([3.0, -2.0]),
            epochs=50,
            batch_size=10,
            lr=5.0,
            callbacks=[ng.Recorder(path)],
        )
    found, status, metrics = read(path)
    assert status == "diverged"
    d = only(found, "loss_not_finite")
    assert found[-1] is d  # the last word on the run
    assert d.severity == "error"
    exc = caught.value
    assert not math.isfinite(exc.loss)
    assert (d.epoch, d.step) == (exc.epoch, exc.step)
    assert len(metrics["epoch"]) == exc.epoch  # the diverged epoch never ended
    assert d.evidence["error"] == str(exc)
    assert "NaN or infinite" in d.message and str(exc) in d.message
    assert "learning rate" in d.suggestion


# -- healthy runs stay silent ---------------------------------------------------


HEALTHY = {
    # TF Playground's default: circle, 50% training data, 4-2 tanh, SGD lr 0.03,
    # batch 10 (with our default Glorot init and with Playground's U(-0.5, 0.5))
    "playground_circle": dict(
        data=lambda seed: ng.datasets.circle(seed=seed),
        sizes=[2, 4, 2, 1],
        net=dict(activation="tanh", output="sigmoid", loss="bce"),
        fit=dict(epochs=100, batch_size=10, lr=0.03),
    ),
    "playground_circle_uniform_init": dict(
        data=lambda seed: ng.datasets.circle(seed=seed),
        sizes=[2, 4, 2, 1],
        net=dict(activation="tanh", output="sigmoid", loss="bce", init="uniform"),
        fit=dict(epochs=100, batch_size=10, lr=0.03),
    ),
    "spiral_adam": dict(
        data=lambda seed: ng.datasets.spiral(seed=seed),
        sizes=[2, 16, 16, 1],
        net=dict(activation="tanh", output="sigmoid", loss="bce"),
        fit=dict(epochs=300, batch_size=10, optimizer="adam", lr=0.01),
    ),
    "digits_relu": dict(
        data=lambda seed: ng.datasets.digits(),
        sizes=[64, 64, 10],
        net=dict(activation="relu", loss="cross_entropy"),
        fit=dict(epochs=30, batch_size=32, optimizer="adam", lr=0.001),
    ),
}


@pytest.mark.parametrize(
    "case, seed",
    [
        ("playground_circle", 0),
        ("playground_circle_uniform_init", 0),
        # seed 2's validation loss creeps from 0.026 to 0.035 at 98% accuracy:
        # noise, not overfitting (the rule once fired on it)
        ("spiral_adam", 0),
        ("spiral_adam", 1),
        ("spiral_adam", 2),
        ("digits_relu", 0),
    ],
)
def test_healthy_runs_stay_silent(tmp_path, case, seed):
    spec = HEALTHY[case]
    X, y = spec["data"](seed)
    X_train, X_val, y_train, y_val = ng.datasets.train_test_split(X, y, 0.5, seed=seed)
    net = ng.mlp(spec["sizes"], seed=seed, **spec["net"])
    found, status, metrics = record(
        tmp_path / "x.ngrun",
        net,
        X_train,
        y_train,
        validation_data=(X_val, y_val),
        **spec["fit"],
    )
    assert status == "finished"
    assert [str(d) for d in found] == []
    # healthy indeed: it learned the task
    assert metrics["val_accuracy"][-1] >= 0.95


# -- the Diagnoser on hand-made summaries ---------------------------------------

N_LAYERS = 4


def summary(
    epoch,
    grad_rms=(0.1, 0.1, 0.1, 0.1),
    update_ratio=(1e-3,) * N_LAYERS,
    grad_norm=1.0,
    dead=(0.0, 0.0, None, None),
    saturated=(None, None, 0.0, None),
):
    return SnapshotSummary(
        epoch=epoch,
        step=10 * epoch + 9,
        layer_names=[f"dense_{i + 1}" for i in range(N_LAYERS)],
        activations=["relu", "relu", "tanh", "sigmoid"],
        grad_rms=list(grad_rms),
        update_ratio=list(update_ratio),
        grad_norm=grad_norm,
        dead_fraction=list(dead),
        saturated_fraction=list(saturated),
    )


# each: (what the problem looks like from `start` on, the rule, layers it names)
PROBLEMS = {
    "vanishing": (
        dict(grad_rms=(1e-7, 1e-4, 1e-2, 0.1)),
        "vanishing_gradients",
        [None],
    ),
    "exploding_ratio": (
        dict(grad_rms=(1e3, 10.0, 1.0, 0.1)),
        "exploding_gradients",
        [None],
    ),
    "exploding_growth": (
        dict(grad_norm=1e4),
        "exploding_gradients",
        [None],
    ),
    "lr_high": (
        dict(update_ratio=(0.5, 0.3, 0.4, 0.2)),
        "learning_rate_high",
        [None],
    ),
    "dead": (dict(dead=(0.75, 1.0, None, None)), "dead_units", [0, 1]),
    "saturated": (dict(saturated=(None, None, 0.8, None)), "saturated_units", [2]),
}


@pytest.mark.parametrize(
    "problem, start",
    # growth is measured against the first snapshot, so it cannot start there
    [
        (p, s)
        for p in sorted(PROBLEMS)
        for s in (0, 3)
        if (p, s) != ("exploding_growth", 0)
    ]
    + [("exploding_growth", 1)],
)
def test_each_rule_fires_once_however_long_the_problem_lasts(problem, start):
    looks, rule, layers = PROBLEMS[problem]
    diagnoser = Diagnoser()
    fired = []
    for epoch in range(20):
        # a flat training loss: "stalled" for the learning-rate rule
        diagnoser.add_epoch(
            {"epoch": epoch, "step": 10 * epoch + 9, "loss": 0.5, "val_loss": None}
        )
        bad = epoch >= start
        fired += diagnoser.add_snapshot(summary(epoch, **(looks if bad else {})))
    assert [d.rule for d in fired] == [rule] * len(layers)
    assert [d.layer for d in fired] == layers
    for d in fired:
        # dated to the first snapshot of the problem; the lr rule also needs
        # PERSIST + 1 epochs of loss history before it can tell a stall
        first = max(start, 1) if rule == "learning_rate_high" else start
        assert (d.epoch, d.step) == (first, 10 * first + 9)
        assert d.message and d.suggestion


def test_learning_rate_low_fires_once_from_the_start():
    diagnoser = Diagnoser()
    fired = []
    for epoch in range(10):
        fired += diagnoser.add_snapshot(summary(epoch, update_ratio=(1e-8,) * 4))
    assert [(d.rule, d.epoch) for d in fired] == [("learning_rate_low", 0)]
    # "from the start": a rate that only gets small later is not this rule
    diagnoser = Diagnoser()
    fired = []
    for epoch in range(10):
        tiny = epoch >= 1
        fired += diagnoser.add_snapshot(
            summary(epoch, update_ratio=(1e-8,) * 4 if tiny else (1e-3,) * 4)
        )
    assert fired == []


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_one_bad_snapshot_is_not_a_diagnosis(problem):
    looks, _, _ = PROBLEMS[problem]
    diagnoser = Diagnoser()
    fired = []
    for epoch in range(10):
        diagnoser.add_epoch(
            {"epoch": epoch, "step": 10 * epoch + 9, "loss": 0.5, "val_loss": None}
        )
        fired += diagnoser.add_snapshot(summary(epoch, **(looks if epoch == 4 else {})))
    assert fired == []


def test_a_dead_network_is_only_dead():
    # every gradient and weight update exactly 0: dead units, not vanishing or
    # exploding gradients (0 / 0), and not a learning rate that is too low
    diagnoser = Diagnoser()
    fired = []
    for epoch in range(6):
        diagnoser.add_epoch(
            {"epoch": epoch, "step": 10 * epoch + 9, "loss": 0.69, "val_loss": None}
        )
        fired += diagnoser.add_snapshot(
            summary(
                epoch,
                grad_rms=(0.0,) * 4,
                update_ratio=(0.0,) * 4,
                grad_norm=0.01,  # the output bias still learns
                dead=(1.0, 1.0, None, None),
            )
        )
    assert [(d.rule, d.layer) for d in fired] == [("dead_units", 0), ("dead_units", 1)]


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


# -- a network that does not learn (issue 10) -----------------------------------


def entropy(p):
    p = np.asarray(p, dtype=float)
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def smoothed(losses, epoch):
    """The training loss the loss rules read at ``epoch``: the mean of the last
    ``LOSS_SMOOTH`` epochs up to it."""
    return float(np.mean(losses[max(0, epoch + 1 - rules.LOSS_SMOOTH) : epoch + 1]))


def readme_spiral(epochs):
    """The README's spiral example: 2-8-8-1 tanh, SGD lr 0.03, batch 10."""
    X, y = ng.datasets.spiral(seed=0)
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    net = ng.mlp([2, 8, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    fit = dict(epochs=epochs, batch_size=10, lr=0.03)
    return net, X_train, y_train, (X_test, y_test), fit


def test_a_loss_at_chance_level_is_reported(tmp_path):
    # the README's spiral for 60 epochs: the loss sits at ln 2 (55% accuracy);
    # before, the run said "no problems found"
    net, X, y, val, fit = readme_spiral(60)
    found, status, metrics = record(
        tmp_path / "x.ngrun", net, X, y, validation_data=val, **fit
    )
    assert status == "finished"
    assert metrics["val_accuracy"][-1] < 0.65  # it really did not learn
    d = only(found, "loss_at_chance")
    check_when(d, steps_per_epoch=25)
    assert d.severity == "warning"
    # the chance level of *this* training set: the entropy of its class
    # frequencies (ln 2 for balanced classes)
    chance = entropy(np.bincount(y) / len(y))
    assert d.evidence["chance_loss"] == pytest.approx(chance)
    assert chance == pytest.approx(math.log(2), abs=0.01)
    # it fires as soon as it can tell: STUCK_EPOCHS epochs, STUCK_STEPS steps
    assert d.epoch + 1 == rules.STUCK_EPOCHS
    assert d.evidence["loss"] == pytest.approx(smoothed(metrics["loss"], d.epoch))
    assert d.evidence["loss"] >= rules.CHANCE_FRACTION * chance
    # the numbers, and what to do about them
    assert f"after {d.epoch + 1} epochs" in d.message
    assert f"{d.evidence['loss']:.3g}" in d.message and f"{chance:.3g}" in d.message
    for remedy in ("learning rate (it is 0.03", "adam", "wider", "features"):
        assert remedy in d.suggestion
    assert len(found) == 1, [str(f) for f in found]


def test_a_loss_too_slow_to_converge_is_reported(tmp_path):
    # the README's spiral for 300 epochs: the loss crawls from 0.69 to 0.60
    net, X, y, val, fit = readme_spiral(300)
    found, status, metrics = record(
        tmp_path / "x.ngrun", net, X, y, validation_data=val, **fit
    )
    assert status == "finished"
    assert {d.rule for d in found} == {"loss_at_chance", "slow_convergence"}
    d = only(found, "slow_convergence")
    assert (d.epoch, d.step) == (299, 300 * 25 - 1)  # a verdict on the whole fit
    assert d.severity == "warning"
    losses = metrics["loss"]
    assert d.evidence["loss"] == pytest.approx(smoothed(losses, 299))
    assert d.evidence["loss"] > rules.GOOD_FRACTION * d.evidence["chance_loss"]
    # still falling, but at that pace it needs far more than the 300 epochs run
    assert losses[-25:].mean() < losses[-75:-50].mean()
    assert d.evidence["epochs_needed"] > rules.SLOW_FACTOR * 300
    pace = (losses[-75:-50].mean() - losses[-25:].mean()) / 50
    assert d.evidence["rate"] == pytest.approx(pace, rel=0.5)
    assert "300 epochs" in d.message and f"{d.evidence['loss']:.3g}" in d.message
    assert "learning rate" in d.suggestion and "adam" in d.suggestion
    assert "epochs=" in d.suggestion


@pytest.mark.parametrize(
    "task",
    ["imbalanced_bce", "four_classes", "regression"],
)
def test_the_chance_level_comes_from_the_task(tmp_path, task):
    # targets that the inputs cannot predict: the best the network can do is
    # the best constant, whose loss is the chance level
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 2))
    if task == "imbalanced_bce":
        y = (rng.random(600) < 0.1).astype(int)  # 90% / 10%: not ln 2
        net = ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce")
        chance = entropy([np.mean(y), 1 - np.mean(y)])
        assert chance < 0.4
    elif task == "four_classes":
        y = rng.integers(0, 4, 600)
        net = ng.mlp([2, 4, 4], activation="tanh", loss="cross_entropy")
        chance = entropy(np.bincount(y) / len(y))  # about ln 4
    else:
        y = rng.normal(size=600) * 2 + 1
        net = ng.mlp([2, 4, 1], activation="tanh", output="identity", loss="mse")
        chance = float(np.var(y))  # predicting the mean
    found, _, metrics = record(
        tmp_path / "x.ngrun", net, X, y, epochs=30, batch_size=20, lr=0.05
    )
    d = only(found, "loss_at_chance")
    assert d.evidence["chance_loss"] == pytest.approx(chance)
    assert d.evidence["loss"] == pytest.approx(smoothed(metrics["loss"], d.epoch))
    assert f"{chance:.3g}" in d.message


def test_exploding_gradients_from_the_start(tmp_path, circle):
    # every layer 5 times too large: the gradient is 40 times the weights from
    # the first snapshot on. Growth from a healthy start (the other tests) is
    # not needed to call it.
    X, y = circle
    net = ng.mlp(
        [2, 16, 16, 16, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    for layer in net.layers:
        layer.weights = layer.weights * 5
    found, status, _ = record(
        tmp_path / "x.ngrun", net, X, y, epochs=6, batch_size=10, lr=1e-4
    )
    assert status == "finished"
    d = only(found, "exploding_gradients")
    check_when(d, steps_per_epoch=30)
    assert d.severity == "error" and d.epoch == 0
    assert d.evidence["growth"] < rules.EXPLODING_GROWTH  # no rise to see
    scale = d.evidence["grad_to_weight"]
    assert scale > rules.EXPLODING_SCALE
    assert "from the start" in d.message and f"{scale:.3g} times" in d.message
    assert "Standardize the inputs" in d.suggestion
    with ng.open_run(tmp_path / "x.ngrun") as run:
        layers = run.snapshot(fired_at(d)).layers
    grads = math.sqrt(sum(np.sum(lay.grad_weights**2) for lay in layers))
    weights = math.sqrt(sum(np.sum(lay.weights**2) for lay in layers))
    assert grads / weights == pytest.approx(scale, rel=1e-6)

    # the same network at its proper scale: quiet
    net = ng.mlp(
        [2, 16, 16, 16, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    found, _, _ = record(
        tmp_path / "ok.ngrun", net, X, y, epochs=6, batch_size=10, lr=1e-4
    )
    assert "exploding_gradients" not in {d.rule for d in found}


def test_a_penalty_that_holds_the_weights_at_zero(tmp_path, circle):
    # l2=0.3 pulls every weight to 0: the loss sits at ln 2. The advice names
    # the penalty; and the gradient, large next to weights near 0 but small,
    # is not "exploding" (that test holds from the first snapshots only)
    X, y = circle
    net = ng.mlp(
        [2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", l2=0.3, seed=0
    )
    found, _, _ = record(tmp_path / "x.ngrun", net, X, y, epochs=60, batch_size=10)
    d = only(found, "loss_at_chance")
    assert d.suggestion.startswith("Try less regularization (l2 is 0.3)")
    assert "exploding_gradients" not in {f.rule for f in found}


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop"])
def test_an_adaptive_optimizer_at_a_huge_learning_rate(tmp_path, optimizer):
    X, y = ng.datasets.spiral(seed=0)
    net = ng.mlp(
        [2, 16, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    found, _, metrics = record(
        tmp_path / "x.ngrun",
        net,
        X,
        y,
        epochs=40,
        batch_size=10,
        optimizer=optimizer,
        lr=0.3,
    )
    d = only(found, "learning_rate_high")
    check_when(d, steps_per_epoch=50)
    assert d.evidence["optimizer"] == optimizer and d.evidence["lr"] == 0.3
    # the loss stopped improving, far from a good fit
    assert d.evidence["loss"] > rules.GOOD_FRACTION * d.evidence["chance_loss"]
    assert min(metrics["loss"][d.epoch + 1 :]) > 0.5
    assert f"{optimizer} at learning rate 0.3" in d.message
    assert "0.001 to 0.01" in d.suggestion and "try 0.01" in d.suggestion
    # it comes before the verdict it explains
    stuck = only(found, "loss_at_chance")
    assert found.index(d) < found.index(stuck)
    assert "too high" in stuck.message


# -- unit states that do not stop learning are a note ---------------------------


def test_saturation_on_a_solved_task_is_a_note(tmp_path):
    # gauss, 2-4-2-1 tanh, SGD 0.03, batch 10, 100 epochs: 100% accuracy, and
    # half of layer 2 saturated. It used to be a warning.
    X, y = ng.datasets.gauss(seed=0)
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    net = ng.mlp([2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, status, metrics = record(
        tmp_path / "x.ngrun",
        net,
        X_train,
        y_train,
        validation_data=(X_test, y_test),
        epochs=100,
        batch_size=10,
        lr=0.03,
    )
    assert status == "finished" and metrics["val_accuracy"][-1] == 1.0
    d = only(found, "saturated_units")
    assert d.severity == "info" and d.layer == 1
    assert "do not stop it from learning" in d.message
    assert d.suggestion.startswith("Nothing needs fixing")
    assert [f.severity for f in found] == ["info"]  # nothing to act on


def test_saturation_that_stalls_the_loss_stays_a_warning(tmp_path):
    X, y = ng.datasets.spiral(seed=0)
    net = ng.mlp(
        [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
    )
    found, _, _ = record(
        tmp_path / "x.ngrun",
        net,
        X,
        y,
        epochs=40,
        batch_size=10,
        optimizer="adam",
        lr=0.3,
    )
    saturated = [d for d in found if d.rule == "saturated_units"]
    assert saturated
    for d in saturated:
        assert d.severity == "warning"
        assert "stalled at" in d.message


# -- healthy runs of every kind stay quiet ---------------------------------------

QUIET = {
    "circle": (ng.datasets.circle, [2, 4, 2, 1], "tanh", "bce"),
    "xor": (ng.datasets.xor, [2, 8, 8, 1], "tanh", "bce"),
    "gauss_playground": (ng.datasets.gauss, [2, 4, 2, 1], "tanh", "mse_pm1"),
    "blobs": (ng.datasets.blobs, [2, 8, 4], "relu", "cross_entropy"),
    "plane_regression": (ng.datasets.plane, [2, 8, 1], "tanh", "mse"),
}


@pytest.mark.parametrize("case", sorted(QUIET))
def test_healthy_runs_have_nothing_to_act_on(tmp_path, case):
    make, sizes, activation, loss = QUIET[case]
    X, y = make(seed=1)
    output = {"bce": "sigmoid", "cross_entropy": "softmax"}.get(loss, "tanh")
    if loss == "mse_pm1":  # TF Playground's tanh output on labels -1/+1
        y, loss = 2.0 * y - 1.0, "mse"
    if case == "plane_regression":
        output = "identity"
    X_train, X_val, y_train, y_val = ng.datasets.train_test_split(X, y, seed=1)
    net = ng.mlp(sizes, activation=activation, output=output, loss=loss, seed=1)
    found, status, metrics = record(
        tmp_path / "x.ngrun",
        net,
        X_train,
        y_train,
        validation_data=(X_val, y_val),
        epochs=100,
        batch_size=10,
        lr=0.03,
    )
    assert status == "finished"
    assert [str(d) for d in found if d.severity != "info"] == []
    # and it did learn: the loss ends far below the chance level
    chance = rules.chance_loss(loss, net._targets(y_train, len(y_train)))
    assert metrics["loss"][-1] < 0.25 * chance


# -- the README's examples show what they claim -----------------------------------

README = __import__("pathlib").Path(__file__).resolve().parents[2] / "README.md"


def readme_command(start):
    """The README command line that begins with ``start`` (continuations joined)."""
    text = README.read_text(encoding="utf-8").replace("\\\n", " ")
    (line,) = [ln for ln in text.splitlines() if ln.startswith(start)]
    return line.split("#")[0].split()[1:]  # without "neuroglass" and comments


@pytest.mark.slow
def test_the_readme_train_examples_do_what_the_readme_says(
    tmp_path, monkeypatch, capsys
):
    from neuroglass.cli import main

    monkeypatch.chdir(tmp_path)
    prose = " ".join(README.read_text(encoding="utf-8").split())
    # the working example: the final line the README quotes
    args = readme_command("neuroglass train --dataset spiral --layers 16,16")
    assert main([*args, "--quiet"]) == 0
    final = capsys.readouterr().out.strip().splitlines()[-2]  # then "saved model"
    metrics = final.split("|")[:2]  # the timing differs
    assert " ".join(" | ".join(metrics).split()) in prose
    assert float(final.split("test accuracy")[1].split("%")[0]) >= 95
    # the hard case: where it ends and what the diagnostics say
    args = readme_command("neuroglass train --dataset spiral --layers 8,8")
    assert "--record" in args
    assert main([*args, "--quiet"]) == 0
    out = capsys.readouterr().out
    accuracy = float(out.split("test accuracy")[1].split("%")[0])
    assert f"({accuracy:.0f}% test accuracy after 200 epochs)" in prose
    (path,) = (tmp_path / "runs").iterdir()
    with ng.open_run(path) as run:
        d = only(run.diagnostics(), "loss_at_chance")
    assert d.epoch + 1 == 20 and "after 20 epochs" in prose
    assert f"chance level ({d.evidence['chance_loss']:.3f}, ln 2" in prose
    assert d.severity == "warning"
