"""``neuroglass dashboard RUN`` shows the data a run holds, for every kind of run:
the CLI's (built-in sets drawn again, CSVs from the sample the run kept), a
script's (described or not), the playground's (generated or uploaded); and says
in the page what it cannot draw. Browser-free: the protocol's messages."""

import json

import numpy as np
import pytest
from starlette.testclient import TestClient

import neuroglass as ng
from neuroglass import datasets
from neuroglass.cli import main
from neuroglass.playground import create_app, wire
from neuroglass.playground import data as pdata

HOSTS = {"127.0.0.1", "localhost", "testserver"}


def _replay(tmp_path, path):
    """(state, first frame's header) of the dashboard of ``path``."""
    app = create_app(tmp_path / "runs", replay=path, allowed_hosts=HOSTS)
    state = None
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        for _ in range(50):
            message = ws.receive()
            if message.get("bytes") is not None:
                header, _ = wire.decode(message["bytes"])
                ws.send_text(json.dumps({"type": "ack", "seq": header["seq"]}))
                return state, header
            data = json.loads(message["text"])
            assert data["type"] != "error", data["message"]
            if data["type"] == "state":
                state = data
    raise AssertionError("no frame")


def _notes(header):
    return [e["message"] for e in header["events"] if e["code"] == "replay_data"]


def _assert_points(points, X, y, classes):
    """The state's points are ``X``, ``y`` (to the 4 decimals they are sent with)."""
    assert len(points) == len(X)
    points = np.array(points, dtype=float).reshape(-1, 3)
    np.testing.assert_allclose(points[:, :2], X, atol=5.1e-5)
    if classes:
        np.testing.assert_array_equal(points[:, 2], y)
    else:
        np.testing.assert_allclose(points[:, 2], y, atol=5.1e-5)


def _cli_run(tmp_path, *args):
    folder = tmp_path / "cli"
    argv = ["train", *args, "--epochs", "3", "--quiet", "--record", f"{folder}/"]
    assert main(argv) == 0
    (path,) = folder.glob("*.ngrun")
    return path


@pytest.mark.parametrize(
    ("args", "name", "kwargs", "fraction", "seed", "features", "classes"),
    [
        (  # the README's command
            ["--dataset", "spiral", "--layers", "8,8"],
            "spiral", {"n": 500, "noise": 0.0}, 0.5, 0, None, 2,
        ),
        (
            ["--dataset", "circle", "--n", "200", "--noise", "0.1", "--seed", "3",
             "--test-fraction", "0.3", "--features", "x1,x2,x1^2", "--layers", "4"],
            "circle", {"n": 200, "noise": 0.1}, 0.3, 3, ["x1", "x2", "x1^2"], 2,
        ),
        (  # features without x1, x2: the points still come from the description
            ["--dataset", "xor", "--features", "x1*x2,sin(x1)", "--layers", "4",
             "--seed", "7"],
            "xor", {"noise": 0.0}, 0.5, 7, ["x1*x2", "sin(x1)"], 2,
        ),
        (
            ["--dataset", "blobs", "--layers", "6", "--seed", "2"],
            "blobs", {"noise": 0.0}, 0.5, 2, None, 4,
        ),
        (
            ["--dataset", "plane", "--layers", "4", "--noise", "0.2"],
            "plane", {"noise": 0.2}, 0.5, 0, None, 0,
        ),
    ],
)  # fmt: skip
def test_a_cli_run_shows_its_own_train_and_test_points(
    tmp_path, args, name, kwargs, fraction, seed, features, classes
):
    path = _cli_run(tmp_path, *args)
    X, y = datasets.load(name, seed=seed, **kwargs)
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=fraction, seed=seed
    )
    state, header = _replay(tmp_path, path)
    assert state["classes"] == classes
    _assert_points(state["train"], X_train, y_train, classes)
    _assert_points(state["test"], X_test, y_test, classes)
    assert state["input_names"] == (features or ["x1", "x2"])
    lo, hi = state["grid"]["domain"]
    assert lo == -hi and hi >= np.abs(X).max()  # every point on the map
    assert _notes(header) == []
    with ng.open_run(path) as run:  # the numbers are still the run's own
        assert header["train_loss"] == pytest.approx(
            run.metrics(format="dict")["loss"][-1]
        )


def test_a_cli_run_recorded_before_the_seed_was_kept_is_drawn_with_its_seed(
    tmp_path,
):
    """Older `train --record` runs drew their data with the network's seed."""
    X, y = datasets.spiral(n=300, noise=0.1, seed=4)
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=0.4, seed=4
    )
    description = {
        "source": "spiral", "noise": 0.1, "features": None, "n_samples": 300,
        "test_fraction": 0.4, "task": "classification",
    }  # fmt: skip
    path = tmp_path / "old.ngrun"
    ng.mlp([2, 6, 1], output="sigmoid", loss="bce", seed=4).fit(
        X_train,
        y_train,
        epochs=2,
        validation_data=(X_test, y_test),
        callbacks=[ng.Recorder(path, dataset=description, data_samples=0)],
    )
    state, header = _replay(tmp_path, path)
    _assert_points(state["train"], X_train, y_train, 2)
    _assert_points(state["test"], X_test, y_test, 2)
    assert _notes(header) == []


def _csv(path, X, y):
    rows = "".join(
        ",".join(map(repr, map(float, x))) + f",{label}\n" for x, label in zip(X, y)
    )
    path.write_text("a,b" + ",c" * (X.shape[1] - 2) + ",label\n" + rows)
    return path


def test_a_cli_run_on_a_csv_shows_the_training_points_it_kept(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 3, size=(300, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    csv = _csv(tmp_path / "d.csv", X, y)
    path = _cli_run(tmp_path, "--csv", str(csv), "--layers", "4")
    X_train, _, y_train, _ = datasets.train_test_split(X, y, test_fraction=0.5)
    state, header = _replay(tmp_path, path)
    _assert_points(state["train"], X_train, y_train, 2)
    assert state["test"] == []
    (note,) = _notes(header)
    assert "150 training points" in note and "150 test" in note


def test_a_wide_csv_run_says_why_no_points_are_drawn(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 3, size=(100, 3))
    csv = _csv(tmp_path / "d.csv", X, (X.sum(axis=1) > 0).astype(int))
    path = _cli_run(tmp_path, "--csv", str(csv), "--layers", "4")
    state, header = _replay(tmp_path, path)
    assert state["train"] == [] and state["test"] == []
    (note,) = _notes(header)
    assert "3 inputs" in note and "not drawn" in note


@pytest.mark.parametrize("n", [300, 3000])
def test_a_scripts_run_shows_the_training_sample_it_kept(tmp_path, n):
    """No description: the recorder's sample, evenly spread over the training
    set (a sorted data set keeps both classes), with the labels the loss saw."""
    X, y = datasets.spiral(n=n, noise=0.1, seed=1)  # arm 1, then arm 0: sorted
    path = tmp_path / "s.ngrun"
    ng.mlp([2, 4, 1], output="sigmoid", loss="bce", seed=0).fit(
        X, y, epochs=1, batch_size=100, callbacks=[ng.Recorder(path)]
    )
    state, header = _replay(tmp_path, path)
    k = min(n, 1000)
    rows = np.unique(np.linspace(0, n - 1, k).round().astype(int))
    _assert_points(state["train"], X[rows], y[rows], 2)
    assert {p[2] for p in state["train"]} == {0, 1}
    (note,) = _notes(header)
    assert (f"{k:,} of the run's {n:,}" in note) == (k < n)


def test_a_scripts_described_run_is_drawn_again_and_checked(tmp_path):
    X, y = datasets.circle(n=200, noise=0.05, seed=5)
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=0.25, seed=5
    )
    description = {
        "source": "circle", "n_samples": 200, "noise": 0.05, "seed": 5,
        "test_fraction": 0.25,
    }  # fmt: skip
    path = tmp_path / "described.ngrun"
    net = ng.mlp([2, 4, 1], output="sigmoid", loss="bce", seed=0)
    net.fit(
        X_train, y_train, epochs=1, callbacks=[ng.Recorder(path, dataset=description)]
    )
    state, header = _replay(tmp_path, path)
    _assert_points(state["train"], X_train, y_train, 2)
    _assert_points(state["test"], X_test, y_test, 2)
    assert _notes(header) == []
    # a description that does not match the data: the kept sample, and why
    wrong = tmp_path / "wrong.ngrun"
    net.fit(
        X_train,
        y_train,
        epochs=1,
        callbacks=[ng.Recorder(wrong, dataset={**description, "seed": 6})],
    )
    state, header = _replay(tmp_path, wrong)
    _assert_points(state["train"], X_train, y_train, 2)
    assert state["test"] == []
    assert any("other points" in note for note in _notes(header))


@pytest.mark.parametrize(
    ("loss", "output", "classes"),
    [("cross_entropy", "softmax", 3), ("mse", "linear", 0)],
)
def test_a_scripts_targets_become_the_points_labels(tmp_path, loss, output, classes):
    if classes:
        X, y = datasets.spirals(n=150, classes=3, seed=0)
    else:
        X, y = datasets.plane(n=150, seed=0)
    path = tmp_path / "s.ngrun"
    ng.mlp([2, 4, classes or 1], output=output, loss=loss, seed=0).fit(
        X, y, epochs=1, callbacks=[ng.Recorder(path)]
    )
    state, _ = _replay(tmp_path, path)
    assert state["classes"] == classes
    _assert_points(state["train"], X, y, classes)


def test_a_run_that_kept_no_data_says_so(tmp_path):
    X, y = datasets.gauss(n=100, seed=0)
    path = tmp_path / "none.ngrun"
    ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0).fit(
        X, y, epochs=1, callbacks=[ng.Recorder(path, data_samples=0)]
    )
    state, header = _replay(tmp_path, path)
    assert state["train"] == []
    (note,) = _notes(header)
    assert "did not keep its data" in note and "data_samples=0" in note
    # the plane fits the probe batch, and state and frames agree on it
    hi = state["grid"]["domain"][1]
    assert hi == pytest.approx(np.abs(X[:256]).max() * 1.1)


# -- the playground's runs ---------------------------------------------------------
def _playground_run(driver, config, upload=None):
    d = driver({"stop_epoch": 2, **config})
    d.next("frame")
    if upload is not None:
        d.send(type="_data", data=upload)
        d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    d.send(type="play")
    d.next("frame", where=lambda h: any(e["kind"] == "stopped" for e in h["events"]))
    box = d.session.call(lambda s: (s.run_path, s.data))
    box["done"].wait(10)
    path, data = box["value"]
    d.close()
    return path, data


def test_a_playground_run_on_generated_data_shows_the_same_points(driver, tmp_path):
    path, data = _playground_run(
        driver, {"dataset": "xor", "seed": 3, "data_seed": 8, "noise": 20}
    )
    X, y, classes = pdata.generate("xor", 0.2, 8)
    expected = pdata.split(X, y, classes, 50, 8)
    state, header = _replay(tmp_path, path)
    _assert_points(state["train"], expected.X_train, expected.y_train, 2)
    _assert_points(state["test"], expected.X_test, expected.y_test, 2)
    _assert_points(state["train"], data.X_train, data.y_train, 2)
    assert header["train_loss"] is not None and _notes(header) == []


@pytest.mark.parametrize(
    ("output", "features"),
    [
        ("tanh_mse", ["x1", "x2", "x1*x2"]),
        ("sigmoid_bce", ["x2", "sin(x1)", "x1"]),
        ("sigmoid_bce", ["x1^2", "x2^2"]),  # x1 and x2 cannot be recovered
    ],
)
def test_a_playground_run_on_uploaded_data_shows_its_training_points(
    driver, tmp_path, output, features
):
    rng = np.random.default_rng(0)
    X = rng.uniform(-5, 5, size=(60, 2))
    labels = (X[:, 0] * X[:, 1] > 0).astype(int)
    path, data = _playground_run(
        driver,
        {"seed": 1, "output": output, "features": features},
        upload=(X, labels, 2, ["0", "1"]),
    )
    state, header = _replay(tmp_path, path)
    (note,) = _notes(header)
    if "x1" in features:
        _assert_points(state["train"], data.X_train, data.y_train, 2)
        assert len(state["train"]) == len(data.X_train) > 0
        assert "training points" in note
    else:
        assert state["train"] == []
        assert "x1^2, x2^2" in note and "cannot be recovered" in note


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE blobs SET data = x'00112233' WHERE name = 'data_inputs'",
        "UPDATE blobs SET data = 'text' WHERE name = 'data_targets'",
        "DELETE FROM blobs WHERE name = 'data_rows'",
    ],
)
def test_a_damaged_sample_leaves_the_rest_of_the_run_to_replay(tmp_path, damage):
    import sqlite3

    X, y = datasets.gauss(n=100, seed=0)
    path = tmp_path / "r.ngrun"
    ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0).fit(
        X, y, epochs=2, callbacks=[ng.Recorder(path)]
    )
    with sqlite3.connect(path) as con:
        con.execute(damage)
    con.close()
    state, header = _replay(tmp_path, path)
    assert state["train"] == [] and header["epoch"] == 2
    (note,) = _notes(header)
    assert "cannot be read" in note or "did not keep its data" in note


# -- in a real page (Chromium) -------------------------------------------------------
@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        ({"n_samples": 1, "test_fraction": 0.5}, "cannot be drawn again: "),
        (
            {"test_fraction": 0.5},
            "makes 50 training points, but the run trained on 100",
        ),
    ],
)
def test_a_description_that_cannot_be_drawn_again_is_named(tmp_path, wrong, words):
    """Without a kept sample to check against, the size the run trained on is."""
    X, y = datasets.circle(n=100, seed=0)
    description = {"source": "circle", "n_samples": 100, "noise": 0.0, "seed": 0}
    path = tmp_path / "bad.ngrun"
    recorder = ng.Recorder(path, dataset={**description, **wrong}, data_samples=0)
    ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0).fit(
        X, y, epochs=1, callbacks=[recorder]
    )
    state, header = _replay(tmp_path, path)
    assert state["train"] == []
    first, second = _notes(header)
    assert first.startswith("The run's data (circle) ") or first.startswith("The rec")
    assert words in first and "kept" not in first
    assert "did not keep its data" in second


def test_a_playground_run_on_scaled_values_replays_them_in_their_own_units(
    driver, tmp_path
):
    """Values 0..11 trained as (value - 5.5) / 5.5: the dashboard draws them as
    0..11 with the same scale (the map's colours those of the live page)."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-5, 5, size=(60, 2))
    values = np.floor((X[:, 0] + 5) * 1.2).clip(0, 11)
    path, data = _playground_run(driver, {"seed": 1}, upload=(X, values, 0, [], None))
    assert data.target_scale == (5.5, 5.5)
    state, header = _replay(tmp_path, path)
    assert state["target_scale"]["low"] == 0 and state["target_scale"]["high"] == 11
    _assert_points(state["train"], data.X_train, data.y_train, 0)
    assert header["train_loss"] is not None  # the loss the run recorded (scaled)
