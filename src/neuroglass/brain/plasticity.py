"""Rate-based plasticity rules: learning from local activity, without backprop.

One linear neuron ``y = w · x`` sees the samples ``x`` of ``X`` one at a time and
changes its weights with a rule that uses only its own input and output:

======  =====================================  ===================================
rule    update (learning rate ``lr`` = η)      what it does
======  =====================================  ===================================
Hebb    Δw = η y x                             ‖w‖ grows about as exp(η λ₁ t): the
                                               rule is unstable (shown, not hidden)
Oja     Δw = η y (x − y w)                     ‖w‖ → 1, w → ±e₁, the first principal
                                               component of C = ⟨x xᵀ⟩ (Oja 1982)
BCM     Δw = η x y (y − θ), θ += (y² − θ)/τ_θ   a sliding threshold; selectivity
======  =====================================  ===================================

Backprop needs a global error, symmetric weights carried backwards and separate
forward and backward phases; these rules need none of that, yet Oja's performs a
well-defined optimisation (PCA), the same fixed point as a linear autoencoder.

Divergence is reported, never silent: when ``‖w‖`` passes ``max_norm`` (or
stops being finite) the run stops there, the result's ``diverged`` is True and
``stop_reason`` says when and why, and a ``RuntimeWarning`` carries the same
message. The history then ends at the last finite weights.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..engine.errors import ShapeError
from ..engine.validation import (
    as_numeric_array,
    check_bool,
    check_inputs,
    check_seed,
    non_negative,
    positive_int,
    positive_number,
)


@dataclass
class RuleResult:
    """The weight history of a rate rule.

    Attributes
    ----------
    rule : str
        ``"hebb"``, ``"oja"`` or ``"bcm"``.
    history : array (n_updates + 1, n_inputs)
        The weights before the first update, then after each update.
    norms : array (n_updates + 1,)
        The Euclidean norm of each row of ``history``.
    lr : float
        The learning rate.
    diverged : bool
        True when the run stopped early because ``‖w‖`` passed ``max_norm``.
    stop_reason : str
        Why it stopped early ("" when it ran to the end).
    thresholds : array (n_updates + 1,) or None
        BCM only: the sliding threshold θ at each record.
    """

    rule: str
    history: np.ndarray
    norms: np.ndarray
    lr: float
    diverged: bool = False
    stop_reason: str = ""
    thresholds: np.ndarray | None = None

    @property
    def weights(self) -> np.ndarray:
        """The last weights, shape ``(n_inputs,)``."""
        return self.history[-1]

    @property
    def n_updates(self) -> int:
        """The number of updates made."""
        return self.history.shape[0] - 1


def _prepare(X, w0, lr, epochs, seed, center, shuffle, max_norm):
    """Checked data, initial weights, and the order of the samples."""
    X = as_numeric_array(X, "X")
    shape = X.shape
    if len(shape) != 2:
        raise ShapeError(
            f"X must be 2-D (n_samples, n_inputs); got shape {shape}. One sample "
            "of d inputs is X.reshape(1, d)."
        )
    X = check_inputs(X, shape[1], np.float64, "X")
    lr = positive_number(lr, "lr", hint="Typical values are 0.001 to 0.05.")
    epochs = positive_int(epochs, "epochs")
    rng = np.random.default_rng(check_seed(seed))
    max_norm = positive_number(max_norm, "max_norm")
    if check_bool(center, "center"):
        X = X - X.mean(axis=0)
    if w0 is None:
        w = rng.normal(size=X.shape[1])
        w /= 2.0 * np.linalg.norm(w)  # a random direction, norm 0.5
    else:
        w = check_inputs(np.reshape(w0, (1, -1)), X.shape[1], np.float64, "w0")[0]
        w = w.copy()
    shuffle = check_bool(shuffle, "shuffle")
    order = [
        rng.permutation(X.shape[0]) if shuffle else np.arange(X.shape[0])
        for _ in range(epochs)
    ]
    return X[np.concatenate(order)], w, lr, max_norm


def _run(rule, samples, w, lr, max_norm, update, theta=None) -> RuleResult:
    """Apply ``update(w, x) -> new w`` to each sample, recording every weight."""
    history = np.empty((samples.shape[0] + 1, w.shape[0]))
    history[0] = w
    thresholds = None if theta is None else np.empty(samples.shape[0] + 1)
    state = {"theta": theta}
    if thresholds is not None:
        thresholds[0] = theta
    reason = ""
    done = samples.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        for k, x in enumerate(samples):
            new = update(w, x, state)
            norm = np.linalg.norm(new)
            if not np.isfinite(norm) or norm > max_norm:
                done = k
                reason = (
                    f"{rule}: the weight norm reached {norm:.3g} (max_norm="
                    f"{max_norm:g}) at update {k + 1} of {samples.shape[0]} with "
                    f"lr={lr:g}; stopped there, the history ends at update {k}. "
                )
                reason += (
                    "Plain Hebbian learning has no bound: this is the rule's "
                    "instability. Use oja() for a bounded rule."
                    if rule == "hebb"
                    else "Lower lr (or scale X down) so the rule stays stable."
                )
                break
            w = new
            history[k + 1] = w
            if thresholds is not None:
                thresholds[k + 1] = state["theta"]
    history = history[: done + 1]
    if reason:
        warnings.warn(reason, RuntimeWarning, stacklevel=3)
    return RuleResult(
        rule=rule,
        history=history,
        norms=np.linalg.norm(history, axis=1),
        lr=lr,
        diverged=bool(reason),
        stop_reason=reason,
        thresholds=None if thresholds is None else thresholds[: done + 1],
    )


_DOC_PARAMS = """
    Parameters
    ----------
    X : array (n_samples, n_inputs)
        The inputs, finite numbers.
    w0 : array (n_inputs,), optional
        Initial weights (not modified); default a random direction of norm 0.5
        drawn from ``seed``.
    lr : float
        The learning rate η (> 0).
    epochs : int
        Passes over ``X``; ``n_updates = epochs * n_samples``.
    seed : int or None
        Seeds ``w0`` (when not given) and the order of the samples.
    center : bool
        Subtract the mean of ``X`` first (default True), so that ⟨x xᵀ⟩ is the
        covariance of the data.
    shuffle : bool
        Visit the samples in a new random order each epoch (default True), or
        in their order (False).
    max_norm : float
        Stop (``diverged=True``, ``RuntimeWarning``) when ``‖w‖`` exceeds it.
"""

_DOC_RETURNS = """
    Returns
    -------
    RuleResult
        ``.history`` (n_updates + 1, n_inputs), ``.norms``, ``.weights``.
"""


def hebb(
    X, w0=None, lr=0.005, epochs=10, seed=0, center=True, shuffle=True, max_norm=1e6
) -> RuleResult:
    """Plain Hebbian learning, Δw = η y x with y = w · x: unstable by design.

    ‖w‖ grows about as exp(η λ₁ n_updates) (λ₁ the largest eigenvalue of
    ⟨x xᵀ⟩) until it passes ``max_norm``, where the run stops with a warning.

    {params}{returns}
    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(500, 2)) * [3.0, 1.0]
    >>> run = hebb(X, lr=0.001, epochs=1)
    >>> float(run.norms[0]), bool(run.norms[-1] > 20 * run.norms[0])
    (0.5, True)
    """
    samples, w, lr, max_norm = _prepare(
        X, w0, lr, epochs, seed, center, shuffle, max_norm
    )

    def update(w, x, state):
        return w + lr * (w @ x) * x

    return _run("hebb", samples, w, lr, max_norm, update)


def oja(
    X, w0=None, lr=0.005, epochs=10, seed=0, center=True, shuffle=True, max_norm=1e6
) -> RuleResult:
    """Oja's rule, Δw = η y (x − y w): w → ±(first principal component), ‖w‖ → 1.

    Too large a step (η λ₁ of order 1) makes it oscillate and diverge; the run
    then stops with a warning.

    {params}{returns}
    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(500, 2)) * [3.0, 1.0]
    >>> w = oja(X, lr=0.01, epochs=5).weights
    >>> bool(abs(abs(w[0]) - 1.0) < 0.05)
    True
    """
    samples, w, lr, max_norm = _prepare(
        X, w0, lr, epochs, seed, center, shuffle, max_norm
    )

    def update(w, x, state):
        y = w @ x
        return w + lr * y * (x - y * w)

    return _run("oja", samples, w, lr, max_norm, update)


def bcm(
    X,
    w0=None,
    lr=0.005,
    epochs=10,
    seed=0,
    center=False,
    shuffle=True,
    max_norm=1e6,
    tau_theta=50.0,
    theta0=0.0,
) -> RuleResult:
    """The BCM rule, Δw = η x y (y − θ), with a sliding threshold θ.

    θ follows ⟨y²⟩: after each update ``θ += (y² − θ) / tau_theta`` (tau_theta
    counted in updates, >= 1). The output is rectified, ``y = max(w · x, 0)``
    (a firing rate), and ``center`` defaults to False (rates are not centred).
    Patterns above θ strengthen, those below it weaken: the neuron becomes
    selective to one pattern. ``.thresholds`` holds θ.

    {params}    tau_theta : float
        Time constant of θ, in updates (>= 1).
    theta0 : float
        Initial threshold (>= 0).
    {returns}
    Examples
    --------
    >>> X = np.random.default_rng(0).random((300, 2))     # rates, not centred
    >>> run = bcm(X, lr=0.01, epochs=2)
    >>> run.history.shape, bool(run.thresholds[-1] > 0)
    ((601, 2), True)
    """
    samples, w, lr, max_norm = _prepare(
        X, w0, lr, epochs, seed, center, shuffle, max_norm
    )
    tau = positive_number(tau_theta, "tau_theta", hint="It is counted in updates.")
    tau = max(tau, 1.0)
    theta = non_negative(theta0, "theta0")

    def update(w, x, state):
        y = max(float(w @ x), 0.0)
        new = w + lr * x * y * (y - state["theta"])
        state["theta"] += (y * y - state["theta"]) / tau
        return new

    return _run("bcm", samples, w, lr, max_norm, update, theta=theta)


for _rule in (hebb, oja, bcm):
    _doc = _rule.__doc__.replace("{params}", _DOC_PARAMS.strip() + "\n")
    _doc = _doc.replace("{returns}", _DOC_RETURNS)
    _rule.__doc__ = "\n".join(line.rstrip() for line in _doc.splitlines())
