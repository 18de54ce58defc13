"""Property tests: any sizes give outputs and gradients of the right shapes, finite."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import neuroglass as ng
from neuroglass.engine.activations import ACTIVATIONS

HIDDEN = [name for name, act in ACTIVATIONS.items() if not act.output_only]

sizes = st.lists(st.integers(1, 9), min_size=1, max_size=4)
losses = st.sampled_from(["mse", "bce", "cross_entropy"])


@settings(max_examples=60, deadline=None)
@given(
    hidden=sizes,
    n_in=st.integers(1, 6),
    n_out=st.integers(2, 5),
    batch=st.integers(1, 17),
    activation=st.sampled_from(HIDDEN),
    loss=losses,
    dtype=st.sampled_from(["float32", "float64"]),
    seed=st.integers(0, 2**16),
    scale=st.sampled_from([1e-3, 1.0, 50.0]),
)
def test_shapes_and_finiteness(
    hidden, n_in, n_out, batch, activation, loss, dtype, seed, scale
):
    if loss == "bce":
        n_out = 1
    rng = np.random.default_rng(seed)
    net = ng.mlp(
        [n_in, *hidden, n_out], activation=activation, loss=loss, seed=seed, dtype=dtype
    )
    X = rng.normal(size=(batch, n_in)) * scale
    if loss == "cross_entropy":
        y = rng.integers(0, n_out, size=batch)
    elif loss == "bce":
        y = rng.integers(0, 2, size=batch)
    else:
        y = rng.normal(size=(batch, n_out))
    out = net.forward(X)
    assert out.shape == (batch, n_out) and out.dtype == np.dtype(dtype)
    assert np.all(np.isfinite(out))
    grads = net.backward(y)
    assert np.isfinite(net.last_loss)
    for layer, (dW, db) in zip(net.layers, grads):
        assert dW.shape == layer.weights.shape and db.shape == layer.bias.shape
        assert layer.delta.shape == (batch, layer.n_out)
        assert layer.inputs.shape == (batch, layer.n_in)
        assert np.all(np.isfinite(dW)) and np.all(np.isfinite(db))
        assert dW.dtype == np.dtype(dtype)


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 40),
    batch_size=st.one_of(st.none(), st.integers(1, 50)),
    seed=st.integers(0, 1000),
)
def test_fit_steps_and_history_for_any_batch_size(n, batch_size, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = rng.integers(0, 3, size=n)
    net = ng.mlp([3, 4, 3], activation="relu", loss="cross_entropy", seed=seed)
    history = net.fit(X, y, epochs=2, batch_size=batch_size)
    per_epoch = 1 if batch_size is None else -(-n // min(batch_size, n))
    assert net.steps_trained == 2 * per_epoch
    assert len(history) == 2 and all(np.isfinite(history.loss))
    assert all(0 <= a <= 1 for a in history.accuracy)
