"""Each diagnostic rule fires on a run built to trigger it, and stays quiet on
healthy runs."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder.diagnostics import Diagnoser, SnapshotSummary


def diagnose(tmp_path, net, X, y, snapshot_every="auto", **fit):
    path = tmp_path / "run.ngrun"
    try:
        net.fit(
            X, y, callbacks=[ng.Recorder(path, snapshot_every=snapshot_every)], **fit
        )
    except ng.TrainingDiverged:
        pass
    with ng.open_run(path) as run:
        return {d.rule: d for d in run.diagnostics()}, run.status


@pytest.fixture(scope="module")
def circle():
    return ng.datasets.circle(n=300, seed=0)


def check(diagnostic, *words):
    assert diagnostic.message and diagnostic.suggestion
    assert diagnostic.epoch is not None and diagnostic.step is not None
    for word in words:
        assert word in diagnostic.message + diagnostic.suggestion


def test_vanishing_gradients_in_a_deep_sigmoid_net(tmp_path, circle):
    X, y = circle
    net = ng.mlp(
        [2, *[16] * 10, 1], activation="sigmoid", output="sigmoid", loss="bce", seed=0
    )
    found, _ = diagnose(tmp_path, net, X, y, epochs=4, batch_size=30, lr=0.1)
    check(found["vanishing_gradients"], "first layer", "relu")
    assert found["vanishing_gradients"].evidence["ratio"] < 1e-3


def test_exploding_gradients_before_the_loss_becomes_nan(tmp_path):
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
    check(found["exploding_gradients"], "clip_norm")
    check(found["loss_not_finite"], "learning rate")
    assert found["exploding_gradients"].epoch < found["loss_not_finite"].epoch
    # the inputs' scale makes the gradient dwarf the weights from the first
    # snapshot on (||dW|| / ||W|| about 30, then 50): no need to wait for growth
    assert found["exploding_gradients"].epoch == 0
    assert found["exploding_gradients"].evidence["grad_to_weight"] > 10
    assert "Standardize the inputs" in found["exploding_gradients"].suggestion


def test_learning_rate_too_high(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _ = diagnose(tmp_path, net, X, y, epochs=10, batch_size=10, lr=10.0)
    check(found["learning_rate_high"], "10 times lower")
    assert found["learning_rate_high"].evidence["median_update_ratio"] > 0.1


def test_learning_rate_too_low(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _ = diagnose(tmp_path, net, X, y, epochs=5, batch_size=10, lr=1e-8)
    check(found["learning_rate_low"], "higher")
    assert found["learning_rate_low"].epoch == 0
    assert found["learning_rate_low"].evidence["median_update_ratio"] < 1e-6


def test_dead_relu_units(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    net.layers[0].bias = np.full(16, -50.0)  # no input can switch them on
    found, _ = diagnose(tmp_path, net, X, y, epochs=4, batch_size=10, lr=0.01)
    check(found["dead_units"], "layer 1", "dead")
    assert found["dead_units"].layer == 0
    assert found["dead_units"].evidence["dead_fraction"] == 1.0


def test_saturated_tanh_units(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _ = diagnose(tmp_path, net, X * 100, y, epochs=4, batch_size=10, lr=0.01)
    check(found["saturated_units"], "saturated", "Standardize")
    assert found["saturated_units"].evidence["saturated_fraction"] >= 0.5


def test_overfitting_noise(tmp_path):
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
    check(found["overfitting"], "early_stopping")
    evidence = found["overfitting"].evidence
    assert evidence["val_loss"] > 1.25 * evidence["best_val_loss"]
    # the accuracy "held" at what guessing scores: nothing learned, a warning
    assert found["overfitting"].severity == "warning"
    assert "most common class" in found["overfitting"].message
    assert evidence["val_accuracy"] < 0.75


def test_loss_not_finite(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 10
    net = ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0)
    found, status = diagnose(
        tmp_path, net, X, X @ np.array([3.0, -2.0]), epochs=50, batch_size=10, lr=5.0
    )
    assert status == "diverged"
    check(found["loss_not_finite"], "NaN")


@pytest.mark.parametrize("case", ["playground_circle", "spiral_adam", "digits_relu"])
def test_healthy_runs_stay_quiet(tmp_path, case):
    if case == "playground_circle":
        X, y = ng.datasets.circle(seed=0)
        net = ng.mlp(
            [2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        )
        fit = {"epochs": 100, "batch_size": 10, "lr": 0.03}
    elif case == "spiral_adam":
        X, y = ng.datasets.spiral(seed=0)
        net = ng.mlp(
            [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        )
        fit = {"epochs": 300, "batch_size": 10, "optimizer": "adam", "lr": 0.01}
    else:
        X, y = ng.datasets.digits()
        net = ng.mlp([64, 64, 10], activation="relu", loss="cross_entropy", seed=0)
        fit = {"epochs": 30, "batch_size": 32, "optimizer": "adam", "lr": 0.001}
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    found, status = diagnose(
        tmp_path, net, X_train, y_train, validation_data=(X_test, y_test), **fit
    )
    assert status == "finished"
    assert found == {}


def summary(
    epoch,
    grad_rms,
    update_ratio=(1e-3, 1e-3, 1e-3),
    grad_norm=1.0,
    dead=(None, None, None),
    saturated=(None, None, None),
):
    return SnapshotSummary(
        epoch=epoch,
        step=epoch * 10,
        layer_names=["a", "b", "c"],
        activations=["relu", "relu", "sigmoid"],
        grad_rms=list(grad_rms),
        update_ratio=list(update_ratio),
        grad_norm=grad_norm,
        dead_fraction=list(dead),
        saturated_fraction=list(saturated),
    )


def test_each_rule_fires_once_not_at_every_snapshot():
    diagnoser = Diagnoser()
    fired = []
    for epoch in range(10):
        diagnoser.add_epoch(
            {"epoch": epoch, "step": epoch * 10, "loss": 1.0, "val_loss": None}
        )
        fired += diagnoser.add_snapshot(
            summary(
                epoch,
                grad_rms=(1e-9, 1e-3, 1.0),
                update_ratio=(0.5, 0.5, 0.5),
                dead=(0.9, 0.0, None),
            )
        )
    rules = [d.rule for d in fired]
    assert sorted(rules) == ["dead_units", "learning_rate_high", "vanishing_gradients"]
    first = {d.rule: d for d in fired}
    assert first["vanishing_gradients"].epoch == 0  # started at the first of the run


def test_one_bad_snapshot_is_not_a_diagnosis():
    diagnoser = Diagnoser()
    fired = diagnoser.add_snapshot(summary(0, grad_rms=(1e-9, 1e-3, 1.0)))
    fired += diagnoser.add_snapshot(summary(1, grad_rms=(1.0, 1.0, 1.0)))
    assert fired == []


# -- the loss rules, on hand-made epochs ------------------------------------------

from neuroglass.recorder import diagnostics as rules  # noqa: E402
from neuroglass.recorder.diagnostics import chance_loss, epochs_to_converge  # noqa: E402


def test_chance_loss_is_the_loss_of_the_best_constant():
    half = np.array([[0.0], [1.0]] * 50)
    assert chance_loss("bce", half) == pytest.approx(np.log(2))
    tenth = np.array([[1.0]] * 10 + [[0.0]] * 90)
    assert chance_loss("bce", tenth) == pytest.approx(
        -(0.1 * np.log(0.1) + 0.9 * np.log(0.9))
    )
    onehot = np.eye(4)[np.arange(100) % 4]
    assert chance_loss("cross_entropy", onehot) == pytest.approx(np.log(4))
    y = np.arange(10.0)[:, None]
    assert chance_loss("mse", y) == pytest.approx(np.var(y))
    # two outputs: the mean over outputs, as the losses themselves
    two = np.column_stack([half[:, 0], tenth[:, 0]])
    assert chance_loss("bce", two) == pytest.approx(
        (chance_loss("bce", half) + chance_loss("bce", tenth)) / 2
    )
    # the best constant's loss, checked by brute force on soft targets
    soft = np.linspace(0.1, 0.7, 50)[:, None]
    q = np.linspace(0.01, 0.99, 9801)
    losses = -(soft * np.log(q) + (1 - soft) * np.log(1 - q)).mean(axis=0)
    assert chance_loss("bce", soft) == pytest.approx(losses.min(), rel=1e-6)
    # nothing to learn, or nothing known: no chance level
    assert chance_loss("bce", np.ones((10, 1))) is None
    assert chance_loss("mse", np.full((10, 1), 3.0)) is None
    assert chance_loss("hinge", half) is None
    assert chance_loss("bce", None) is None


def test_epochs_to_converge_extrapolates_the_recent_course():
    # a straight fall of 0.001 per epoch from 0.6: (0.6 - 0.2) / 0.001 to go
    line = list(0.7 - 0.001 * np.arange(101))
    needed, goal, rate = epochs_to_converge(line, 0.2)
    assert goal == 0.2 and rate == pytest.approx(0.001)
    assert needed == pytest.approx(400, rel=0.02)
    # shrinking falls toward a plateau at 0.4 (above the goal 0.2): 90% of the
    # way there, soon
    decay = list(0.4 + 0.3 * np.exp(-np.arange(60) / 10))
    needed, goal, rate = epochs_to_converge(decay, 0.2)
    assert goal == pytest.approx(0.4 + 0.1 * (decay[-1] - 0.4), rel=0.05)
    assert 0 < needed < 30
    # the same decay toward 0 reaches the goal
    decay0 = list(0.3 * np.exp(-np.arange(60) / 30))
    needed, goal, _ = epochs_to_converge(decay0, 0.02)
    assert goal == 0.02
    expected = 30 * np.log(decay0[-1] / 0.02)  # 22 epochs, for this exponential
    assert needed == pytest.approx(expected, rel=0.1)
    # flat, rising, or falling less than SLOW_MIN_FALL: no estimate
    assert epochs_to_converge([0.5] * 30, 0.1) is None
    assert epochs_to_converge(list(np.linspace(0.4, 0.5, 30)), 0.1) is None
    assert epochs_to_converge(list(np.linspace(0.500, 0.498, 30)), 0.1) is None


def task_diagnoser(loss=0.693, optimizer="sgd", lr=0.03, epochs=100):
    d = Diagnoser()
    targets = np.array([[0.0], [1.0]] * 50)  # chance level ln 2
    d.start_fit(loss="bce", targets=targets, optimizer=optimizer, lr=lr, epochs=epochs)
    return d


def run_epochs(diagnoser, losses, steps_per_epoch=25, snapshot=None):
    fired = []
    for epoch, loss in enumerate(losses):
        info = {
            "epoch": epoch,
            "step": (epoch + 1) * steps_per_epoch - 1,
            "loss": float(loss),
            "val_loss": None,
            "lr": diagnoser.context.lr,
        }
        fired += diagnoser.add_epoch(info)
        if snapshot is not None:
            fired += diagnoser.add_snapshot(snapshot(epoch))
    return fired


def test_loss_at_chance_waits_for_epochs_and_steps():
    flat = [0.69] * 40
    fired = run_epochs(task_diagnoser(), flat)
    assert [(d.rule, d.epoch) for d in fired] == [
        ("loss_at_chance", rules.STUCK_EPOCHS - 1)
    ]
    # full-batch training: 20 epochs are only 20 steps, too early to tell ...
    d = task_diagnoser()
    assert run_epochs(d, flat, steps_per_epoch=1) == []
    # ... but a fit that ends there is told
    assert [x.rule for x in d.end_fit()] == ["loss_at_chance"]
    # a loss that falls steadily, however high, is not stuck
    falling = list(np.linspace(0.69, 0.5, 40))
    assert run_epochs(task_diagnoser(), falling) == []
    # without the task (no start_fit) the loss rules stay silent
    assert run_epochs(Diagnoser(), flat) == []


def test_slow_convergence_is_a_verdict_on_the_whole_fit():
    crawl = list(np.linspace(0.6, 0.5, 100))  # below the chance rule's 90%
    d = task_diagnoser()
    assert run_epochs(d, crawl) == []  # nothing while it runs
    (slow,) = d.end_fit()
    assert slow.rule == "slow_convergence" and slow.epoch == 99
    rate = 0.1 / 99
    assert slow.evidence["rate"] == pytest.approx(rate, rel=0.01)
    target = rules.GOOD_FRACTION * np.log(2)
    assert slow.evidence["epochs_needed"] == pytest.approx(
        (crawl[-1] - target) / rate, rel=0.02
    )
    assert "100 epochs" in slow.message and "epochs=" in slow.suggestion
    # converged, or levelled off: nothing to say
    for losses in (
        list(0.02 + 0.6 * np.exp(-np.arange(100) / 10)),
        list(0.3 + 0.3 * np.exp(-np.arange(100) / 10)),
    ):
        d = task_diagnoser()
        run_epochs(d, losses)
        assert d.end_fit() == []


def test_adaptive_optimizer_at_a_huge_rate_needs_a_stalled_loss():
    bumpy = [0.6 + 0.05 * (-1) ** e for e in range(30)]
    for optimizer, lr, fires in (
        ("adam", 0.3, True),
        ("rmsprop", 0.1, True),
        ("adam", 0.01, False),  # a usual rate: the loss is stuck for other reasons
        ("sgd", 0.3, False),  # plain SGD at 0.3 is an ordinary rate
    ):
        d = task_diagnoser(optimizer=optimizer, lr=lr)
        fired = [x.rule for x in run_epochs(d, bumpy)]
        assert ("learning_rate_high" in fired) == fires, (optimizer, lr, fired)
    # a huge rate on a loss that goes down fine: nothing to fix
    good = list(0.6 * np.exp(-np.arange(30) / 3))
    assert run_epochs(task_diagnoser(optimizer="adam", lr=0.3), good) == []


def saturated_summary(epoch, fraction):
    return SnapshotSummary(
        epoch=epoch,
        step=(epoch + 1) * 25 - 1,
        layer_names=["a", "b"],
        activations=["tanh", "sigmoid"],
        grad_rms=[0.1, 0.1],
        update_ratio=[1e-3, 1e-3],
        grad_norm=1.0,
        dead_fraction=[None, None],
        saturated_fraction=[fraction, None],
    )


@pytest.mark.parametrize(
    "losses, severity",
    [
        (list(0.69 * np.exp(-np.arange(40) / 4)), "info"),  # it learns: a note
        ([0.69] * 40, "warning"),  # it is stuck: act on it
        (list(np.linspace(0.69, 0.5, 12)), "warning"),  # the fit ended undecided
    ],
)
def test_unit_findings_wait_for_the_loss(losses, severity):
    d = task_diagnoser()
    fired = run_epochs(d, losses, snapshot=lambda e: saturated_summary(e, 1.0))
    fired += d.end_fit()
    (unit,) = [x for x in fired if x.rule == "saturated_units"]
    assert unit.severity == severity
    assert unit.epoch == 0  # dated to when it started, as before
    # a saturation that goes away before the loss tells is no finding
    d = task_diagnoser()
    fired = run_epochs(
        d,
        list(np.linspace(0.69, 0.5, 12)),
        snapshot=lambda e: saturated_summary(e, 1.0 if e < 3 else 0.0),
    )
    assert [x for x in fired + d.end_fit() if x.rule == "saturated_units"] == []


class NoScan(list):
    """A history that refuses to be walked once it is long: a rule that reads
    all of it each epoch costs O(epochs) per epoch (the first few entries, as
    the learning_rate_low rule reads, are a fixed cost)."""

    def __iter__(self):
        if len(self) > 10:
            raise AssertionError(f"a rule walked the whole history ({len(self)})")
        return super().__iter__()


def test_each_epoch_costs_the_same_however_long_the_run():
    d = task_diagnoser(optimizer="adam", lr=0.3)
    d.epochs, d.summaries = NoScan(), NoScan()
    run_epochs(
        d,
        list(np.linspace(0.7, 0.3, 300)),
        snapshot=lambda e: saturated_summary(e, 0.0),
    )
    d.end_fit()
