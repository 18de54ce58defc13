"""The writes a Recorder makes besides snapshots (rows.py): the resume state a
checkpoint carries, the checkpoint, the diagnostics and the final parameters,
each run into an in-memory database of the run schema and read back."""

import json
import sqlite3

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.optimizers import optimizer_from_config
from neuroglass.recorder import schema
from neuroglass.recorder.diagnostics import Diagnostic
from neuroglass.recorder.rows import (
    checkpoint_write,
    diagnostics_write,
    final_write,
    resume_state,
)


@pytest.fixture
def db():
    """A cursor on an empty in-memory database with a run file's tables."""
    con = sqlite3.connect(":memory:")
    con.executescript(schema.TABLES)
    yield con.cursor()
    con.close()


def _trained(data, optimizer, epochs=3):
    net = ng.mlp([2, 5, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(*data, epochs=epochs, batch_size=10, optimizer=optimizer, lr=0.01)
    return net


def test_resume_state_round_trips_an_adam_state(data):
    net = _trained(data, "adam")
    opt = net.optimizer
    assert not np.allclose(opt.m, opt.v)  # so a swap of the two would show
    text, arrays = resume_state(net)
    state = json.loads(text)
    saved = state["optimizer"]
    assert saved["state_names"] == ["m", "v"]
    assert saved["t"] == opt.t == net.steps_trained == 30
    assert (state["epochs_trained"], state["steps_trained"]) == (3, 30)
    stacked = schema.unpack(arrays)
    assert stacked.shape == (2, net.n_params)
    # an optimizer rebuilt from what was saved is the one that trained
    config = {k: v for k, v in saved.items() if k not in ("t", "state_names")}
    assert config == opt.config()
    restored = optimizer_from_config(config)
    restored.load_state({"t": saved["t"], **dict(zip(saved["state_names"], stacked))})
    np.testing.assert_array_equal(restored.m, opt.m)
    np.testing.assert_array_equal(restored.v, opt.v)
    assert restored.t == opt.t
    # and so is the shuffling generator: the same draws from here on
    rng = np.random.default_rng()
    rng.bit_generator.state = state["rng"]
    np.testing.assert_array_equal(rng.random(5), net.rng.random(5))


def test_resume_state_without_optimizer_arrays(data):
    # plain SGD keeps no arrays: nothing stacked
    text, arrays = resume_state(_trained(data, "sgd", epochs=1))
    saved = json.loads(text)["optimizer"]
    assert arrays is None
    assert saved == {"name": "sgd", "lr": 0.01, "t": 10, "state_names": []}
    # a network never trained has no optimizer yet: a step count and no more
    fresh = ng.mlp([2, 5, 1], seed=0)
    text, arrays = resume_state(fresh)
    state = json.loads(text)
    assert arrays is None
    assert state["optimizer"] == {"t": 0, "state_names": []}
    assert (state["epochs_trained"], state["steps_trained"]) == (0, 0)


def test_the_checkpoint_holds_the_parameters_and_the_resume_state(db, data):
    net = _trained(data, "adam")
    checkpoint_write(net, epoch=2, step=30)(db)
    ((epoch, step, params, state, stacked),) = db.execute(
        "SELECT epoch, step, params, state, optimizer_state FROM checkpoint"
    ).fetchall()
    assert (epoch, step) == (2, 30)
    np.testing.assert_array_equal(schema.unpack(params), net.parameters_vector())
    text, arrays = resume_state(net)
    assert json.loads(state) == json.loads(text)
    np.testing.assert_array_equal(schema.unpack(stacked), schema.unpack(arrays))
    # one checkpoint per run: a later one replaces it
    checkpoint_write(net, epoch=5, step=60)(db)
    assert db.execute("SELECT epoch FROM checkpoint").fetchall() == [(5,)]


def test_diagnostics_are_stored_column_by_column_with_numpy_evidence(db):
    found = [
        Diagnostic(
            rule="vanishing_gradients",
            severity="warning",
            epoch=0,
            step=9,
            message="the first layer's gradient is tiny",
            suggestion="use relu",
            evidence={"ratio": np.float32(2.5e-4), "layers": np.int64(8)},
        ),
        Diagnostic("dead_units", "info", 3, 39, "dead", "leaky_relu", layer=1),
    ]
    diagnostics_write(found)(db)
    rows = db.execute(
        "SELECT rule, severity, epoch, step, layer, message, evidence, suggestion "
        "FROM diagnostics ORDER BY id"
    ).fetchall()
    assert rows[0][:6] == (
        "vanishing_gradients",
        "warning",
        0,
        9,
        None,
        "the first layer's gradient is tiny",
    )
    assert rows[0][7] == "use relu"
    # NumPy scalars, which json cannot write, are stored as numbers
    assert json.loads(rows[0][6]) == {"ratio": pytest.approx(2.5e-4), "layers": 8}
    assert rows[1] == ("dead_units", "info", 3, 39, 1, "dead", "{}", "leaky_relu")


def test_the_final_parameters_are_a_copy(db, data):
    net = _trained(data, "sgd", epochs=1)
    before = net.parameters_vector().copy()
    write = final_write(net)
    net.layers[0].weights[...] += 1.0  # the engine updates in place
    write(db)
    (blob,) = db.execute("SELECT data FROM blobs WHERE name = 'final'").fetchone()
    np.testing.assert_array_equal(schema.unpack(blob), before)
