"""Activations: each backward pass against finite differences of its forward map
and against PyTorch autograd, at ordinary and extreme pre-activations; the
registry's names, aliases and errors."""

import numpy as np
import pytest

from neuroglass.engine.activations import (
    ACTIVATIONS,
    ALIASES,
    get_activation,
    log_softmax,
    sigmoid,
    softmax,
)
from neuroglass.engine.errors import ConfigError

ELEMENTWISE = [name for name, act in ACTIVATIONS.items() if not act.output_only]

#: ordinary and extreme pre-activations, none at a kink (relu-like units at 0)
Z = np.array([[-40.0, -12.0, -3.0, -0.7, -1e-3], [1e-3, 0.4, 2.5, 11.0, 40.0]])
#: far out: the forward map and its derivative must stay finite, without warnings
FAR = np.array([[-1000.0, -745.0, -710.0, 710.0, 745.0, 1000.0]])


def _torch_functions(torch):
    functional = torch.nn.functional
    return {
        "identity": lambda z: z,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda z: functional.leaky_relu(z, 0.01),
        "elu": lambda z: functional.elu(z, 1.0),
        "softplus": functional.softplus,
        "gelu": lambda z: functional.gelu(z, approximate="tanh"),
        "swish": functional.silu,
        "softmax": lambda z: torch.softmax(z, dim=1),
    }


def _finite_differences(forward, z, grad_a, h=1e-6):
    """dL/dz of L = sum(grad_a * forward(z)), by centred differences."""
    out = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        plus, minus = z.copy(), z.copy()
        plus[index] += h
        minus[index] -= h
        out[index] = (grad_a * (forward(plus) - forward(minus))).sum() / (2 * h)
    return out


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_backward_matches_finite_differences(name, rng):
    act = ACTIVATIONS[name]
    grad_a = rng.normal(size=Z.shape)
    a = act.forward(Z)
    delta = act.backward(grad_a.copy(), Z, a)
    expected = _finite_differences(act.forward, Z, grad_a)
    np.testing.assert_allclose(delta, expected, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("z", [Z, FAR], ids=["ordinary", "far"])
def test_forward_and_backward_match_torch_autograd(name, z, rng):
    torch = pytest.importorskip("torch", reason="PyTorch is the test oracle")
    act = ACTIVATIONS[name]
    grad_a = rng.normal(size=z.shape)
    a = act.forward(z)
    delta = act.backward(grad_a.copy(), z, a)
    zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    at = _torch_functions(torch)[name](zt)
    at.backward(torch.from_numpy(grad_a))
    # ELU's slope far left is written from its output, exp(z) - 1 + 1: at
    # z = -40 that is 0 where torch has exp(-40) = 4e-18; hence the atol
    np.testing.assert_allclose(a, at.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(delta, zt.grad.numpy(), rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_far_out_values_are_finite_and_reach_the_limits(name):
    """At z = +-1000 every slope is its limit, 0 or 1 (or the leaky slope), with no
    overflow warning (warnings are errors in the test suite)."""
    act = ACTIVATIONS[name]
    z = np.array([[-1000.0, 1000.0]])
    a = act.forward(z)
    slope = act.backward(np.ones_like(z), z, a)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(slope))
    left = {"identity": 1.0, "leaky_relu": 0.01}.get(name, 0.0)
    right = 0.0 if name in ("sigmoid", "tanh") else 1.0
    np.testing.assert_allclose(slope, [[left, right]], atol=1e-12)


def test_relu_derivative_at_zero_is_zero_as_in_pytorch():
    z = np.array([[0.0, -0.0]])
    relu = ACTIVATIONS["relu"]
    assert relu.backward(np.ones_like(z), z, relu.forward(z)).tolist() == [[0, 0]]


def test_sigmoid_softmax_and_log_softmax_are_exact_at_extreme_logits():
    z = np.array([[-1000.0, 0.0, 1000.0]])
    np.testing.assert_array_equal(sigmoid(z), [[0.0, 0.5, 1.0]])
    np.testing.assert_allclose(softmax(z), [[0.0, 0.0, 1.0]])
    np.testing.assert_allclose(log_softmax(z), [[-2000.0, -1000.0, 0.0]])
    rows = np.array([[1.0, 2.0, 3.0], [1001.0, 1002.0, 1003.0]])
    np.testing.assert_allclose(softmax(rows)[0], softmax(rows)[1])
    np.testing.assert_allclose(softmax(rows).sum(axis=1), 1.0)


def test_names_aliases_and_errors():
    assert get_activation("TANH") is ACTIVATIONS["tanh"]
    for alias, name in ALIASES.items():
        assert get_activation(alias) is ACTIVATIONS[name]
    assert get_activation(None).name == "identity"
    relu = ACTIVATIONS["relu"]
    assert get_activation(relu) is relu
    with pytest.raises(ConfigError, match=r"Unknown activation 'mish'.*identity"):
        get_activation("mish")
    with pytest.raises(ConfigError, match="got 3 of type int"):
        get_activation(3)
    assert [act.output_only for act in ACTIVATIONS.values()].count(True) == 1
