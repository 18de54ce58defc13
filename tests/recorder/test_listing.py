"""list_runs: a summary of every run in a folder, unreadable ones included."""

import os

import pytest

import neuroglass as ng
from neuroglass.recorder import RunSummary, list_runs
from neuroglass.recorder.listing import dataset_name, summarize_run


def _record(path, epochs, validation=True, dataset=None):
    X, y = ng.datasets.circle(n=60, seed=0)
    net = ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(
        X,
        y,
        epochs=epochs,
        batch_size=20,
        validation_data=(X[:20], y[:20]) if validation else None,
        callbacks=[ng.Recorder(path, dataset=dataset)],
    )


def test_list_runs_summarises_every_run_oldest_first(tmp_path):
    _record(tmp_path / "b.ngrun", 3, dataset="circle")
    _record(tmp_path / "a.ngrun", 2, validation=False)
    os.utime(tmp_path / "b.ngrun", (1_000, 1_000))  # b is the older
    (tmp_path / "notes.txt").write_text("not a run")
    (tmp_path / "bad.ngrun").write_text("not a run either")
    os.utime(tmp_path / "bad.ngrun", (2_000, 2_000))
    (tmp_path / "dangling.ngrun").symlink_to(tmp_path / "nowhere.ngrun")
    runs = list_runs(tmp_path)
    assert [r.file for r in runs] == [
        "dangling.ngrun",
        "b.ngrun",
        "bad.ngrun",
        "a.ngrun",
    ]
    dangling, b, bad, a = runs
    assert isinstance(b, RunSummary)
    assert (b.status, b.dataset, b.epochs) == ("finished", "circle", 3)
    with ng.open_run(tmp_path / "b.ngrun") as run:
        metrics = run.metrics(format="dict")
    assert b.loss == metrics["val_loss"][-1]  # validation where recorded
    assert b.accuracy == metrics["val_accuracy"][-1]
    assert a.dataset == "60 samples"  # the description the Recorder made
    with ng.open_run(tmp_path / "a.ngrun") as run:
        assert a.loss == run.metrics(format="dict")["loss"][-1]  # else training
    for unreadable in (bad, dangling):
        assert unreadable.status == "unreadable"
        assert unreadable.error and "\n" not in unreadable.error
        assert unreadable.epochs is None
    assert "not a neuroglass run" in bad.error
    assert dangling.modified == 0.0


def test_list_runs_of_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no folder"):
        list_runs(tmp_path / "nope")
    assert list_runs(tmp_path) == []


def test_summarize_one_run_and_dataset_names(tmp_path):
    _record(tmp_path / "one.ngrun", 1, dataset={"source": "moons", "n_samples": 9})
    summary = summarize_run(tmp_path / "one.ngrun")
    assert summary.dataset == "moons" and summary.epochs == 1
    assert dataset_name({"n_samples": 40}) == "40 samples"
    assert dataset_name(None) is None
