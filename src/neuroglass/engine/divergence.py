"""What the training loop does when a step diverges, and the overflow-safe norm.

:class:`LastFinite` keeps the weights and optimizer state of the last step
whose loss was finite and puts them back after a divergence;
:func:`divergence_cause` tells what became non-finite after a finite loss (the
gradient, the weights or the optimizer's state); :func:`divergence_message`
writes the :class:`~neuroglass.engine.errors.TrainingDiverged` message with the
likely causes; :func:`global_norm` is the gradient norm used for clipping, which
must not overflow to infinity on large but finite gradients.
"""

from __future__ import annotations

import math

import numpy as np


def divergence_message(
    net, epoch, step, loss, lr, X, clip_norm, cause="loss", state=None
):
    """``cause``: what became non-finite (:attr:`TrainingDiverged.cause`);
    ``state``: with ``"optimizer state"``, the name of the state array."""
    causes = [f"the learning rate {lr:g} is probably too high; try {lr / 10:g}"]
    scale = float(np.abs(X).max())
    if scale > 100:
        causes.append(
            f"the inputs are large (max |x| = {scale:g}); standardize them, e.g. with "
            "sklearn.preprocessing.StandardScaler"
        )
    if clip_norm is None:
        causes.append("gradients may explode; clip_norm=1.0 bounds each step")
    why = ""
    if cause == "loss":
        what = f"the loss became {loss}"
    elif cause == "gradient":
        what = (
            "the gradient became infinite or NaN (with a finite loss), and so did "
            "the weights it updated"
        )
    elif cause == "weights":
        what = "the weights became infinite or NaN"
    else:
        # e.g. Adam's average of squared gradients
        what = (
            f"the {net.optimizer.name} optimizer's state {state!r} became infinite "
            "or NaN"
        )
        why = (
            " (a gradient too large to square, say; from there on its steps would "
            "be 0, and learning would stop with a finite loss)"
        )
    return (
        f"Training diverged: {what} at epoch {epoch + 1}, step {step + 1}{why}. "
        "The network keeps the last weights that gave a finite loss. "
        f"Likely causes: {'; '.join(causes)}."
    )


def divergence_cause(broken, grads):
    """``(cause, state)`` of a divergence found after a step whose loss was
    finite, from :meth:`Optimizer.not_finite`'s ``broken`` (``"weights"`` or a
    state array's name): non-finite weights come from a non-finite gradient
    (``"gradient"``) or from a finite one whose update overflowed
    (``"weights"``). The check runs once, at the divergence."""
    if broken != "weights":
        return "optimizer state", broken
    if not np.isfinite(grads).all():
        return "gradient", None
    return "weights", None


def global_norm(grads):
    """The L2 norm of ``grads``, also when its square overflows (finite entries
    above ~1e154): then computed on ``grads`` scaled by its largest entry, so
    that clipping still bounds the step instead of zeroing it. Infinite or NaN
    when an entry is."""
    norm = math.sqrt(float(np.vdot(grads, grads)))
    if math.isinf(norm):
        scale = float(np.abs(grads).max())
        if math.isfinite(scale):
            scaled = grads / scale
            norm = scale * math.sqrt(float(np.vdot(scaled, scaled)))
    return norm


class LastFinite:
    """The weights and optimizer state at the last step whose loss was finite.

    :meth:`save` runs before every update and copies into buffers allocated
    once (one parameter vector, plus the optimizer's state arrays: Adam's
    moments, the momentum velocity, RMSProp's averages, and its step count).
    :meth:`restore` puts them back exactly, so after a divergence the network
    and its optimizer are as they were when the last finite loss was computed,
    as if the update that diverged had never been taken.
    """

    def __init__(self, params, opt, parts):
        self.params = params.copy()
        #: (saved, live) views of each layer's slice, for per-layer saving
        self.parts = [(self.params[part], params[part]) for part in parts]
        self.opt = opt
        self.names = tuple(opt.state_names)
        self.buffers = dict.fromkeys(self.names)
        self.saved = dict.fromkeys(self.names)
        self.save(params)

    def save(self, params):
        np.copyto(self.params, params)
        self.save_state()

    def save_state(self):
        opt = self.opt
        self.t, self.state_size = opt.t, opt._state_size
        for name in self.names:
            value = getattr(opt, name)
            if value is None:
                self.saved[name] = None
                continue
            buffer = self.buffers[name]
            if buffer is None or buffer.shape != value.shape:
                buffer = self.buffers[name] = np.empty_like(value)
            np.copyto(buffer, value)
            self.saved[name] = buffer

    def restore(self, params, updates):
        np.copyto(params, self.params)
        updates[...] = 0  # no step has been taken from these weights
        opt = self.opt
        opt.t, opt._state_size = self.t, self.state_size
        for name in self.names:
            saved = self.saved[name]
            setattr(opt, name, None if saved is None else saved.copy())
