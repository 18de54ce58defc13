"""scikit-learn's ``MLPClassifier`` and ``MLPRegressor``, on the neuroglass engine.

Change one import and keep your pipelines; the fitted ``network_`` is an ordinary
:class:`neuroglass.Network`, so every neuroglass view works on it.

Parameters shared with scikit-learn keep its names, defaults and meanings
(``hidden_layer_sizes``, ``activation``, ``solver``, ``alpha``, ``batch_size``,
``learning_rate_init``, ``max_iter``, ``shuffle``, ``random_state``, ``tol``,
``early_stopping``, ``validation_fraction``, ``n_iter_no_change``, ``momentum``,
``nesterovs_momentum``, ``beta_1``, ``beta_2``, ``epsilon``, ``verbose``). Ours:
``loss``, ``output_activation``, ``init``, ``dtype``, ``learning_rate`` (also
``"step"``, ``"exponential"``, ``"cosine"``), ``record``.
"""

from __future__ import annotations

import numbers
import os
import warnings
from typing import ClassVar

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ..engine import Adam, Callback, Momentum, RMSProp, mlp
from ..engine.activations import ACTIVATIONS
from ..engine.activations import ALIASES as ACTIVATION_ALIASES
from ..engine.initializers import ALIASES as INIT_ALIASES
from ..engine.initializers import INITIALIZERS
from ..engine.validation import integer

# scikit-learn's activation names, mapped to ours
_SKLEARN_ACTIVATIONS = {"logistic": "sigmoid"}
_HIDDEN_ACTIVATIONS = sorted(
    {n for n, a in ACTIVATIONS.items() if not a.output_only}
    | set(_SKLEARN_ACTIVATIONS)
    | {k for k, v in ACTIVATION_ALIASES.items() if not ACTIVATIONS[v].output_only}
)
_OUTPUT_ACTIVATIONS = sorted(set(ACTIVATIONS) | set(_SKLEARN_ACTIVATIONS))
_SOLVERS = {"sgd", "adam", "momentum", "nesterov", "rmsprop", "plain_sgd"}
_SCHEDULES = {"constant", "step", "exponential", "cosine"}
DEFAULT_RUNS_DIR = "neuroglass-runs"


class _ConvergenceMonitor(Callback):
    """scikit-learn's stopping rules, as a fit callback.

    Without early stopping: stop when the training loss has not improved by
    ``tol`` for ``n_iter_no_change`` consecutive epochs. With it: the same on
    the validation score, and the best weights are restored at the end.
    """

    wants_batches = False

    def __init__(self, estimator, validation):
        self.estimator = estimator
        self.validation = validation

    def on_epoch_end(self, net, info):
        est = self.estimator
        est.loss_curve_.append(info.loss)
        est.t_ += est._n_train
        if self.validation is not None:
            score = est._score_network(*self.validation)
            est.validation_scores_.append(score)
            if score < est.best_validation_score_ + est.tol:
                est._no_improvement_count += 1
            else:
                est._no_improvement_count = 0
            if score > est.best_validation_score_:
                est.best_validation_score_ = score
                est._best_params = net.parameters_vector()
        else:
            if info.loss > est.best_loss_ - est.tol:
                est._no_improvement_count += 1
            else:
                est._no_improvement_count = 0
            est.best_loss_ = min(est.best_loss_, info.loss)
        if est._no_improvement_count > est.n_iter_no_change:
            est._converged = True
            net.stop_training = True


class _BaseMLP(BaseEstimator):
    _parameter_constraints: ClassVar[dict] = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(numbers.Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(_HIDDEN_ACTIVATIONS))],
        "solver": [StrOptions(_SOLVERS)],
        "alpha": [Interval(numbers.Real, 0, None, closed="left")],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(numbers.Integral, 1, None, closed="left"),
        ],
        "learning_rate": [StrOptions(_SCHEDULES)],
        "learning_rate_init": [Interval(numbers.Real, 0, None, closed="neither")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "momentum": [Interval(numbers.Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(numbers.Real, 0, 1, closed="left")],
        "beta_1": [Interval(numbers.Real, 0, 1, closed="left")],
        "beta_2": [Interval(numbers.Real, 0, 1, closed="left")],
        "epsilon": [Interval(numbers.Real, 0, None, closed="neither")],
        "n_iter_no_change": [Interval(numbers.Integral, 1, None, closed="left")],
        "output_activation": [StrOptions(set(_OUTPUT_ACTIVATIONS)), None],
        "init": [StrOptions(set(INITIALIZERS) | set(INIT_ALIASES)), None],
        "dtype": [StrOptions({"float64", "float32"})],
        "record": [None, "boolean", str, os.PathLike],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        loss=None,
        output_activation=None,
        init=None,
        dtype="float64",
        record=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.loss = loss
        self.output_activation = output_activation
        self.init = init
        self.dtype = dtype
        self.record = record

    # -- parameters -> engine objects ------------------------------------------
    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = [sizes] if np.ndim(sizes) == 0 else list(sizes)
        what = (
            f"every width in hidden_layer_sizes={self.hidden_layer_sizes!r} (such "
            "as (100,) or (8, 8))"
        )
        return [integer(size, what, minimum=1) for size in sizes]

    def _optimizer(self):
        lr = self.learning_rate_init
        if self.solver == "adam":
            return Adam(lr, beta1=self.beta_1, beta2=self.beta_2, eps=self.epsilon)
        if self.solver == "sgd":  # scikit-learn's sgd has momentum
            return Momentum(
                lr, momentum=self.momentum, nesterov=self.nesterovs_momentum
            )
        if self.solver == "plain_sgd":
            return Momentum(lr, momentum=0.0)
        if self.solver == "nesterov":
            return Momentum(lr, momentum=self.momentum, nesterov=True)
        if self.solver == "momentum":
            return Momentum(lr, momentum=self.momentum)
        return RMSProp(lr, eps=self.epsilon)

    def _batch_size(self, n):
        if self.batch_size == "auto":
            return min(200, n)
        if self.batch_size > n:
            warnings.warn(
                f"Got batch_size={self.batch_size} larger than the {n} samples; "
                f"using {n}.",
                UserWarning,
                stacklevel=3,
            )
        return min(self.batch_size, n)

    def _build_network(self, n_features, n_outputs, loss, output):
        activation = _SKLEARN_ACTIVATIONS.get(self.activation, self.activation)
        output = _SKLEARN_ACTIVATIONS.get(output, output)
        seed = _seed(self.random_state)
        return mlp(
            [n_features, *self._hidden_sizes(), n_outputs],
            activation=activation,
            output=output,
            loss=loss,
            init=self.init,
            seed=seed,
            dtype=self.dtype,
        )

    # -- training ---------------------------------------------------------------
    def _validate_X(self, X, reset):
        return validate_data(
            self, X, reset=reset, dtype=self.dtype, ensure_min_samples=1
        )

    def _fit(self, X, y, incremental):
        first = not (incremental and hasattr(self, "network_"))
        if first:
            self._validate_params()
        X, y = validate_data(
            self,
            X,
            y,
            reset=first,
            dtype=self.dtype,
            multi_output=True,
            y_numeric=not self._is_classifier,
        )
        targets = self._prepare_targets(y, first, incremental)
        if first:
            self._start(X.shape[1])
        net = self.network_
        validation = None
        if self.early_stopping and not incremental:
            X, targets, validation = self._hold_out(X, y, targets)
        batch = self._batch_size(X.shape[0])
        # scikit-learn's alpha is the L2 weight per batch: 0.5 * alpha * ||W||^2 / n
        net.l2 = self.alpha / batch
        self._n_train = X.shape[0]
        self._converged = False
        monitor = _ConvergenceMonitor(self, validation)
        callbacks = [monitor]
        recorder = self._recorder()
        if recorder is not None:
            callbacks.append(recorder)
        if self.verbose:
            from ..views.progress import ProgressBar  # loads tqdm only if asked

            callbacks.append(ProgressBar())
        epochs = 1 if incremental else self.max_iter
        schedule = None if self.learning_rate == "constant" else self.learning_rate
        with np.errstate(over="ignore"):
            net.fit(
                X,
                targets,
                epochs=epochs,
                batch_size=batch,
                optimizer=self._optimizer_,
                shuffle=self.shuffle,
                callbacks=callbacks,
                lr_schedule=schedule,
            )
        self.n_iter_ += len(net.history)
        self.loss_ = self.loss_curve_[-1]
        if validation is not None and getattr(self, "_best_params", None) is not None:
            net.set_parameters_vector(self._best_params)
        if not incremental and not self._converged and self.n_iter_ >= self.max_iter:
            warnings.warn(
                f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) reached "
                "and the optimization hasn't converged yet.",
                ConvergenceWarning,
                stacklevel=3,
            )
        return self

    def _start(self, n_features):
        """A new network, optimizer and learning curves (the first fit)."""
        self.network_ = self._build_network(
            n_features, self._n_network_outputs, self._engine_loss, self._engine_output
        )
        self.network_.l2 = 0.0
        self._optimizer_ = self._optimizer()
        self.loss_curve_ = []
        self.validation_scores_ = [] if self.early_stopping else None
        self.best_validation_score_ = -np.inf if self.early_stopping else None
        self.best_loss_ = np.inf if not self.early_stopping else None
        self._no_improvement_count = 0
        self.t_ = 0
        self.n_iter_ = 0

    def _hold_out(self, X, y, targets):
        """``(X, targets, (X_val, targets_val))``: early stopping's validation
        set, split off as scikit-learn does (stratified for single-label
        classification)."""
        stratify = y if self._is_classifier and self._is_multiclass_1d(y) else None
        X, X_val, targets, t_val = train_test_split(
            X,
            targets,
            test_size=self.validation_fraction,
            random_state=_seed(self.random_state),
            stratify=stratify,
        )
        return X, targets, (X_val, t_val)

    def _recorder(self):
        """record=True: a new run in ./neuroglass-runs/; a path: that file,
        replaced at each fit (so refitting keeps the latest run)."""
        if not self.record:
            return None
        from ..recorder import Recorder

        if self.record is True:
            os.makedirs(DEFAULT_RUNS_DIR, exist_ok=True)
            return Recorder(DEFAULT_RUNS_DIR, name=type(self).__name__)
        return Recorder(self.record, overwrite=True, name=type(self).__name__)

    def fit(self, X, y):
        """Fit the network to ``X`` (n_samples, n_features) and ``y``; returns self."""
        return self._fit(X, y, incremental=False)

    @property
    def coefs_(self):
        """Weight matrices ``[W1, W2, ...]``, ``W_i`` of shape (n_in, n_out)."""
        check_is_fitted(self, "network_")
        return [layer.weights for layer in self.network_.layers]

    @property
    def intercepts_(self):
        """Bias vectors ``[b1, b2, ...]``."""
        check_is_fitted(self, "network_")
        return [layer.bias for layer in self.network_.layers]

    @property
    def n_layers_(self):
        check_is_fitted(self, "network_")
        return len(self.network_.layers) + 1

    @property
    def n_outputs_(self):
        check_is_fitted(self, "network_")
        return self.network_.n_outputs

    @property
    def out_activation_(self):
        check_is_fitted(self, "network_")
        name = self.network_.layers[-1].activation_name
        return {"sigmoid": "logistic"}.get(name, name)

    @property
    def history_(self):
        """The neuroglass :class:`History` of the last fit."""
        check_is_fitted(self, "network_")
        return self.network_.history

    def _predict_network(self, X):
        check_is_fitted(self, "network_")
        X = self._validate_X(X, reset=False)
        return self.network_.predict(X)


def _seed(random_state):
    """scikit-learn's random_state (None, int, RandomState) -> an int seed."""
    if random_state is None:
        return None
    if isinstance(random_state, numbers.Integral):
        return int(random_state)
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(0, 2**31 - 1))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**31 - 1))
    raise ValueError(
        f"random_state must be None, an int or a RandomState; got {random_state!r}."
    )
