"""The worked examples show the engine's own numbers, bit for bit: its forward
pass, its backward pass (the one ``fit`` and ``Trainer`` run) and the step of
``fit(..., batch_size=1, optimizer="sgd")``. (test_backward.py checks those
numbers against an independent NumPy reference.)"""

import numpy as np
import pytest

import neuroglass as ng

# sizes, hidden, output, loss, target; three outputs make the engine's
# ``(a - y) * (1 / 3)`` and ``(a - y) * (2 / 3)`` differ in the last bit from
# ``(a - y) / 3`` and ``2 (a - y) / 3``
CASES = [
    ([3, 4, 1], "tanh", "identity", "mse", [[0.7]]),
    ([3, 4, 3], "elu", "softmax", "mse", [[0.1, 0.6, 0.3]]),
    ([3, 5, 3], "relu", "sigmoid", "mse", [[0.2, 0.9, 0.4]]),
    ([4, 3, 3], "softplus", "sigmoid", "bce", [[1, 0, 1]]),
    ([2, 6, 5, 1], "sigmoid", "sigmoid", "bce", [1]),
    ([3, 5, 4], "swish", "softmax", "cross_entropy", [2]),
    ([12, 10, 12], "tanh", "sigmoid", "bce", [np.arange(12) % 2]),
]


def _net(sizes, hidden, output, loss, **kwargs):
    return ng.mlp(sizes, activation=hidden, output=output, loss=loss, seed=3, **kwargs)


def _engine(net, x, y, lr):
    """What the engine computes for the batch ``x`` of one sample."""
    copy = net.copy()
    copy.forward(x)
    copy.backward(y)
    numbers = {
        "z": [layer.pre_activation[0].copy() for layer in copy.layers],
        "a": [layer.activation[0].copy() for layer in copy.layers],
        "delta": [layer.delta[0].copy() for layer in copy.layers],
        "dW": [layer.grad_weights.copy() for layer in copy.layers],
        "db": [layer.grad_bias.copy() for layer in copy.layers],
        "loss": copy.last_loss,
    }
    copy = net.copy()
    copy.fit(x, y, epochs=1, batch_size=1, optimizer="sgd", lr=lr, shuffle=False)
    numbers["W_new"] = [layer.weights.copy() for layer in copy.layers]
    numbers["b_new"] = [layer.bias.copy() for layer in copy.layers]
    numbers["loss_after"] = copy.loss(x, y)
    return numbers


@pytest.mark.parametrize("l1, l2", [(0.0, 0.0), (0.01, 0.05)])
@pytest.mark.parametrize(("sizes", "hidden", "output", "loss", "y"), CASES)
def test_backward_shows_the_engines_numbers(sizes, hidden, output, loss, y, l1, l2):
    net = _net(sizes, hidden, output, loss, l1=l1, l2=l2)
    x = np.random.default_rng(5).normal(size=(1, sizes[0]))
    ex = ng.explain.backward(net, x, y, lr=0.05)
    engine = _engine(net, x, y, 0.05)
    assert ex.value("loss")[0] == engine["loss"]
    assert ex.value("loss_after")[0] == engine["loss_after"]
    for quantity in ("z", "a", "delta", "dW", "db", "W_new", "b_new"):
        for i, value in enumerate(engine[quantity], 1):
            np.testing.assert_array_equal(
                ex.value(quantity, i), value, err_msg=f"{quantity} of layer {i}"
            )


@pytest.mark.parametrize(("sizes", "hidden", "output", "loss", "y"), CASES)
def test_forward_shows_the_engines_numbers(sizes, hidden, output, loss, y):
    net = _net(sizes, hidden, output, loss)
    x = np.random.default_rng(6).normal(size=(1, sizes[0]))
    ex = ng.explain.forward(net, x)
    net.forward(x)
    for i, layer in enumerate(net.layers, 1):
        np.testing.assert_array_equal(ex.value("z", i), layer.pre_activation[0])
        np.testing.assert_array_equal(ex.value("a", i), layer.activation[0])


def test_a_float32_network_is_explained_by_its_float64_twin():
    net = ng.mlp([3, 4, 2], loss="cross_entropy", seed=0, dtype="float32")
    x = np.array([[0.3, -0.2, 0.9]], dtype=np.float32)
    ex = ng.explain.backward(net, x, [1])
    twin = ng.Network.from_config(
        {**net.config(), "dtype": "float64"}, net.parameters_vector()
    )
    engine = _engine(twin, x.astype(np.float64), [1], 0.1)
    for quantity in ("z", "delta", "dW", "W_new"):
        for i, value in enumerate(engine[quantity], 1):
            assert ex.value(quantity, i).dtype == np.float64
            np.testing.assert_array_equal(ex.value(quantity, i), value)


def test_a_step_that_overflows_is_shown_not_warned_about():
    # the loop would stop here (TrainingDiverged); the explanation shows the
    # step, and says what happened to the loss (pytest turns warnings into errors)
    net = ng.mlp([2, 3, 1], activation="tanh", loss="mse", seed=0)
    for lr in (1e306, 1e308):
        ex = ng.explain.backward(net, [0.5, -1.0], 3.0, lr=lr)
        assert not np.isfinite(ex.value("loss_after")[0])
        text = " ".join(str(ex).split())
        assert f"The loss is no longer a finite number: lr = {lr:g}" in text
