"""izhikevich_network against a direct NumPy transcription of Izhikevich's net.m.

net.m (Izhikevich 2003, "Created by Eugene M. Izhikevich, February 25, 2003";
reference/brain.md §2.3), transcribed below line for line, draws its random
numbers from the same NumPy generator in the order the module documents.
"""

import numpy as np
import pytest

from neuroglass import ConfigError
from neuroglass.brain.izhikevich_network import izhikevich_network


def net_m(Ne, Ni, T, seed):
    rng = np.random.default_rng(seed)
    re, ri = rng.random(Ne), rng.random(Ni)
    a = np.r_[0.02 * np.ones(Ne), 0.02 + 0.08 * ri]
    b = np.r_[0.2 * np.ones(Ne), 0.25 - 0.05 * ri]
    c = np.r_[-65 + 15 * re**2, -65 * np.ones(Ni)]
    d = np.r_[8 - 6 * re**2, 2 * np.ones(Ni)]
    S = np.c_[0.5 * rng.random((Ne + Ni, Ne)), -rng.random((Ne + Ni, Ni))]
    v = -65 * np.ones(Ne + Ni)
    u = b * v
    firings = []
    for t in range(1, T + 1):
        I = np.r_[5 * rng.standard_normal(Ne), 2 * rng.standard_normal(Ni)]  # noqa: E741
        fired = np.flatnonzero(v >= 30)
        firings += [(t, j) for j in fired]
        v[fired] = c[fired]
        u[fired] = u[fired] + d[fired]
        I = I + S[:, fired].sum(axis=1)  # noqa: E741
        v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        u = u + a * (b * v - u)
    return np.array(firings, dtype=float).reshape(-1, 2), v


def test_reproduces_net_m_exactly():
    ref, ref_v = net_m(800, 200, 300, seed=7)
    out = izhikevich_network(duration=300, seed=7, record_v=True)
    np.testing.assert_array_equal(out.firings, ref)
    np.testing.assert_array_equal(out.v[-1], ref_v)
    assert out.config["scheme"] == "published" and not out.config["sparse"]
    assert len(ref) > 1000  # the network is active


def test_small_network_and_rates():
    ref, _ = net_m(40, 10, 200, seed=3)
    out = izhikevich_network(40, 10, duration=200.0, seed=3)
    np.testing.assert_array_equal(out.firings, ref)
    assert out.rate().shape == (50,)
    assert out.rate().sum() == pytest.approx(len(ref) / 0.2)


def test_sparse_fixed_in_degree():
    out = izhikevich_network(300, 100, duration=100, seed=1, sparse=True, n_synapses=50)
    assert out.config["sparse"] and out.config["n_synapses"] == 50
    assert len(out.firings) > 0
    from neuroglass.brain.izhikevich_network import _sparse_weights

    w = _sparse_weights(np.random.default_rng(0), 30, 10, 7)
    assert (np.diff(w.tocsr().indptr) == 7).all()  # 7 distinct sources each
    dense = w.toarray()
    assert (dense[:, :30] >= 0).all() and (dense[:, :30] <= 0.5).all()
    assert (dense[:, 30:] <= 0).all() and (dense[:, 30:] >= -1).all()


@pytest.mark.slow
def test_ten_thousand_neurons_are_sparse_and_fire_like_net_m():
    out = izhikevich_network(8000, 2000, duration=100, seed=0)
    assert out.config["sparse"]
    dense = izhikevich_network(duration=100, seed=0)
    assert 0.5 < out.rate().mean() / dense.rate().mean() < 2


def test_bad_input_is_named():
    with pytest.raises(ConfigError, match="duration"):
        izhikevich_network(duration=10.5)
    with pytest.raises(ConfigError, match="duration"):
        izhikevich_network(duration=float("nan"))
    with pytest.raises(ConfigError, match="scheme"):
        izhikevich_network(scheme="heun")
    with pytest.raises(ConfigError, match="at least one neuron"):
        izhikevich_network(0, 0)
    with pytest.raises(ConfigError, match="n_excitatory"):
        izhikevich_network(-1)


def test_sparse_input_equals_the_summed_columns():
    # the loop's gather + bincount against scipy's own column slicing
    from neuroglass.brain.izhikevich_network import _sparse_input, _sparse_weights

    w = _sparse_weights(np.random.default_rng(2), 300, 100, 40)
    synaptic = _sparse_input(w)
    for fired in (
        np.array([0]),
        np.array([3, 17, 299, 300, 399]),
        np.arange(0, 400, 7),
    ):
        expected = np.asarray(w[:, fired].sum(axis=1)).ravel()
        np.testing.assert_allclose(synaptic(fired), expected, rtol=1e-12, atol=1e-12)
