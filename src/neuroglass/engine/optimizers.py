"""Optimizers, in order of increasing complexity (schedules: schedules.py).

An optimizer updates *flat* arrays: the network keeps all its parameters in one
contiguous vector (each layer's ``weights`` and ``bias`` are views into it), so
one step is a handful of vectorized operations whatever the depth.

``step(params, grads, updates)`` writes the change it makes into ``updates``
(which the layers expose as ``update_weights`` / ``update_bias``) and adds it
to ``params`` in place. The formulas follow PyTorch's conventions, so the two
libraries take identical steps (tested).
"""

from __future__ import annotations

import math

import numpy as np

from .errors import ConfigError
from .validation import check_bool, check_fraction, check_lr


class Optimizer:
    """Base class: holds ``lr`` and per-parameter state."""

    name = "optimizer"

    def __init__(self, lr):
        self.lr = check_lr(lr)
        self.t = 0  # number of steps taken
        self._state_size = None

    def step(self, params, grads, updates):
        """Compute the change for ``grads``, store it in ``updates``, apply it."""
        self.begin_step(grads)
        self.update(params, grads, updates, slice(None))

    def begin_step(self, grads):
        """Start a step over the flat vector ``grads``: count it, make state."""
        self.t += 1
        if self._state_size != grads.size:
            self._make_state(grads)
            self._state_size = grads.size

    def _make_state(self, grads):
        pass

    def update(self, params, grads, updates, part):
        """Apply the current step to ``params[part]`` (one layer's slice).

        The training loop updates each layer as soon as its gradients are
        ready, while they are still in the CPU's cache.
        """
        raise NotImplementedError

    def reset(self):
        """Forget the accumulated state (velocities, moments, step count)."""
        self.t = 0
        self._state_size = None

    #: names of the per-parameter state arrays (for checkpoints)
    state_names: tuple = ()

    #: the state arrays in which an infinite or NaN value would not show in the
    #: weights. Whatever else goes non-finite flows into the update and so into
    #: the weights (x + inf = inf); an average of squared gradients divides the
    #: step instead (Adam, RMSProp): when it overflows to inf the step becomes
    #: 0 and training would silently stop learning. ``None`` (a subclass that
    #: does not say): every array of ``state_names``.
    hidden_state: tuple | None = None

    def not_finite(self, params) -> str | None:
        """After a step: what is infinite or NaN, ``"weights"`` (``params``) or
        the name of a state array; ``None`` if all is finite.

        The training loop asks after every step, so the common case costs one
        dot product (one pass over ``params`` and the hidden state, about a
        microsecond for a small network); the exact test runs only when that
        one is not finite.
        """
        names = self.state_names if self.hidden_state is None else self.hidden_state
        other = params  # with none hidden: the squares of the weights
        if names:
            other = getattr(self, names[0])
            if len(names) > 1 or other is None or other.shape != params.shape:
                other = None  # (an optimizer of ours has at most one)
        # one pass over both: an inf or NaN in either makes the dot product
        # non-finite (inf * 0 is NaN, inf - inf too)
        if other is not None and math.isfinite(np.vdot(params, other)):
            return None
        # a non-finite value, or finite values whose sum overflowed: look closer
        if not np.isfinite(params).all():
            return "weights"
        for name in names:
            value = getattr(self, name)
            if value is not None and not np.isfinite(value).all():
                return name
        return None

    def config(self) -> dict:
        return {"name": self.name, "lr": self.lr}

    def state(self) -> dict:
        """``{"t": steps, name: array, ...}``: what a checkpoint must keep."""
        out = {"t": self.t}
        for name in self.state_names:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    def load_state(self, state: dict) -> None:
        """Restore what :meth:`state` returned (arrays are copied)."""
        self.t = int(state.get("t", 0))
        arrays = [state.get(name) for name in self.state_names]
        if all(a is not None for a in arrays) and arrays:
            for name, value in zip(self.state_names, arrays):
                setattr(self, name, np.array(value))
            self._state_size = arrays[0].size
        else:
            self._state_size = None

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items() if k != "name")
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Plain gradient descent: ``w <- w - lr * dW``.

    Parameters
    ----------
    lr : float, default 0.01
    """

    name = "sgd"
    hidden_state = ()

    def __init__(self, lr=0.01):
        super().__init__(lr)

    def update(self, params, grads, updates, part):
        u = updates[part]
        np.multiply(grads[part], -self.lr, out=u)
        p = params[part]
        p += u


class Momentum(Optimizer):
    """Gradient descent with momentum (optionally Nesterov's).

    ``v <- momentum * v + dW``; ``w <- w - lr * v`` (Nesterov:
    ``w <- w - lr * (dW + momentum * v)``), PyTorch's convention.

    Parameters
    ----------
    lr : float, default 0.01
    momentum : float, default 0.9
    nesterov : bool, default False
    """

    name = "momentum"
    state_names = ("velocity",)
    hidden_state = ()  # the velocity is the step: it shows in the weights

    def __init__(self, lr=0.01, momentum=0.9, nesterov=False):
        super().__init__(lr)
        self.momentum = check_fraction(momentum, "momentum")
        self.nesterov = check_bool(nesterov, "nesterov", strict=True)
        self.velocity = None

    def _make_state(self, grads):
        self.velocity = np.zeros_like(grads)

    def update(self, params, grads, updates, part):
        v, g, u, p = self.velocity[part], grads[part], updates[part], params[part]
        v *= self.momentum
        v += g
        if self.nesterov:
            np.multiply(v, self.momentum, out=u)
            u += g
            u *= -self.lr
        else:
            np.multiply(v, -self.lr, out=u)
        p += u

    def config(self):
        return {
            **super().config(),
            "momentum": self.momentum,
            "nesterov": self.nesterov,
        }


class RMSProp(Optimizer):
    """RMSProp: ``s <- rho s + (1 - rho) dW^2``; ``w <- w - lr dW / (sqrt(s) + eps)``.

    Parameters
    ----------
    lr : float, default 0.001
    rho : float, default 0.9
    eps : float, default 1e-8
    """

    name = "rmsprop"
    state_names = ("square_avg",)
    hidden_state = ("square_avg",)  # divides the step: inf makes it 0

    def __init__(self, lr=0.001, rho=0.9, eps=1e-8):
        super().__init__(lr)
        self.rho = check_fraction(rho, "rho")
        self.eps = check_lr(eps, "eps")
        self.square_avg = None

    def _make_state(self, grads):
        self.square_avg = np.zeros_like(grads)

    def update(self, params, grads, updates, part):
        s, g, u, p = self.square_avg[part], grads[part], updates[part], params[part]
        s *= self.rho
        np.multiply(g, g, out=u)
        u *= 1.0 - self.rho
        s += u
        np.sqrt(s, out=u)
        u += self.eps
        np.divide(g, u, out=u)
        u *= -self.lr
        p += u

    def config(self):
        return {**super().config(), "rho": self.rho, "eps": self.eps}


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) with bias correction.

    ``m <- b1 m + (1 - b1) dW``; ``v <- b2 v + (1 - b2) dW^2``;
    ``w <- w - lr * m_hat / (sqrt(v_hat) + eps)`` with
    ``m_hat = m / (1 - b1^t)``, ``v_hat = v / (1 - b2^t)``.

    Parameters
    ----------
    lr : float, default 0.001
    beta1, beta2 : float, default 0.9, 0.999
    eps : float, default 1e-8
    """

    name = "adam"
    state_names = ("m", "v")
    hidden_state = ("v",)  # divides the step: inf makes it 0 (m shows)

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1 = check_fraction(beta1, "beta1")
        self.beta2 = check_fraction(beta2, "beta2")
        self.eps = check_lr(eps, "eps")
        self.m = self.v = None

    def _make_state(self, grads):
        self.m = np.zeros_like(grads)
        self.v = np.zeros_like(grads)

    def update(self, params, grads, updates, part):
        m, v, g, u, p = (
            self.m[part],
            self.v[part],
            grads[part],
            updates[part],
            params[part],
        )
        m *= self.beta1
        np.multiply(g, 1.0 - self.beta1, out=u)
        m += u
        v *= self.beta2
        np.multiply(g, g, out=u)
        u *= 1.0 - self.beta2
        v += u
        correction1 = 1.0 - self.beta1**self.t
        correction2 = 1.0 - self.beta2**self.t
        np.sqrt(v, out=u)
        u *= 1.0 / math.sqrt(correction2)
        u += self.eps
        np.divide(m, u, out=u)
        u *= -self.lr / correction1
        p += u

    def config(self):
        return {
            **super().config(),
            "beta1": self.beta1,
            "beta2": self.beta2,
            "eps": self.eps,
        }


OPTIMIZERS = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": lambda lr=0.01: Momentum(lr, nesterov=True),
    "rmsprop": RMSProp,
    "adam": Adam,
}


def optimizer_from_config(config: dict) -> Optimizer:
    """Rebuild an optimizer from :meth:`Optimizer.config`."""
    config = dict(config)
    name = config.pop("name")
    classes = {"sgd": SGD, "momentum": Momentum, "rmsprop": RMSProp, "adam": Adam}
    if name not in classes:
        raise ConfigError(f"Unknown optimizer {name!r} in a saved configuration.")
    return classes[name](**config)


def get_optimizer(optimizer, lr=None) -> Optimizer:
    """Turn ``"adam"`` (plus ``lr``) or an :class:`Optimizer` into an optimizer."""
    if isinstance(optimizer, Optimizer):
        if lr is not None:
            optimizer.lr = check_lr(lr)
        return optimizer
    if not isinstance(optimizer, str) or optimizer.lower() not in OPTIMIZERS:
        raise ConfigError(
            f"Unknown optimizer {optimizer!r}. Valid names: {', '.join(OPTIMIZERS)}; "
            "or pass an instance such as ng.Adam(lr=0.001)."
        )
    factory = OPTIMIZERS[optimizer.lower()]
    return factory() if lr is None else factory(lr=check_lr(lr))
