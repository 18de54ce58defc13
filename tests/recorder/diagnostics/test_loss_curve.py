"""The rules about the training loss (recorder/diagnostics/loss_curve.py): the
chance level of a task, the pace of the loss, a loss stuck at chance, a fit too
slow to converge, an adaptive optimizer at a huge rate, a loss that is not
finite; on hand-made epochs and on real runs (the README's spiral among them).
"""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import diagnostics as rules
from neuroglass.recorder.diagnostics import (
    Diagnoser,
    chance_loss,
    epochs_to_converge,
)


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


# -- the chance level and the pace of the loss ------------------------------------


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


# -- the loss rules, on hand-made epochs -------------------------------------------


def test_loss_at_chance_waits_for_epochs_and_steps(task_diagnoser, run_epochs):
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


def test_slow_convergence_is_a_verdict_on_the_whole_fit(task_diagnoser, run_epochs):
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


def test_adaptive_optimizer_at_a_huge_rate_needs_a_stalled_loss(
    task_diagnoser, run_epochs
):
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


# -- a network that does not learn, on real runs (issue 10) ------------------------


def test_a_loss_at_chance_level_is_reported(tmp_path, record_fit, only, check_when):
    # the README's spiral for 60 epochs: the loss sits at ln 2 (55% accuracy);
    # before, the run said "no problems found"
    net, X, y, val, fit = readme_spiral(60)
    found, status, metrics = record_fit(
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


def test_a_loss_too_slow_to_converge_is_reported(tmp_path, record_fit, only):
    # the README's spiral for 300 epochs: the loss crawls from 0.69 to 0.60
    net, X, y, val, fit = readme_spiral(300)
    found, status, metrics = record_fit(
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
def test_the_chance_level_comes_from_the_task(tmp_path, task, record_fit, only):
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
    found, _, metrics = record_fit(
        tmp_path / "x.ngrun", net, X, y, epochs=30, batch_size=20, lr=0.05
    )
    d = only(found, "loss_at_chance")
    assert d.evidence["chance_loss"] == pytest.approx(chance)
    assert d.evidence["loss"] == pytest.approx(smoothed(metrics["loss"], d.epoch))
    assert f"{chance:.3g}" in d.message


def test_a_penalty_that_holds_the_weights_at_zero(
    tmp_path, circle_xy, record_fit, only
):
    # l2=0.3 pulls every weight to 0: the loss sits at ln 2. The advice names
    # the penalty; and the gradient, large next to weights near 0 but small,
    # is not "exploding" (that test holds from the first snapshots only)
    X, y = circle_xy
    net = ng.mlp(
        [2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", l2=0.3, seed=0
    )
    found, _, _ = record_fit(tmp_path / "x.ngrun", net, X, y, epochs=60, batch_size=10)
    d = only(found, "loss_at_chance")
    assert d.suggestion.startswith("Try less regularization (l2 is 0.3)")
    assert "exploding_gradients" not in {f.rule for f in found}


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop"])
def test_an_adaptive_optimizer_at_a_huge_learning_rate(
    tmp_path, optimizer, record_fit, only, check_when
):
    X, y = ng.datasets.spiral(seed=0)
    net = ng.mlp(
        [2, 16, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    found, _, metrics = record_fit(
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


# -- a loss that is not finite ends the run's story ---------------------------------


def test_loss_not_finite_when_training_diverges(tmp_path, read_back, only):
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
    found, status, metrics = read_back(path)
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


def test_loss_not_finite(tmp_path, diagnose, check_finding):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 10
    net = ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0)
    found, status = diagnose(
        tmp_path, net, X, X @ np.array([3.0, -2.0]), epochs=50, batch_size=10, lr=5.0
    )
    assert status == "diverged"
    check_finding(found["loss_not_finite"], "NaN")


# -- the README's examples show what they claim -----------------------------------


README = __import__("pathlib").Path(__file__).resolve().parents[3] / "README.md"


def readme_command(start):
    """The README command line that begins with ``start`` (continuations joined)."""
    text = README.read_text(encoding="utf-8").replace("\\\n", " ")
    (line,) = [ln for ln in text.splitlines() if ln.startswith(start)]
    return line.split("#")[0].split()[1:]  # without "neuroglass" and comments


@pytest.mark.slow
def test_the_readme_train_examples_do_what_the_readme_says(
    tmp_path, monkeypatch, capsys, only
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


def test_dead_units_hold_back_the_advice_to_raise_the_learning_rate():
    from types import SimpleNamespace

    from neuroglass.recorder.diagnostics.advice import remedies, remedy_facts, tries

    fit = SimpleNamespace(optimizer="sgd", lr=3.0, l1=0.0, l2=0.0)
    assert ("higher_lr", 3.0) in tries(remedy_facts(fit, set()))
    # the units those large steps killed are the cause: raising it kills more
    dead = {("dead_units", 1)}
    kinds = [kind for kind, *_ in tries(remedy_facts(fit, dead))]
    assert "higher_lr" not in kinds and "adaptive_higher" not in kinds
    assert "higher learning rate" not in remedies(fit, dead)
    adam = SimpleNamespace(optimizer="adam", lr=1e-4, l1=0.0, l2=0.0)
    assert "higher learning rate" not in remedies(adam, dead)
