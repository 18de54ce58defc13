"""What the diagnostics' tests share: a dataset, recording a run and reading
its diagnostics back, the checks every finding must pass, and a Diagnoser fed
hand-made epochs."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder.diagnostics import Diagnoser


@pytest.fixture(scope="module")
def circle_xy():
    """The circle dataset (X, y), 300 points, unsplit."""
    return ng.datasets.circle(n=300, seed=0)


def _read_back(path):
    with ng.open_run(path) as run:
        return run.diagnostics(), run.status, run.metrics(format="dict")


@pytest.fixture
def read_back():
    """read_back(path): (diagnostics, status, per-epoch metrics) of a run file."""
    return _read_back


@pytest.fixture
def record_fit():
    """record_fit(path, net, X, y, **fit): train ``net`` with a Recorder at
    ``path``; return (diagnostics, status, per-epoch metrics) as read back from
    the run file."""

    def record_fit(path, net, X, y, **fit):
        net.fit(X, y, callbacks=[ng.Recorder(path)], **fit)
        return _read_back(path)

    return record_fit


@pytest.fixture
def diagnose():
    """diagnose(tmp_path, net, X, y, snapshot_every="auto", **fit): record a fit
    (a divergence is let through); return ({rule: diagnostic}, status)."""

    def diagnose(tmp_path, net, X, y, snapshot_every="auto", **fit):
        path = tmp_path / "run.ngrun"
        recorder = ng.Recorder(path, snapshot_every=snapshot_every)
        try:
            net.fit(X, y, callbacks=[recorder], **fit)
        except ng.TrainingDiverged:
            pass
        with ng.open_run(path) as run:
            return {d.rule: d for d in run.diagnostics()}, run.status

    return diagnose


@pytest.fixture
def only():
    """only(found, rule): the single diagnostic of ``rule`` (a rule fires once
    per run)."""

    def only(found, rule):
        hits = [d for d in found if d.rule == rule]
        assert len(hits) == 1, [str(d) for d in found]
        return hits[0]

    return only


@pytest.fixture
def check_when():
    """check_when(d, steps_per_epoch, severities): snapshot and epoch rules
    fire at the end of an epoch: ``step`` is that epoch's last step (the run
    starts at step 0)."""

    def check_when(d, steps_per_epoch, severities=("error", "warning")):
        assert isinstance(d.epoch, int) and d.epoch >= 0
        assert d.step == (d.epoch + 1) * steps_per_epoch - 1
        assert d.message.strip() and d.suggestion.strip()
        assert d.severity in severities

    return check_when


@pytest.fixture
def check_finding():
    """check_finding(d, *words): a dated finding with a message and a
    suggestion that say each of ``words``."""

    def check_finding(diagnostic, *words):
        assert diagnostic.message and diagnostic.suggestion
        assert diagnostic.epoch is not None and diagnostic.step is not None
        for word in words:
            assert word in diagnostic.message + diagnostic.suggestion

    return check_finding


@pytest.fixture
def task_diagnoser():
    """task_diagnoser(loss=0.693, optimizer="sgd", lr=0.03, epochs=100): a
    Diagnoser told of a two-class bce task (chance level ln 2)."""

    def task_diagnoser(loss=0.693, optimizer="sgd", lr=0.03, epochs=100):
        d = Diagnoser()
        targets = np.array([[0.0], [1.0]] * 50)  # chance level ln 2
        d.start_fit(
            loss="bce", targets=targets, optimizer=optimizer, lr=lr, epochs=epochs
        )
        return d

    return task_diagnoser


@pytest.fixture
def run_epochs():
    """run_epochs(diagnoser, losses, steps_per_epoch=25, snapshot=None): feed
    one epoch per loss (and ``snapshot(epoch)`` after each); return what
    fired."""

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

    return run_epochs
