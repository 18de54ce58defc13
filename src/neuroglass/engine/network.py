"""The network: a stack of Dense layers and a loss.

All parameters live in one flat vector (``net.parameters_vector()`` copies it);
each layer's ``weights`` and ``bias`` are views into it, and likewise for the
gradients and the last updates. Optimizers and gradient checks therefore work
on single arrays, and the layers stay plain to inspect.
"""

from __future__ import annotations

import numpy as np

from . import metrics, serialization
from .assembly import allocate_parameters, check_layers, check_seed, name_layers
from .config import FORMAT, FORMAT_VERSION, check_config
from .errors import ConfigError, ShapeError
from .layers import Dense
from .layout import ParameterLayout
from .losses import get_loss
from .summary import summary_table
from .validation import (
    as_numeric_array,
    cast_finite,
    check_dtype,
    check_inputs,
    check_string,
    non_negative,
)

_PREDICT_CHUNK = 8192
# attributes that __setstate__ rebuilds from the config and the parameter vector
_REBUILT = {"layers", "_params", "_grads", "_updates", "_layout"}


class Network:
    """A feed-forward network of :class:`Dense` layers trained on one loss.

    Parameters
    ----------
    layers : list of Dense
        Consecutive layers must agree: ``layers[i].n_out == layers[i+1].n_in``.
        Layers without weights are initialized from ``seed``; layers that already
        have weights keep them.
    loss : {"mse", "bce", "cross_entropy"}
        ``bce`` needs a sigmoid output and ``cross_entropy`` a softmax output.
    seed : int, optional
        Seeds the initial weights and the shuffling. ``None`` draws fresh entropy,
        which is stored in ``net.seed`` so the run can be repeated.
    dtype : {"float64", "float32"}
    l1, l2 : float
        Regularization strength: the loss gains ``l1 * sum|W| + l2/2 * sum W^2``
        over all weights (not biases), and the gradients with it.

    Examples
    --------
    >>> import neuroglass as ng
    >>> net = ng.Network([ng.Dense(2, 4, "tanh"), ng.Dense(4, 1, "sigmoid")],
    ...                  loss="bce", seed=0)
    >>> net.predict([[0.5, -1.0]]).shape
    (1, 1)
    """

    def __init__(
        self,
        layers,
        loss="mse",
        *,
        seed=None,
        dtype="float64",
        l1=0.0,
        l2=0.0,
        name=None,
    ):
        layers = check_layers(layers)
        self.loss_fn = get_loss(loss)
        self.loss_fn.check_output(layers[-1].activation_fn, layers[-1].n_out)
        self.dtype = check_dtype(dtype)
        self.l1 = non_negative(l1, "l1")
        self.l2 = non_negative(l2, "l2")
        self.name = name
        self.seed = check_seed(seed)
        init_seq, shuffle_seq = np.random.SeedSequence(self.seed).spawn(2)
        self.rng = np.random.default_rng(shuffle_seq)
        check_string(name, "name", allow_none=True)
        name_layers(layers)
        self.layers = layers
        self._layout = ParameterLayout.from_sizes(self.sizes)
        self._params, self._grads, self._updates = allocate_parameters(
            layers, self.dtype, np.random.default_rng(init_seq), self._layout
        )
        self.history = None
        self.optimizer = None
        self.epochs_trained = 0
        self.steps_trained = 0
        self.stop_training = False

    # -- description ------------------------------------------------------------
    @property
    def n_inputs(self) -> int:
        return self.layers[0].n_in

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].n_out

    @property
    def sizes(self) -> list:
        """Layer widths, inputs first: ``[2, 8, 8, 1]``."""
        return [self.n_inputs] + [layer.n_out for layer in self.layers]

    @property
    def layout(self) -> ParameterLayout:
        """Where each layer's weights and bias sit in :meth:`parameters_vector`
        (and in the gradient and update vectors): a :class:`ParameterLayout`."""
        return self._layout

    @property
    def n_params(self) -> int:
        return self._params.size

    @property
    def is_classifier(self) -> bool:
        return self.loss_fn.is_classifier

    @property
    def task(self) -> str:
        return "classification" if self.is_classifier else "regression"

    def parameters(self) -> list:
        """``[W1, b1, W2, b2, ...]``: the live arrays (edit them to edit the net)."""
        return [p for layer in self.layers for p in (layer.weights, layer.bias)]

    def gradients(self) -> list:
        """``[dW1, db1, ...]`` from the last :meth:`backward`."""
        return [
            g for layer in self.layers for g in (layer.grad_weights, layer.grad_bias)
        ]

    def named_parameters(self) -> dict:
        """``{"dense_1.weights": W1, "dense_1.bias": b1, ...}``."""
        return {
            f"{layer.name}.{kind}": getattr(layer, kind)
            for layer in self.layers
            for kind in ("weights", "bias")
        }

    def parameters_vector(self) -> np.ndarray:
        """A copy of all parameters as one vector, layer by layer (W then b)."""
        return self._params.copy()

    def set_parameters_vector(self, vector) -> None:
        """Copy ``vector`` (shape ``(n_params,)``, finite numbers) into the network."""
        vector = as_numeric_array(vector, "parameter vector")
        if vector.shape != self._params.shape:
            raise ShapeError(
                f"parameter vector must have shape {self._params.shape}; got "
                f"{vector.shape}."
            )
        self._params[...] = cast_finite(vector, self.dtype, "parameter vector")

    def gradients_vector(self) -> np.ndarray:
        """A copy of all gradients of the last :meth:`backward` as one vector."""
        return self._grads.copy()

    def config(self) -> dict:
        """The architecture as JSON-ready data (what :meth:`save` stores)."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "layers": [layer.config() for layer in self.layers],
            "loss": self.loss_fn.name,
            "dtype": self.dtype.name,
            "l1": self.l1,
            "l2": self.l2,
            "seed": self.seed,
            "name": self.name,
            "epochs_trained": self.epochs_trained,
            "steps_trained": self.steps_trained,
        }

    @classmethod
    def from_config(cls, config: dict, params=None) -> Network:
        """Rebuild a network from :meth:`config` (and a parameter vector).

        Raises
        ------
        ConfigError
            Naming the field of ``config`` that is missing or invalid.
        """
        config = check_config(config)
        layers = [
            Dense(c["n_in"], c["n_out"], c["activation"], c["init"], name=c["name"])
            for c in config["layers"]
        ]
        net = cls(
            layers,
            loss=config["loss"],
            seed=config["seed"],
            dtype=config["dtype"],
            l1=config["l1"],
            l2=config["l2"],
            name=config["name"],
        )
        net.epochs_trained = config["epochs_trained"]
        net.steps_trained = config["steps_trained"]
        if params is not None:
            net.set_parameters_vector(params)
        return net

    def __getstate__(self) -> dict:
        """Pickle/deepcopy support: the layers' views into the flat vectors must be
        rebuilt after unpickling, so the state is the config plus the vectors."""
        state = {k: v for k, v in self.__dict__.items() if k not in _REBUILT}
        state["_config"] = self.config()
        state["_params"] = self._params
        return state

    def __setstate__(self, state) -> None:
        fresh = Network.from_config(state.pop("_config"), state.pop("_params"))
        self.__dict__.update(fresh.__dict__)
        self.__dict__.update(state)

    def copy(self) -> Network:
        """An independent network with the same architecture and weights."""
        return Network.from_config(self.config(), self._params.copy())

    def summary(self) -> str:
        """A table of the layers, their shapes and parameter counts."""
        return summary_table(self)

    def __repr__(self) -> str:
        return (
            f"Network({' -> '.join(map(str, self.sizes))}, "
            f"activations={[layer.activation_name for layer in self.layers]}, "
            f"loss={self.loss_fn.name!r}, dtype={self.dtype.name!r})"
        )

    # -- the math -------------------------------------------------------------
    def _check_X(self, X, what="X"):
        return check_inputs(X, self.n_inputs, self.dtype, what)

    def _targets(self, y, n_samples, what="y"):
        targets = self.loss_fn.prepare_targets(y, self.n_outputs, self.dtype)
        if targets.shape[0] != n_samples:
            raise ShapeError(
                f"X has {n_samples} samples but {what} has {targets.shape[0]} labels; "
                "they must match row for row."
            )
        return targets

    def _forward(self, X, store=True):
        for layer in self.layers:
            X = layer.forward(X, store=store)
        return X

    def forward(self, X) -> np.ndarray:
        """Run ``X`` (n_samples, n_inputs) through the network; return the output.

        Every layer keeps its ``inputs``, ``pre_activation`` and ``activation``
        for this batch, ready for :meth:`backward` and for inspection.
        """
        return self._forward(self._check_X(X))

    def penalty(self) -> float:
        """The regularization term ``l1 sum|W| + l2/2 sum W^2`` (0 without it)."""
        if not (self.l1 or self.l2):
            return 0.0
        total = 0.0
        for layer in self.layers:
            w = layer.weights
            if self.l1:
                total += self.l1 * float(np.abs(w).sum())
            if self.l2:
                total += 0.5 * self.l2 * float(np.vdot(w, w))
        return total

    def _loss_and_delta(self, targets):
        """The (regularized) loss of the last forward batch against prepared
        targets, and ``delta`` (dL/dz) at the output layer."""
        out = self.layers[-1]
        loss, delta = self.loss_fn.value_and_delta(
            out.pre_activation, out.activation, targets, out.activation_fn
        )
        if self.l1 or self.l2:
            loss += self.penalty()
        return loss, delta

    def _backprop(self, delta, on_layer=None) -> None:
        """Backpropagate ``delta`` from the output layer down to the first.

        Every layer stores its ``delta``, ``grad_weights`` (with the l1/l2
        terms) and ``grad_bias``. ``on_layer(i)``, if given, is called as soon
        as layer ``i``'s gradients are complete, top layer first: the training
        loop updates the layer there, while its gradients are in the cache
        (the layer below no longer needs its weights by then).
        """
        layers = self.layers
        l1, l2 = self.l1, self.l2
        grad = None
        for i in range(len(layers) - 1, -1, -1):
            layer = layers[i]
            if grad is None:  # the output layer, from the loss's delta
                grad = layer.backward(delta=delta, need_input_grad=i > 0)
            else:
                grad = layer.backward(grad, need_input_grad=i > 0, overwrite_grad=True)
            if l1 or l2:
                grad_weights = layer.grad_weights  # a view: += writes through
                if l2:
                    grad_weights += l2 * layer.weights
                if l1:
                    grad_weights += l1 * np.sign(layer.weights)
            if on_layer is not None:
                on_layer(i)

    def _backward(self, targets, on_layer=None) -> float:
        """Backpropagate from prepared targets; return the (regularized) loss."""
        loss, delta = self._loss_and_delta(targets)
        self._backprop(delta, on_layer)
        self.last_loss = loss
        return loss

    def backward(self, y) -> list:
        """Backpropagate the loss of the last :meth:`forward` batch against ``y``:
        store ``delta``, ``grad_weights`` and ``grad_bias`` on every layer; return
        ``[(dW1, db1), ...]`` (the layers' own arrays); the loss: ``net.last_loss``."""
        first = self.layers[0]
        if first.inputs is None or self.layers[-1].pre_activation is None:
            raise ConfigError("call net.forward(X) before net.backward(y).")
        self._backward(self._targets(y, first.inputs.shape[0]))
        return [(layer.grad_weights, layer.grad_bias) for layer in self.layers]

    def predict(self, X) -> np.ndarray:
        """The network's output for ``X``, ``(n_samples, n_outputs)``: probabilities
        for ``bce``/``cross_entropy`` networks. Does not change the layers' stored
        forward values. Large ``X`` is processed in chunks."""
        X = self._check_X(X)
        return self._predict(X)

    def _predict(self, X):
        if X.shape[0] <= _PREDICT_CHUNK:
            return self._forward(X, store=False)
        return np.concatenate(
            [
                self._forward(X[i : i + _PREDICT_CHUNK], store=False)
                for i in range(0, X.shape[0], _PREDICT_CHUNK)
            ]
        )

    def _require_classifier(self, what):
        if not self.is_classifier:
            raise ConfigError(
                f"{what} is for classifiers (loss 'bce' or 'cross_entropy'); this "
                f"network's loss is {self.loss_fn.name!r}. Use predict() for its "
                "real-valued output."
            )

    def predict_classes(self, X) -> np.ndarray:
        """Class labels: ``argmax`` for softmax outputs, ``p > 0.5`` for sigmoid.

        Shape ``(n_samples,)`` (``(n_samples, n_outputs)`` for multi-label bce).
        """
        self._require_classifier("predict_classes")
        return self._classes(self.predict(X))

    def _classes(self, output):
        if self.loss_fn.name == "cross_entropy":
            return output.argmax(axis=1)
        labels = (output > 0.5).astype(np.int64)
        return labels[:, 0] if labels.shape[1] == 1 else labels

    def loss(self, X, y) -> float:
        """The mean loss (plus any regularization) of the network on ``(X, y)``."""
        X = self._check_X(X)
        return metrics.evaluate(self, X, self._targets(y, X.shape[0]))["loss"]

    def evaluate(self, X, y) -> dict:
        """``{"loss", "accuracy"}`` for classifiers, ``{"loss", "r2"}`` otherwise."""
        X = self._check_X(X)
        return metrics.evaluate(self, X, self._targets(y, X.shape[0]))

    # -- training (see training.py) -------------------------------------------
    def fit(self, X, y, epochs=10, batch_size=32, optimizer="sgd", lr=None, **kwargs):
        """Train the network; see :func:`neuroglass.engine.training.fit`
        (``ng.Trainer`` drives the same loop step by step)."""
        from .training import fit

        return fit(self, X, y, epochs, batch_size, optimizer, lr, **kwargs)

    # -- files (see serialization.py) and PyTorch --------------------------------
    def save(self, path) -> None:
        """Save architecture and weights to an ``.npz`` file (no pickle);
        ``ng.load(path)`` reads it back."""
        serialization.save(self, path)

    def to_torch(self, dtype=None, *, logits=False):
        """This network as a ``torch.nn.Sequential`` (see neuroglass.torch)."""
        from ..torch.convert import to_torch  # lazy: the optional bridge

        return to_torch(self, dtype, logits=logits)
