"""ANN -> SNN: a trained ReLU network run as integrate-and-fire neurons.

Rate coding (Diehl et al. 2015, IJCNN; Rueckauer et al. 2017, Front.
Neurosci. 11:682): each ReLU unit becomes a non-leaky integrate-and-fire
neuron whose membrane gains its normalised pre-activation every step,

    v_l(t) = v_l(t - dt) + W'_l s_{l-1}(t) + b'_l,   spike when v_l >= v_th,

then resets by subtracting ``v_th`` (Rueckauer: the residual is kept, so the
count over ``T`` steps is ``floor(T z)`` for a constant drive ``z`` per step)
or to zero (Diehl: the residual is lost, the rate is ``1 / ceil(v_th / z)``).
A neuron fires at most once per step, so its rate is at most ``1 / dt``.

Weights are normalised from data (the "data-based normalisation"): with
``lambda_l`` the ``percentile`` of the positive activations of layer ``l`` on
``X_norm`` (``percentile=100``: the maximum, Diehl's choice; 99.9: Rueckauer's
robust choice, the default of snntoolbox),

    W'_l = v_th * W_l * lambda_{l-1} / lambda_l,    b'_l = v_th * b_l / lambda_l,

so a unit with ReLU activation ``a`` fires ``a / lambda_l`` spikes per step,
i.e. at ``a / (lambda_l * dt)`` spikes per ms (times 1000: Hz). ``v_th`` only
sets the membrane's unit: weights and biases scale with it, the rates do not.
The neurons have no leak, so ``dt`` (ms) only labels the steps with a time.

The input is a constant analog current (``encoding="analog"``: the first layer
receives ``x`` itself every step, ``lambda_0 = 1``) or Poisson spikes
(``encoding="poisson"``: input ``i`` spikes with probability ``x_i / lambda_0``
per step, ``lambda_0`` the percentile of the positive inputs of ``X_norm``).
The output layer (identity, softmax, sigmoid or relu: its *pre-activation*
``z``) drives non-spiking integrators (``output="membrane"``, the default:
the class is the argmax of the accumulated membrane) or spiking IF neurons
(``output="spikes"``: the argmax of the spike counts, ties broken by the
membrane). Time-averaged, either decodes ``z`` of the ANN.

Time is in ms, rates in Hz.
"""

from __future__ import annotations

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import (
    check_choice,
    check_inputs,
    check_network,
    check_seed,
    finite_number,
    positive_number,
)
from .spiking_network import SpikingNetwork, check_non_negative

__all__ = ["to_spiking"]

OUTPUT_ACTIVATIONS = ("identity", "softmax", "sigmoid", "relu")


def _layer_scale(values, percentile) -> float:
    """``percentile`` of the positive ``values`` (1.0 when none is positive:
    a silent layer passes nothing on whatever its scale)."""
    positive = values[values > 0]
    return float(np.percentile(positive, percentile)) if positive.size else 1.0


def _check_layers(net) -> None:
    *hidden, last = net.layers
    for index, layer in enumerate(hidden, start=1):
        if layer.activation_name != "relu":
            raise ConfigError(
                f"to_spiking needs relu hidden layers; layer {index} "
                f"({layer.name!r}) uses {layer.activation_name!r}. Rebuild the "
                "network with activation='relu' and train it again."
            )
    if last.activation_name not in OUTPUT_ACTIVATIONS:
        raise ConfigError(
            f"to_spiking reads the output layer's pre-activation, for an output "
            f"activation among {', '.join(OUTPUT_ACTIVATIONS)}; the output layer "
            f"({last.name!r}) uses {last.activation_name!r}."
        )


def to_spiking(
    net,
    X_norm,
    *,
    percentile=99.9,
    v_th=1.0,
    reset="subtract",
    dt=1.0,
    encoding="analog",
    output="membrane",
    seed=None,
) -> SpikingNetwork:
    """Convert a trained ReLU network into integrate-and-fire neurons.

    Parameters
    ----------
    net : ng.Network
        Hidden layers relu; output identity, softmax, sigmoid or relu.
    X_norm : array, shape (n_samples, n_inputs)
        Data whose activations set the per-layer scales (typically the
        training set; a few hundred samples suffice).
    percentile : float in (0, 100]
        Of the positive activations per layer: 100 = max (Diehl 2015), 99.9
        (Rueckauer 2017, the default).
    v_th : float > 0
        Firing threshold; the normalised weights and biases are multiplied by
        it, so it sets the membrane's unit and leaves the rates unchanged.
    reset : {"subtract", "zero"}
        Reset by subtraction (Rueckauer) or to zero (Diehl).
    dt : float > 0
        Time step (ms), the default of :meth:`SpikingNetwork.run`.
    encoding : {"analog", "poisson"}
        Constant input current, or Poisson input spikes (``X >= 0``).
    output : {"membrane", "spikes"}
        Non-spiking integrators or spiking IF neurons at the output.
    seed : int, optional
        Seeds the Poisson input.

    Returns
    -------
    SpikingNetwork

    Examples
    --------
    >>> import numpy as np, neuroglass as ng
    >>> from neuroglass.brain.ann_to_snn import to_spiking
    >>> net = ng.mlp([2, 8, 2], activation="relu", loss="cross_entropy", seed=0)
    >>> snn = to_spiking(net, np.random.default_rng(0).random((50, 2)))
    >>> snn.predict([[0.2, 0.7]], duration=100.0).shape
    (1,)
    """
    net = check_network(net)
    _check_layers(net)
    v_th = positive_number(v_th, "v_th")
    percentile = finite_number(
        percentile, "percentile", low=0, high=100, low_open=True,
        hint="Use 100 for the maximum (Diehl 2015) or 99.9 (Rueckauer 2017).",
    )  # fmt: skip
    X_norm = check_inputs(X_norm, net.n_inputs, np.float64, "X_norm")
    encoding = check_choice(encoding, ("analog", "poisson"), "encoding")
    if encoding == "poisson":
        check_non_negative(X_norm, "X_norm")
    scales = [_layer_scale(X_norm, percentile) if encoding == "poisson" else 1.0]
    weights, biases = [], []
    activation = X_norm
    for layer in net.layers:
        W = np.asarray(layer.weights, dtype=np.float64)
        b = np.asarray(layer.bias, dtype=np.float64)
        z = activation @ W + b
        activation = np.maximum(z, 0.0)
        scales.append(_layer_scale(activation, percentile))
        weights.append(W * (v_th * scales[-2] / scales[-1]))
        biases.append(b * (v_th / scales[-1]))
    return SpikingNetwork(
        weights,
        biases,
        np.array(scales),
        v_th=v_th,
        reset=check_choice(reset, ("subtract", "zero"), "reset"),
        dt=positive_number(dt, "dt", hint="The step in ms, e.g. 1.0."),
        encoding=encoding,
        output=check_choice(output, ("membrane", "spikes"), "output"),
        task=net.loss_fn.name,
        seed=check_seed(seed),
    )
