"""Conversion between neuroglass networks and PyTorch ``nn.Sequential`` models.

:func:`from_torch` reads a ``Sequential`` of ``Linear`` layers and the
activations the engine knows into an :class:`~neuroglass.Network`, so that a
model trained in PyTorch can be explained (``ng.explain``, ``ng.plot``, the
playground); :func:`to_torch` builds the ``Sequential`` back, so that a
neuroglass network can go on training in PyTorch. Outputs agree to about 1e-6
in float32 and 1e-12 in float64; ``from_torch(to_torch(net), loss=net.loss_fn
.name)`` gives ``net``'s weights bit for bit.

The engine stores weights as ``(n_in, n_out)`` (``z = a W + b``), ``Linear``
as ``(out, in)`` (``z = a W^T + b``): the conversion transposes them.

==========================================  ===========================
PyTorch module                              engine activation
==========================================  ===========================
``Identity`` (or none between two Linear)   ``identity``
``Sigmoid``, ``Tanh``, ``ReLU``             ``sigmoid``, ``tanh``, ``relu``
``LeakyReLU(0.01)``, ``ELU(1.0)``           ``leaky_relu``, ``elu``
``Softplus(beta=1, threshold>=20)``         ``softplus``
``GELU(approximate="tanh")``                ``gelu``
``SiLU``                                    ``swish``
``Softmax(dim=1)`` (last layer only)        ``softmax``
==========================================  ===========================

``Flatten()`` may come first (the network takes the flattened inputs).
``Dropout`` is skipped: it is the identity at inference, which the network
represents; :func:`to_torch` does not put it back.

The loss and the output activation go together as in the engine: a
``cross_entropy`` network ends in ``softmax``, a ``bce`` network in
``sigmoid``. A PyTorch classifier usually ends in a ``Linear`` that outputs
logits, and its loss (``CrossEntropyLoss``, ``BCEWithLogitsLoss``) applies
the softmax or sigmoid itself; :func:`from_torch` with that loss appends the
activation to the last layer, so ``net.predict(x) == softmax(model(x))``.
:func:`to_torch` with ``logits=True`` leaves it off again and
:func:`torch_loss` gives the matching PyTorch loss.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..engine.activations import ACTIVATIONS
from ..engine.errors import ConfigError
from ..engine.layers import Dense
from ..engine.network import Network
from .activations import (
    SETTINGS,
    TO_MODULE,
    activation_kind,
    engine_activation,
    module_text,
)
from .losses import FUSED as _FUSED
from .losses import loss_name as _loss_name

__all__ = ["SUPPORTED", "from_torch", "to_torch", "torch_loss"]

#: the modules :func:`from_torch` reads, as the error messages list them
SUPPORTED = (
    "Linear, Identity, Sigmoid, Tanh, ReLU, LeakyReLU(0.01), ELU(1.0), "
    "Softplus(beta=1), GELU(approximate='tanh'), SiLU, Softmax(dim=1) (last), "
    "Flatten (first), Dropout (skipped)"
)

_DTYPES = {torch.float32: "float32", torch.float64: "float64"}
_TORCH_DTYPES = {name: dtype for dtype, name in _DTYPES.items()}


def _activation_of(module, where) -> str | None:
    """The engine name of an activation module, None if it is not one; a
    supported type with other settings raises, saying which setting."""
    name = activation_kind(module)
    if name == "identity" or type(module) not in SETTINGS:
        return None if name == "identity" else name
    if engine_activation(module) is None:
        raise ConfigError(
            f"{where} differs from the engine's {name!r} "
            f"({ACTIVATIONS[name].formula}); neuroglass supports "
            f"{module_text(name)}. Change the module to that setting."
        )
    return name


def _modules(model, prefix=""):
    """(qualified name, module) of a Sequential, nested Sequentials flattened."""
    for name, child in model.named_children():
        qualified = f"{prefix}{name}"
        if isinstance(child, nn.Sequential):
            yield from _modules(child, qualified + ".")
        else:
            yield qualified, child


def _unwrap(model):
    """The model inside DistributedDataParallel or torch.compile."""
    model = getattr(model, "_orig_mod", model)
    return getattr(model, "module", model) if hasattr(model, "no_sync") else model


def _read_layers(model) -> list:
    """[{"name", "weight", "bias", "activation"}] of a Sequential, checked."""
    if not isinstance(model, nn.Sequential):
        raise ConfigError(
            f"from_torch converts an nn.Sequential of Linear layers and activations; "
            f"got {type(model).__name__}. Record other models with "
            "neuroglass.torch.Recorder and draw them with ng.plot."
        )
    layers = []
    for position, (name, module) in enumerate(_modules(model)):
        where = f"the module at position {position} (named {name!r}), {module!r},"
        if isinstance(module, nn.Linear):
            layers.append({"name": name, "module": module, "activation": None})
        elif isinstance(module, (nn.Identity, nn.Dropout)):
            continue
        elif isinstance(module, nn.Flatten) and not layers:
            continue
        elif (activation := _activation_of(module, where)) is not None:
            if not layers or layers[-1]["activation"] is not None:
                follows = "the input" if not layers else "another activation"
                raise ConfigError(
                    f"{where} follows {follows}; a neuroglass layer is a Linear and "
                    "at most one activation after it. Remove it or put a Linear "
                    "before it."
                )
            layers[-1]["activation"] = activation
        else:
            raise ConfigError(
                f"{where} cannot be converted to a neuroglass Network. Supported: "
                f"{SUPPORTED}."
            )
    if not layers:
        raise ConfigError(f"the Sequential {model!r} has no Linear layer to convert.")
    for layer in layers[:-1]:
        if layer["activation"] == "softmax":
            raise ConfigError(
                f"Softmax after Linear {layer['name']!r} is not the last layer; the "
                "engine allows softmax on the output layer only."
            )
    return layers


def _check_tensors(model) -> str:
    """The engine dtype of the model's parameters (all on the CPU, one dtype)."""
    dtypes = set()
    for name, tensor in model.named_parameters():
        if tensor.device.type != "cpu":
            fix = (
                "meta tensors hold no values: load or initialise the weights first"
                if tensor.device.type == "meta"
                else "call model.cpu() first"
            )
            raise ConfigError(
                f"parameter {name!r} is on device {tensor.device}; from_torch reads "
                f"CPU tensors ({fix})."
            )
        dtypes.add(tensor.dtype)
    bad = [d for d in dtypes if d not in _DTYPES]
    if bad or len(dtypes) > 1:
        raise ConfigError(
            f"the model's parameters have dtype {', '.join(sorted(map(str, dtypes)))}"
            "; from_torch needs all float32 or all float64. Call model.float() or "
            "model.double() first."
        )
    return _DTYPES[dtypes.pop()]


def from_torch(model, loss=None, *, seed=None) -> Network:
    """An :class:`~neuroglass.Network` computing what ``model`` computes.

    Parameters
    ----------
    model : torch.nn.Sequential
        ``Linear`` layers, each followed by at most one supported activation
        (see the module's table); nested ``Sequential`` are read in order.
        Parameters on the CPU, all float32 or all float64 (the network's dtype).
    loss : str or torch loss module, optional
        ``"mse"``, ``"bce"``, ``"cross_entropy"`` or ``MSELoss()``,
        ``BCELoss()``, ``BCEWithLogitsLoss()``, ``CrossEntropyLoss()`` (or
        their functions, ``F.cross_entropy`` ...). A loss
        computed from logits on a model that ends in ``Linear`` appends the
        softmax (sigmoid) to the last layer. Default: ``cross_entropy`` for a
        ``Softmax`` output, ``bce`` for ``Sigmoid``, else ``mse``.
    seed : int, optional
        The network's seed (its shuffling when it trains).

    Returns
    -------
    Network
        The weights copied (transposed to ``(n_in, n_out)``); a ``Linear``
        without bias gets a zero bias.

    Raises
    ------
    ConfigError
        For a module that cannot be converted (naming it, its position and the
        supported list), tensors off the CPU or of another dtype.

    Examples
    --------
    >>> import torch, neuroglass as ng
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(),
    ...                             torch.nn.Linear(4, 3))
    >>> net = ng.from_torch(model, loss="cross_entropy")
    >>> net.sizes, net.layers[-1].activation_name
    ([2, 4, 3], 'softmax')
    """
    model = _unwrap(model)
    layers = _read_layers(model)
    dtype = _check_tensors(model)
    output = layers[-1]["activation"] or "identity"
    loss_name, logits = _loss_name(loss, output)
    if logits:
        layers[-1]["activation"] = _FUSED[loss_name]
    dense = [
        Dense(
            layer["module"].in_features,
            layer["module"].out_features,
            layer["activation"] or "identity",
        )
        for layer in layers
    ]
    net = Network(dense, loss=loss_name, dtype=dtype, seed=seed)
    pieces = []
    for layer in layers:
        linear = layer["module"]
        pieces.append(linear.weight.detach().numpy().T.ravel())
        bias = linear.bias
        pieces.append(
            np.zeros(linear.out_features) if bias is None else bias.detach().numpy()
        )
    net.set_parameters_vector(np.concatenate(pieces))
    return net


def _network(net) -> Network:
    found = getattr(net, "network_", net)
    if not isinstance(found, Network):
        raise ConfigError(
            f"to_torch converts a neuroglass Network (or a fitted estimator); got "
            f"{type(net).__name__}."
        )
    return found


def _torch_dtype(dtype, net):
    if dtype is None:
        return _TORCH_DTYPES[net.dtype.name]
    key = dtype if isinstance(dtype, str) else _DTYPES.get(dtype)
    if key not in _TORCH_DTYPES:
        raise ConfigError(
            f"dtype must be 'float32', 'float64', torch.float32 or torch.float64 "
            f"(None: the network's, {net.dtype.name}); got {dtype!r}."
        )
    return _TORCH_DTYPES[key]


def to_torch(net, dtype=None, *, logits=False) -> nn.Sequential:
    """The network as a PyTorch ``nn.Sequential`` of ``Linear`` and activations.

    Parameters
    ----------
    net : Network or fitted estimator
    dtype : {None, "float32", "float64"} or torch dtype
        Default: the network's own dtype (then the round trip is exact).
    logits : bool
        Leave off the output softmax (sigmoid) of a ``cross_entropy``
        (``bce``) network, so that the model outputs logits for
        ``torch_loss(net)`` (``CrossEntropyLoss``, ``BCEWithLogitsLoss``):
        what training in PyTorch wants.

    Returns
    -------
    torch.nn.Sequential
        New tensors on the CPU; ``net`` is not changed.

    Examples
    --------
    >>> import neuroglass as ng
    >>> net = ng.mlp([2, 4, 1], activation="relu", seed=0)
    >>> net.to_torch()
    Sequential(
      (0): Linear(in_features=2, out_features=4, bias=True)
      (1): ReLU()
      (2): Linear(in_features=4, out_features=1, bias=True)
    )
    """
    net = _network(net)
    torch_dtype = _torch_dtype(dtype, net)
    loss = net.loss_fn.name
    if logits and loss not in _FUSED:
        raise ConfigError(
            f"logits=True leaves off the output activation that {list(_FUSED)} "
            f"compute from logits; this network's loss is {loss!r}, which uses the "
            "output itself. Call to_torch(net) without logits."
        )
    modules = []
    for i, layer in enumerate(net.layers):
        linear = nn.Linear(layer.n_in, layer.n_out, dtype=torch_dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.array(layer.weights.T)))
            linear.bias.copy_(torch.from_numpy(np.array(layer.bias)))
        modules.append(linear)
        factory = TO_MODULE[layer.activation_name]
        last = i == len(net.layers) - 1
        if factory is not None and not (last and logits):
            modules.append(factory())
    return nn.Sequential(*modules)


def torch_loss(net) -> nn.Module:
    """The PyTorch loss that trains ``to_torch(net, logits=True)`` as the
    engine trains ``net``: ``CrossEntropyLoss()`` for ``cross_entropy``,
    ``BCEWithLogitsLoss()`` for ``bce``, ``MSELoss()`` for ``mse`` (with
    ``to_torch(net)``). All means, as the engine's; l1/l2 penalties are not
    included (use the optimizer's ``weight_decay`` for l2)."""
    name = _network(net).loss_fn.name
    return {
        "cross_entropy": nn.CrossEntropyLoss,
        "bce": nn.BCEWithLogitsLoss,
        "mse": nn.MSELoss,
    }[name]()
