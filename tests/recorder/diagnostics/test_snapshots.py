"""The rules about gradients, steps and units (recorder/diagnostics/snapshots.py):
vanishing and exploding gradients, a learning rate too high or too low, dead
and saturated units. Each fires on a real training run built to trigger it
(recorded by ``ng.Recorder`` and read back with ``ng.open_run(...).diagnostics()``),
and on hand-made snapshot summaries: once, dated to the first snapshot of the
problem, never on one bad snapshot.

Where a diagnostic carries evidence, the test recomputes it from what the run
stored (probe activations, gradients) instead of trusting it.
"""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import diagnostics as rules
from neuroglass.recorder.diagnostics import (
    Diagnoser,
    SnapshotSummary,
)


def fired_at(d):
    """The snapshot epoch whose numbers a persistent rule's evidence quotes: the
    last of the PERSIST snapshots in a row (``d.epoch`` is the first)."""
    return d.epoch + rules.PERSIST - 1


def rms(a):
    return float(np.sqrt(np.mean(np.square(a))))


def dead_fraction(activations):
    """Fraction of units with no positive output on any probe sample."""
    return float(np.mean(np.all(activations <= 0, axis=0)))


# -- one real run per rule ------------------------------------------------------


def test_vanishing_gradients_in_a_deep_sigmoid_net(
    tmp_path, circle_xy, record_fit, only, check_when
):
    X, y = circle_xy
    deep = [2, *[16] * 8, 1]
    net = ng.mlp(deep, activation="sigmoid", output="sigmoid", loss="bce", seed=0)
    found, status, _ = record_fit(
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
    found, _, _ = record_fit(
        tmp_path / "relu.ngrun", net, X, y, epochs=3, batch_size=30, lr=0.1
    )
    assert "vanishing_gradients" not in {d.rule for d in found}


def test_vanishing_gradients_in_a_ten_layer_sigmoid_net(
    tmp_path, circle_xy, diagnose, check_finding
):
    X, y = circle_xy
    net = ng.mlp(
        [2, *[16] * 10, 1], activation="sigmoid", output="sigmoid", loss="bce", seed=0
    )
    found, _ = diagnose(tmp_path, net, X, y, epochs=4, batch_size=30, lr=0.1)
    check_finding(found["vanishing_gradients"], "first layer", "relu")
    assert found["vanishing_gradients"].evidence["ratio"] < 1e-3


def test_exploding_gradients_through_an_oversized_output_layer(
    tmp_path, circle_xy, record_fit, only, check_when
):
    # In a ReLU net dW_i scales with the product of all the *other* layers'
    # weight scales, so scaling every layer alike leaves the first/last ratio
    # alone; an output layer 1e5 times too large multiplies every gradient
    # below it by 1e5 on the way back.
    X, y = circle_xy
    net = ng.mlp(
        [2, *[16] * 6, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    net.layers[-1].weights = net.layers[-1].weights * 1e5
    found, status, metrics = record_fit(
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


def test_exploding_gradients_before_the_loss_becomes_nan(
    tmp_path, diagnose, check_finding
):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4)) * 3
    net = ng.mlp([4, 16, 16, 1], activation="identity", loss="mse", seed=0)
    found, status = diagnose(
        tmp_path,
        net,
        X,
        X.sum(axis=1),
        snapshot_every=1,
        epochs=40,
        batch_size=200,
        lr=0.02,
    )
    assert status == "diverged"
    check_finding(found["exploding_gradients"], "clip_norm")
    check_finding(found["loss_not_finite"], "learning rate")
    assert found["exploding_gradients"].epoch < found["loss_not_finite"].epoch
    # the inputs' scale makes the gradient dwarf the weights from the first
    # snapshot on (||dW|| / ||W|| about 30, then 50): no need to wait for growth
    assert found["exploding_gradients"].epoch == 0
    assert found["exploding_gradients"].evidence["grad_to_weight"] > 10
    assert "Standardize the inputs" in found["exploding_gradients"].suggestion


def test_exploding_gradients_from_the_start(
    tmp_path, circle_xy, record_fit, only, check_when
):
    # every layer 5 times too large: the gradient is 40 times the weights from
    # the first snapshot on. Growth from a healthy start (the other tests) is
    # not needed to call it.
    X, y = circle_xy
    net = ng.mlp(
        [2, 16, 16, 16, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    for layer in net.layers:
        layer.weights = layer.weights * 5
    found, status, _ = record_fit(
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
    found, _, _ = record_fit(
        tmp_path / "ok.ngrun", net, X, y, epochs=6, batch_size=10, lr=1e-4
    )
    assert "exploding_gradients" not in {d.rule for d in found}


def test_learning_rate_too_high(tmp_path, circle_xy, record_fit, only, check_when):
    X, y = circle_xy
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _, metrics = record_fit(
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
    found, _, _ = record_fit(
        tmp_path / "ok.ngrun", net, X, y, epochs=12, batch_size=10, lr=0.3
    )
    assert not {"learning_rate_high", "learning_rate_low"} & {d.rule for d in found}


def test_learning_rate_too_high_at_lr_10(tmp_path, circle_xy, diagnose, check_finding):
    X, y = circle_xy
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _ = diagnose(tmp_path, net, X, y, epochs=10, batch_size=10, lr=10.0)
    check_finding(found["learning_rate_high"], "10 times lower")
    assert found["learning_rate_high"].evidence["median_update_ratio"] > 0.1


def test_learning_rate_too_low(tmp_path, circle_xy, record_fit, check_when):
    X, y = circle_xy
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, status, _ = record_fit(
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


def test_learning_rate_too_low_median_update_ratio_under_1e_6(
    tmp_path, circle_xy, diagnose, check_finding
):
    X, y = circle_xy
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _ = diagnose(tmp_path, net, X, y, epochs=5, batch_size=10, lr=1e-8)
    check_finding(found["learning_rate_low"], "higher")
    assert found["learning_rate_low"].epoch == 0
    assert found["learning_rate_low"].evidence["median_update_ratio"] < 1e-6


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
def test_dead_relu_units(
    tmp_path, circle_xy, cause, lr, layers, record_fit, check_when
):
    X, y = circle_xy
    net = ng.mlp(
        [2, 16, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    if cause == "negative_bias":
        net.layers[0].bias = np.full(16, -50.0)
    found, status, _ = record_fit(
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


def test_dead_relu_units_all_dead_behind_a_negative_bias(
    tmp_path, circle_xy, diagnose, check_finding
):
    X, y = circle_xy
    net = ng.mlp([2, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    net.layers[0].bias = np.full(16, -50.0)  # no input can switch them on
    found, _ = diagnose(tmp_path, net, X, y, epochs=4, batch_size=10, lr=0.01)
    check_finding(found["dead_units"], "layer 1", "dead")
    assert found["dead_units"].layer == 0
    assert found["dead_units"].evidence["dead_fraction"] == 1.0


@pytest.mark.parametrize("cause", ["huge_inputs", "huge_weights"])
def test_saturated_tanh_units(tmp_path, circle_xy, cause, record_fit, only, check_when):
    X, y = circle_xy
    net = ng.mlp([2, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    if cause == "huge_inputs":
        X = X * 100
    else:
        net.layers[0].weights = net.layers[0].weights * 100
    found, _, _ = record_fit(
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


def test_saturated_tanh_units_on_inputs_times_100(
    tmp_path, circle_xy, diagnose, check_finding
):
    X, y = circle_xy
    net = ng.mlp([2, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _ = diagnose(tmp_path, net, X * 100, y, epochs=4, batch_size=10, lr=0.01)
    check_finding(found["saturated_units"], "saturated", "Standardize")
    assert found["saturated_units"].evidence["saturated_fraction"] >= 0.5


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
