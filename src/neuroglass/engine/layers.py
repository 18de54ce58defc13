"""The fully connected layer, with forward and backward side by side.

Shapes, for a batch of ``n`` samples through ``Dense(n_in, n_out)``:

==================  ==========  ===============  ============================
attribute           symbol      shape            set by
==================  ==========  ===============  ============================
``weights``         W           (n_in, n_out)    init / optimizer
``bias``            b           (n_out,)         init / optimizer
``inputs``          a_prev      (n, n_in)        forward
``pre_activation``  z           (n, n_out)       forward: z = a_prev W + b
``activation``      a           (n, n_out)       forward: a = f(z)
``delta``           dL/dz       (n, n_out)       backward
``grad_weights``    dW          (n_in, n_out)    backward: dW = a_prev^T delta
``grad_bias``       db          (n_out,)         backward: db = sum_i delta_i
``update_weights``  Delta W     (n_in, n_out)    optimizer: the last change of W
``update_bias``     Delta b     (n_out,)         optimizer: the last change of b
==================  ==========  ===============  ============================

The short math names (``W``, ``b``, ``z``, ``a``, ``dW``, ``db``) are aliases.
Gradients are those of the *mean* loss over the batch. ``backward`` overwrites
the gradients of the previous batch; it does not accumulate.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, get_activation
from .errors import ConfigError, ShapeError
from .initializers import INITIALIZERS, canonical_init, default_init
from .memory import check_memory
from .validation import (
    as_numeric_array,
    cast_finite,
    check_dtype,
    check_generator,
    check_seed,
    positive_int,
)


class Dense:
    """A fully connected layer ``a = f(a_prev W + b)``.

    Parameters
    ----------
    n_in, n_out : int
        Number of inputs and of units.
    activation : str, default "tanh"
        One of :data:`neuroglass.engine.activations.ACTIVATIONS`.
    init : str, optional
        Initializer name; default ``"he_uniform"`` for ReLU-like activations and
        ``"glorot_uniform"`` otherwise.
    name : str, optional
        Shown in summaries and figures; the network names layers ``dense_1``...

    Notes
    -----
    A layer has no weights until it is *built*: a :class:`Network` builds its
    layers from its seed. To use a layer on its own, call :meth:`build`.

    Examples
    --------
    >>> import numpy as np, neuroglass as ng
    >>> layer = ng.Dense(3, 4, activation="relu").build(seed=0)
    >>> layer.forward(np.ones((2, 3))).shape
    (2, 4)
    """

    def __init__(self, n_in, n_out, activation="tanh", init=None, *, name=None):
        self.n_in = positive_int(n_in, "Dense n_in")
        self.n_out = positive_int(n_out, "Dense n_out")
        self.activation_fn: Activation = get_activation(activation)
        if init is None:
            init = default_init(self.activation_fn.name)
        self.init = canonical_init(init)
        self.name = name
        self._act_forward = self.activation_fn.forward
        self._act_backward = self.activation_fn.backward
        self._weights = self._bias = None
        self._grad_weights = self._grad_bias = None
        self._update_weights = self._update_bias = None
        self.inputs = self.pre_activation = self.activation = self.delta = None

    # -- construction -----------------------------------------------------------
    @property
    def activation_name(self) -> str:
        return self.activation_fn.name

    @property
    def built(self) -> bool:
        return self._weights is not None

    @property
    def n_params(self) -> int:
        return self.n_in * self.n_out + self.n_out

    def build(self, rng=None, *, seed=None, dtype="float64"):
        """Give the layer freshly initialized weights of its own; returns ``self``.

        ``rng`` is an ``np.random.Generator``; or pass ``seed``.
        """
        dtype = check_dtype(dtype)
        check_memory(
            3 * self.n_params,
            dtype,
            f"{self!r} has {self.n_params:,} parameters and",
            "its weights, gradients and updates",
        )
        if rng is None:
            rng = np.random.default_rng(check_seed(seed))
        else:
            check_generator(rng)
        weights, bias = INITIALIZERS[self.init](rng, self.n_in, self.n_out)
        self._bind(
            weights.astype(dtype),
            bias.astype(dtype),
            np.zeros((self.n_in, self.n_out), dtype),
            np.zeros(self.n_out, dtype),
            np.zeros((self.n_in, self.n_out), dtype),
            np.zeros(self.n_out, dtype),
        )
        return self

    def initial_values(self, rng):
        """Draw initial ``(weights, bias)`` from ``rng`` without touching the layer."""
        return INITIALIZERS[self.init](rng, self.n_in, self.n_out)

    def _bind(
        self, weights, bias, grad_weights, grad_bias, update_weights, update_bias
    ):
        """Point the layer at arrays (views into a network's flat buffers)."""
        self._weights, self._bias = weights, bias
        self._grad_weights, self._grad_bias = grad_weights, grad_bias
        self._update_weights, self._update_bias = update_weights, update_bias

    def _require_built(self):
        if self._weights is None:
            raise ConfigError(
                f"{self!r} has no weights yet: put it in ng.Network([...]) or call "
                "layer.build(seed=0) first."
            )

    # -- parameters (setting copies into place, so networks stay consistent) ----
    def _set(self, target, value, what):
        self._require_built()
        value = np.asarray(value)
        if value.shape != target.shape:
            raise ShapeError(
                f"{self.label} {what} must have shape {target.shape}; got an array of "
                f"shape {value.shape}."
            )
        if not np.all(np.isfinite(value)):
            raise ConfigError(f"{self.label} {what} must be finite; got NaN or inf.")
        target[...] = value

    @property
    def weights(self):
        """W, shape ``(n_in, n_out)``: ``weights[i, j]`` joins input i to unit j."""
        return self._weights

    @weights.setter
    def weights(self, value):
        self._set(self._weights, value, "weights")

    @property
    def bias(self):
        """b, shape ``(n_out,)``."""
        return self._bias

    @bias.setter
    def bias(self, value):
        self._set(self._bias, value, "bias")

    @property
    def grad_weights(self):
        """dL/dW of the last batch, shape ``(n_in, n_out)``."""
        return self._grad_weights

    @property
    def grad_bias(self):
        """dL/db of the last batch, shape ``(n_out,)``."""
        return self._grad_bias

    @property
    def update_weights(self):
        """The change the optimizer made to W at its last step."""
        return self._update_weights

    @property
    def update_bias(self):
        """The change the optimizer made to b at its last step."""
        return self._update_bias

    # math-symbol aliases
    W = weights
    b = bias
    dW = grad_weights
    db = grad_bias

    @property
    def z(self):
        """Alias of :attr:`pre_activation`."""
        return self.pre_activation

    @property
    def a(self):
        """Alias of :attr:`activation`."""
        return self.activation

    # -- the math -------------------------------------------------------------
    def forward(self, inputs, *, store=True):
        """``z = inputs W + b``, ``a = f(z)``; returns ``a`` of shape ``(n, n_out)``.

        With ``store=True`` the layer keeps ``inputs``, ``pre_activation`` and
        ``activation`` for :meth:`backward` and for inspection.
        """
        if type(inputs) is not np.ndarray:
            inputs = as_numeric_array(inputs, f"{self.label} inputs")
            inputs = cast_finite(inputs, self._act_dtype(), f"{self.label} inputs")
        if inputs.ndim != 2 or inputs.shape[1] != self.n_in or self._weights is None:
            self._require_built()
            raise ShapeError(
                f"{self.label} expects {self.n_in} inputs per sample, got an array "
                f"of shape {inputs.shape}. Did the previous layer or the data change "
                "size?"
            )
        z = inputs @ self._weights
        z += self._bias
        a = self._act_forward(z)
        if store:
            self.inputs = inputs
            self.pre_activation = z
            self.activation = a
        return a

    def backward(
        self,
        grad_activation=None,
        *,
        delta=None,
        need_input_grad=True,
        overwrite_grad=False,
    ):
        """Backpropagate through the layer.

        Parameters
        ----------
        grad_activation : ndarray, shape (n, n_out)
            dL/da from the layer above. Ignored if ``delta`` is given.
        delta : ndarray, shape (n, n_out), optional
            dL/dz directly (the output layer with a fused loss).
        need_input_grad : bool
            The first layer skips computing dL/d(inputs).
        overwrite_grad : bool
            Allow the activation's backward pass to reuse ``grad_activation``'s
            memory (the network does this for the arrays it creates itself).

        Returns
        -------
        ndarray of shape (n, n_in) or None
            dL/d(inputs) = delta W^T, the ``grad_activation`` of the layer below.
        """
        if self.inputs is None:
            raise ConfigError(f"{self.label}: call forward() before backward().")
        if delta is None:
            if not overwrite_grad:
                grad_activation = as_numeric_array(
                    grad_activation, f"{self.label} grad_activation"
                )
                if grad_activation.shape != self.pre_activation.shape:
                    raise ShapeError(
                        f"{self.label} backward needs grad_activation of shape "
                        f"{self.pre_activation.shape} (like its activation); got "
                        f"{grad_activation.shape}."
                    )
                grad_activation = np.array(grad_activation, dtype=self._weights.dtype)
            delta = self._act_backward(
                grad_activation, self.pre_activation, self.activation
            )
        self.delta = delta
        np.matmul(self.inputs.T, delta, out=self._grad_weights)
        np.add.reduce(delta, axis=0, out=self._grad_bias)
        if need_input_grad:
            return delta @ self._weights.T
        return None

    def _act_dtype(self):
        return self._weights.dtype if self._weights is not None else np.float64

    # -- description ----------------------------------------------------------
    @property
    def label(self) -> str:
        return f"Dense layer {self.name!r}" if self.name else "Dense layer"

    def config(self) -> dict:
        """The layer's architecture as JSON-ready data."""
        return {
            "type": "Dense",
            "n_in": self.n_in,
            "n_out": self.n_out,
            "activation": self.activation_fn.name,
            "init": self.init,
            "name": self.name,
        }

    def __repr__(self) -> str:
        name = f", name={self.name!r}" if self.name else ""
        return (
            f"Dense({self.n_in}, {self.n_out}, activation={self.activation_fn.name!r}"
            f"{name})"
        )
