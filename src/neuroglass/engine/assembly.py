"""How a :class:`~neuroglass.engine.network.Network` is put together.

The checks on its constructor's arguments that concern the layers
(:func:`check_layers`, :func:`name_layers`) and the seed (:func:`check_seed`),
and the flat buffers (:func:`allocate_parameters`): one vector each for the
parameters, the gradients and the last updates, with every layer's ``weights``
and ``bias`` bound as views into them where the network's
:class:`~neuroglass.engine.layout.ParameterLayout` puts them.
"""

from __future__ import annotations

import itertools

import numpy as np

from . import validation
from .errors import ConfigError, ShapeError
from .layers import Dense
from .memory import check_memory


def check_layers(layers) -> list:
    """``layers`` as a list of consecutive, distinct Dense layers, or raise."""
    layers = validation.check_list(layers, "layers", "a non-empty list of ng.Dense")
    for i, layer in enumerate(layers):
        validation.check_instance(layer, Dense, f"layer {i}", "an ng.Dense")
    for i, (below, above) in enumerate(itertools.pairwise(layers)):
        if below.n_out != above.n_in:
            raise ShapeError(
                f"layer {i + 1} has {below.n_out} units but layer {i + 2} expects "
                f"{above.n_in} inputs. Set n_in={below.n_out} on layer {i + 2}."
            )
    for i, layer in enumerate(layers[:-1]):
        if layer.activation_fn.output_only:
            raise ConfigError(
                f"activation {layer.activation_name!r} is for the output layer "
                f"only; layer {i + 1} of {len(layers)} uses it. Use 'relu' or "
                "'tanh' in hidden layers."
            )
    if len({id(layer) for layer in layers}) != len(layers):
        raise ConfigError("the same Dense object appears twice in layers.")
    return layers


def check_seed(seed) -> int:
    """``seed`` as an int; ``None`` draws fresh entropy."""
    seed = validation.check_seed(seed)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**63))
    return seed


def name_layers(layers) -> None:
    """Name unnamed layers ``dense_<i>``; check that all names are distinct strings."""
    for i, layer in enumerate(layers):
        if layer.name is None:
            layer.name = f"dense_{i + 1}"
    names = [layer.name for layer in layers]
    for i, name_i in enumerate(names):
        validation.check_string(name_i, f"layer {i + 1}'s name")
        if names.index(name_i) != i:
            raise ConfigError(
                f"layers {names.index(name_i) + 1} and {i + 1} are both named "
                f"{name_i!r}; give each layer its own name (parameters are saved "
                "under it)."
            )


def allocate_parameters(layers, dtype, init_rng, layout):
    """Create the flat buffers and point every layer at its views.

    Layers that already have weights keep them; the others are initialized from
    ``init_rng``. ``layout`` is the network's :class:`ParameterLayout`. Returns
    ``(params, grads, updates)``, each of shape ``(layout.size,)``.
    """
    total = layout.size
    check_memory(
        3 * total,
        dtype,
        f"a network of sizes {list(layout.sizes)} has {total:,} parameters and",
        "its parameters, gradients and updates",
    )
    params = np.empty(total, dtype)
    grads = np.zeros(total, dtype)
    updates = np.zeros(total, dtype)
    views = [layout.split(buffer) for buffer in (params, grads, updates)]
    for i, layer in enumerate(layers):
        if layer.built:
            weights, bias = layer.weights, layer.bias
        else:
            weights, bias = layer.initial_values(init_rng)
        (w, b), (gw, gb), (uw, ub) = (split[i] for split in views)
        w[...] = weights
        b[...] = bias
        layer._bind(w, b, gw, gb, uw, ub)
    return params, grads, updates
