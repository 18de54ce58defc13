"""What the recorder sees of a PyTorch model: its layers, where their
parameters go in a run's flat vectors, and the run's ``config["network"]``.

A *layer* is a module that owns parameters directly (Linear, ConvNd,
BatchNorm, Embedding, LayerNorm, ...), in ``named_modules()`` order; a
parameter shared between modules belongs to its first owner. A layer's
*activation* is the activation module that follows it among its parent's
children (engine names; ``"identity"`` when none follows or neuroglass does
not know it): its output is what the probe statistics measure.

An MLP-shaped model (a ``Sequential`` of ``Linear`` layers with bias, each
followed by at most one activation the engine computes exactly) is recorded
as the engine records an ``ng.Network``: Dense layer dicts and the engine's
flat layout (weights ``(n_in, n_out)``, torch's weight transposed, then the
bias), so ``run.network()`` rebuilds it. Other models use the per-layer
layout of :meth:`~neuroglass.engine.layout.ParameterLayout.from_shapes`:
each layer's weights flattened in torch's shape, then its bias.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import torch
from torch import nn

from ..engine.config import FORMAT, FORMAT_VERSION
from ..engine.errors import ConfigError
from ..engine.layout import ParameterLayout
from .activations import activation_kind, engine_activation
from .losses import recorded_loss
from .shapes import recording_shapes

#: the most characters of the model's printed tree a run keeps
MODULE_TEXT_LIMIT = 20_000
#: layer types whose units are channels (dimension 1 of their output)
_CHANNEL_TYPES = (
    nn.modules.conv._ConvNd,
    nn.modules.batchnorm._BatchNorm,
    nn.modules.instancenorm._InstanceNorm,
    nn.GroupNorm,
)


def unwrap(model):
    """The module inside ``DistributedDataParallel`` / ``DataParallel``
    (``.module``) and ``torch.compile`` (``._orig_mod``)."""
    for _ in range(8):
        if isinstance(model, (nn.parallel.DistributedDataParallel, nn.DataParallel)):
            model = model.module
        elif isinstance(getattr(model, "_orig_mod", None), nn.Module):
            model = model._orig_mod
        else:
            break
    return model


@dataclass
class Layer:
    """One recorded layer: a module owning parameters directly."""

    name: str
    module: nn.Module
    weights: list  # its parameters other than biases, not owned before
    biases: list
    n_in: int
    n_out: int
    activation: str
    #: the module whose output the probe statistics measure
    watched: nn.Module
    #: the axis of that output that holds the units (channels: 1)
    unit_axis: int
    shared_with: str | None = None

    @property
    def params(self) -> list:
        return [*self.weights, *self.biases]

    @property
    def weight_shape(self):
        return _joint_shape(self.weights)

    @property
    def bias_shape(self):
        return _joint_shape(self.biases)


def _joint_shape(params):
    if not params:
        return None
    if len(params) == 1:
        return tuple(params[0].shape)
    return (sum(p.numel() for p in params),)


def _sizes(module, weights, biases) -> tuple:
    """(n_in, n_out) of a layer: what goes in and what comes out per sample
    (the units its output holds on its unit axis)."""
    if isinstance(module, (nn.RNNBase, nn.RNNCellBase)):
        # an output row holds hidden_size (proj_size) features per direction;
        # weight_ih's first dimension is 3x (GRU) or 4x (LSTM) that: its gates
        size = getattr(module, "proj_size", 0) or module.hidden_size
        directions = 2 if getattr(module, "bidirectional", False) else 1
        return module.input_size, size * directions
    for a, b in (("in_features", "out_features"), ("in_channels", "out_channels")):
        if isinstance(getattr(module, b, None), int):
            return getattr(module, a), getattr(module, b)
    if isinstance(module, nn.Embedding):
        return module.num_embeddings, module.embedding_dim
    if isinstance(module, nn.MultiheadAttention):
        return module.embed_dim, module.embed_dim
    for attribute in ("num_features", "num_channels"):
        if isinstance(getattr(module, attribute, None), int):
            n = getattr(module, attribute)
            return n, n
    normalized = getattr(module, "normalized_shape", None)  # LayerNorm, RMSNorm
    if isinstance(normalized, (tuple, list)) and normalized:
        # the units are the last dimension's, as the probe statistics see them
        n = int(normalized[-1])
        return n, n
    shape = (weights or biases)[0].shape
    n_out = shape[0] if len(shape) else 1
    n_in = shape[1] if len(shape) > 1 else n_out
    return max(int(n_in), 1), max(int(n_out), 1)


def _check_devices(root) -> None:
    for name, param in root.named_parameters():
        if param.device.type == "meta":
            raise ConfigError(
                f"the model's parameter {name!r} is on the 'meta' device: it has a "
                "shape but no values, so there is nothing to record. Materialize "
                "the model first (model.to_empty(device='cpu') and initialize it, "
                "or load its weights)."
            )


def _following(root) -> dict:
    """{id(module): the sibling module after it} over every parent."""
    after = {}
    for parent in root.modules():
        children = [c for c in parent._modules.values() if c is not None]
        for first, second in itertools.pairwise(children):
            after.setdefault(id(first), second)
    return after


def find_layers(root, watch=None) -> list:
    """The :class:`Layer` list of ``root`` (see the module's docstring);
    ``watch``: the names of the layers to keep (None: all)."""
    _check_devices(root)
    after = _following(root)
    owner: dict = {}
    layers = []
    for name, module in root.named_modules():
        own = list(module.named_parameters(recurse=False))
        fresh = [(n, p) for n, p in own if id(p) not in owner]
        shared = [owner[id(p)] for _, p in own if id(p) in owner]
        for _, p in fresh:
            owner[id(p)] = name
        if not fresh:
            continue
        # bias, bias_ih_l0, in_proj_bias ...: every parameter named a bias
        weights = [p for n, p in fresh if "bias" not in n]
        biases = [p for n, p in fresh if "bias" in n]
        follower = after.get(id(module))
        act = activation_kind(follower) if follower is not None else None
        n_in, n_out = _sizes(module, weights, biases)
        layers.append(
            Layer(
                name=name or type(module).__name__,
                module=module,
                weights=weights,
                biases=biases,
                n_in=n_in,
                n_out=n_out,
                activation=act or "identity",
                watched=follower if act is not None else module,
                unit_axis=1 if isinstance(module, _CHANNEL_TYPES) else -1,
                shared_with=shared[0] if shared else None,
            )
        )
    if not layers:
        raise ConfigError(
            f"the model {type(root).__name__} has no parameters, so there are no "
            "weights, gradients or updates to record. Record a model with "
            "parameters (log a parameter-free model's losses yourself)."
        )
    if watch is not None:
        layers = _watched(layers, watch)
    return layers


def _watched(layers, watch) -> list:
    names = [layer.name for layer in layers]
    if isinstance(watch, str) or not all(isinstance(w, str) for w in watch):
        raise ConfigError(
            f"layers must be a list of layer names such as {names[:2]!r}; got "
            f"{watch!r}."
        )
    unknown = [w for w in watch if w not in names]
    if unknown or not watch:
        raise ConfigError(
            f"layers names {unknown or watch!r}, which the model does not have as "
            f"layers with parameters; its layers are {names!r}."
        )
    return [layer for layer in layers if layer.name in set(watch)]


def mlp_activations(root, layers) -> list | None:
    """The engine activation of each layer when ``root`` is MLP-shaped (see
    the module's docstring) and every layer is recorded; else None."""
    if type(root) is not nn.Sequential:
        return None
    children = [c for c in root._modules.values() if c is not None]
    linears, acts, i = [], [], 0
    while i < len(children):
        linear = children[i]
        if type(linear) is not nn.Linear or linear.bias is None:
            return None
        follower = children[i + 1] if i + 1 < len(children) else None
        act = "identity"
        if follower is not None and type(follower) is not nn.Linear:
            act = engine_activation(follower)
            if act is None:
                return None
            i += 1
        linears.append(linear)
        acts.append(act)
        i += 1
    dtypes = {p.dtype for p in root.parameters()}
    if (
        [layer.module for layer in layers] != linears
        or "softmax" in acts[:-1]
        or any(layer.shared_with for layer in layers)
        or len(dtypes) != 1
        or not dtypes <= {torch.float32, torch.float64}
        or any(a.out_features != b.in_features for a, b in itertools.pairwise(linears))
    ):
        return None
    return acts


class ModelView:
    """A model as a run records it: its layers, their place in the flat
    vectors, its ``config["network"]``.

    Parameters
    ----------
    model : torch.nn.Module
        Also inside ``DistributedDataParallel`` or ``torch.compile``.
    watch : list of str, optional
        The names of the layers to record (default all).
    loss : str, torch loss module or function, optional
        What the model trains with: ``CrossEntropyLoss()``, ``MSELoss()``,
        ``BCEWithLogitsLoss()``, ``BCELoss()`` (any settings), their functions
        (``F.cross_entropy``) or an engine name (:mod:`.losses`). The run's
        ``config["loss"]`` names it, so a classifier's replay shows accuracy;
        an MLP-shaped model on logits is recorded as ``from_torch(model,
        loss)`` builds it (softmax or sigmoid appended: ``run.network()``
        predicts ``softmax(model(x))``). Without it an MLP's loss is inferred
        from its last activation (Softmax: cross_entropy, Sigmoid: bce, else
        mse: a classifier on logits replays as a regression).
    """

    def __init__(self, model, watch=None, loss=None):
        if not isinstance(model, nn.Module):
            raise ConfigError(
                f"model must be a torch.nn.Module; got {type(model).__name__}. Pass "
                "the model you train (the one whose parameters the optimizer holds)."
            )
        self.root = unwrap(model)
        self.layers = find_layers(self.root, watch)
        self.mlp_activations = mlp_activations(self.root, self.layers)
        #: the engine's name of the loss given (None: not given)
        self.loss = None
        #: the activation a loss on logits appends to an MLP's output layer
        self.appended = None
        if loss is not None:
            self._read_loss(loss)
        self.mlp = self.mlp_activations is not None
        if self.mlp:
            for layer, act in zip(self.layers, self.mlp_activations):
                layer.activation = act
        if self.mlp:
            sizes = [self.layers[0].n_in, *(layer.n_out for layer in self.layers)]
            self.layout = ParameterLayout.from_sizes(sizes)
        else:
            self.layout = ParameterLayout.from_shapes(
                [layer.weight_shape for layer in self.layers],
                [layer.bias_shape for layer in self.layers],
            )
        #: every recorded parameter, once, in the layout's order
        self.params = [p for layer in self.layers for p in layer.params]
        dtype = self.params[0].dtype
        self.dtype = torch.float64 if dtype == torch.float64 else torch.float32
        self.n_params = sum(p.numel() for p in self.root.parameters())
        #: {module name: output shape without the batch dimension}, filled on
        #: the probe batch by :meth:`recording_shapes` (empty without a probe)
        self.output_shapes: dict = {}

    def _read_loss(self, loss) -> None:
        acts = self.mlp_activations
        last = acts[-1] if acts is not None else self.layers[-1].activation
        self.loss, output = recorded_loss(loss, last)
        if acts is None:
            return
        if output is None:  # no engine network computes this loss from it
            self.mlp_activations = None
        elif output != last:
            # the probe still measures the model's output (the logits); the
            # recorded network computes what the loss turns them into
            self.appended = output

    def recording_shapes(self):
        """A ``with`` block whose forward pass fills :attr:`output_shapes`
        (see :mod:`.shapes`)."""
        return recording_shapes(self.root, self.output_shapes)

    def pieces(self, tensors) -> list:
        """``tensors`` (one per :attr:`params`, e.g. gradients) as the flat
        pieces of the layout's vector, in order (weights transposed for an
        MLP-shaped model)."""
        out, k = [], 0
        for layer in self.layers:
            for _ in layer.weights:
                t = tensors[k]
                out.append((t.t() if self.mlp else t).reshape(-1))
                k += 1
            for _ in layer.biases:
                out.append(tensors[k].reshape(-1))
                k += 1
        return out

    def vector(self, tensors) -> torch.Tensor:
        """The flat vector (layout order, :attr:`dtype`) of ``tensors``."""
        pieces = [p.detach().to(self.dtype) for p in self.pieces(tensors)]
        return torch.cat(pieces) if pieces else torch.zeros(0, dtype=self.dtype)

    def config(self) -> dict:
        """The run's ``config["network"]``."""
        text = repr(self.root)
        if len(text) > MODULE_TEXT_LIMIT:
            text = text[: MODULE_TEXT_LIMIT - 4] + "\n..."
        layers = [self._layer_config(i, layer) for i, layer in enumerate(self.layers)]
        common = {"kind": "torch", "module": text, "n_params": self.n_params}
        if not self.mlp:
            shapes = {"output_shapes": dict(self.output_shapes)}
            return {"format": "torch.module", **common, "layers": layers, **shapes}
        if self.appended is not None:
            layers[-1]["activation"] = self.appended
            layers[-1]["activation_in_loss"] = True
        last = layers[-1]["activation"]
        # the loss given, else the one the engine computes from this output
        loss = self.loss or {"softmax": "cross_entropy", "sigmoid": "bce"}.get(
            last, "mse"
        )
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            **common,
            "layers": layers,
            "loss": loss,
            "dtype": "float64" if self.dtype == torch.float64 else "float32",
            "l1": 0.0,
            "l2": 0.0,
            "seed": 0,
            "name": None,
            "epochs_trained": 0,
            "steps_trained": 0,
        }

    def _layer_config(self, i, layer) -> dict:
        torch_type = type(layer.module).__name__
        out = {
            "name": layer.name,
            "type": "Dense" if self.mlp else torch_type,
            "n_in": layer.n_in,
            "n_out": layer.n_out,
            "activation": layer.activation,
        }
        if self.mlp:
            out["init"] = "glorot_uniform"
            out["torch_type"] = torch_type
        shape = layer.weight_shape
        bias = layer.bias_shape
        out.update(
            {
                "weight_shape": list(shape) if shape is not None else None,
                "bias_shape": list(bias) if bias is not None else None,
                "trainable": any(p.requires_grad for p in layer.params),
                "shared_with": layer.shared_with,
            }
        )
        name = "" if layer.module is self.root else layer.name
        if name in self.output_shapes:
            out["output_shape"] = list(self.output_shapes[name])
        return out
