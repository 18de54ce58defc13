"""The hooks that training calls, the History it returns, and early stopping.

A callback is any object with some of these methods (the :class:`Callback`
base class provides empty ones)::

    on_fit_start(net, fit: FitInfo)
    on_batch_end(net, step: StepInfo)      # after the optimizer's update
    on_epoch_end(net, epoch: EpochInfo)
    on_fit_end(net, fit: FitInfo)          # always called once the fit started;
                                           # fit.status says how it ended

When ``on_batch_end`` runs, each layer still holds the batch's ``inputs``,
``pre_activation``, ``activation``, ``delta``, ``grad_weights`` and
``grad_bias``, and ``update_weights``/``update_bias`` hold the step just
taken; ``step.indices`` are the batch's rows in the training set. Arrays are
the engine's own buffers, updated in place at the next step: copy what you keep.

A callback may set ``net.stop_training = True`` to end training after the
current epoch. Set ``wants_batches = False`` on a callback that does not need
``on_batch_end``: when none does, the training loop skips building
:class:`StepInfo` objects.
"""

from __future__ import annotations

import sys
import time
from dataclasses import asdict, dataclass, field

from .errors import ConfigError
from .validation import check_bool, check_choice, non_negative, positive_int


@dataclass
class FitInfo:
    """What a fit is about to do (``on_fit_start``) or did (``on_fit_end``)."""

    epochs: int
    batch_size: int
    n_train: int
    n_val: int
    steps_per_epoch: int
    optimizer: object
    schedule: object
    loss: str
    l1: float
    l2: float
    clip_norm: float | None
    shuffle: bool
    start_epoch: int
    start_step: int
    #: the training inputs and prepared targets (the engine's arrays: do not
    #: modify; a recorder takes its probe batch from them)
    X: object = field(default=None, repr=False)
    targets: object = field(default=None, repr=False)
    #: the validation inputs and prepared targets, or None (the same rule)
    X_val: object = field(default=None, repr=False)
    targets_val: object = field(default=None, repr=False)
    verbose: bool = False
    #: "ready" (not started), "running", then how it ended: "finished",
    #: "stopped_early", "stopped" (Trainer.stop()), "interrupted" or "diverged"
    status: str = "running"
    epochs_done: int = 0
    error: str | None = None
    #: after a divergence, what became NaN or infinite (TrainingDiverged.cause)
    cause: str | None = None


class StepInfo:
    """One optimisation step, as seen by ``on_batch_end``.

    Attributes
    ----------
    step : int
        Global step of the network (counts over all fits).
    epoch : int
        Global epoch of the network.
    batch : int
        Index of the batch within the epoch.
    indices : ndarray of int, shape (batch_size,)
        Rows of the training set in this batch.
    loss : float
        The batch's loss before the update.
    lr : float
        The learning rate used for the update.
    """

    __slots__ = ("batch", "epoch", "indices", "loss", "lr", "step")

    def __init__(self, step, epoch, batch, indices, loss, lr):
        self.step = step
        self.epoch = epoch
        self.batch = batch
        self.indices = indices
        self.loss = loss
        self.lr = lr

    def __repr__(self) -> str:
        return (
            f"StepInfo(step={self.step}, epoch={self.epoch}, batch={self.batch}, "
            f"loss={self.loss:.6g}, lr={self.lr:g})"
        )


@dataclass
class EpochInfo:
    """The numbers of one finished epoch (``None`` where not applicable)."""

    epoch: int
    loss: float
    accuracy: float | None
    val_loss: float | None
    val_accuracy: float | None
    lr: float
    time: float
    step: int

    def as_dict(self) -> dict:
        return asdict(self)


class Callback:
    """Base class with do-nothing hooks; override the ones you need."""

    wants_batches = True

    def on_fit_start(self, net, fit: FitInfo) -> None:
        pass

    def on_batch_end(self, net, step: StepInfo) -> None:
        pass

    def on_epoch_end(self, net, epoch: EpochInfo) -> None:
        pass

    def on_fit_end(self, net, fit: FitInfo) -> None:
        pass


@dataclass
class History:
    """Per-epoch metrics of one :meth:`Network.fit`, returned by it.

    Each metric is a list with one entry per epoch: ``loss``, ``accuracy``,
    ``val_loss``, ``val_accuracy`` (``None`` entries where not applicable),
    ``lr`` and ``time`` (seconds). ``epoch`` holds the network's global epoch
    numbers. ``status`` says how the fit ended.
    """

    epoch: list = field(default_factory=list)
    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    time: list = field(default_factory=list)
    status: str = "running"
    #: the epoch whose weights the network ended with, after early stopping
    best_epoch: int | None = None

    METRICS = ("loss", "accuracy", "val_loss", "val_accuracy", "lr", "time")

    def append(self, info: EpochInfo) -> None:
        self.epoch.append(info.epoch)
        for name in self.METRICS:
            getattr(self, name).append(getattr(info, name))

    @property
    def train_loss(self):
        """Alias of :attr:`loss`."""
        return self.loss

    @property
    def train_accuracy(self):
        """Alias of :attr:`accuracy`."""
        return self.accuracy

    def as_dict(self) -> dict:
        """``{metric: list}`` for the metrics that have values."""
        out = {"epoch": list(self.epoch)}
        for name in self.METRICS:
            values = getattr(self, name)
            if any(v is not None for v in values):
                out[name] = list(values)
        return out

    def __len__(self) -> int:
        return len(self.epoch)

    def __repr__(self) -> str:
        if not self.epoch:
            return f"History(epochs=0, status={self.status!r})"
        last = {k: v[-1] for k, v in self.as_dict().items() if k not in ("epoch",)}
        shown = ", ".join(
            f"{k}={v:.4g}" for k, v in last.items() if k != "time" and v is not None
        )
        return f"History(epochs={len(self)}, {shown}, status={self.status!r})"


#: the metrics EarlyStopping can watch
MONITORS = ("val_loss", "loss", "val_accuracy", "accuracy")


class EarlyStopping(Callback):
    """Stop when a monitored metric has not improved for ``patience`` epochs.

    Parameters
    ----------
    monitor : str, default "val_loss"
        ``"val_loss"``, ``"loss"``, ``"val_accuracy"`` or ``"accuracy"``. When
        there is no validation data, ``"val_*"`` falls back to the training metric.
    patience : int, default 10
    min_delta : float, default 0.0
        Smallest change that counts as an improvement.
    restore_best_weights : bool, default True
        End with the weights of the best epoch rather than the last.
    """

    wants_batches = False

    def __init__(
        self, monitor="val_loss", patience=10, min_delta=0.0, restore_best_weights=True
    ):
        self.monitor = check_choice(monitor, MONITORS, "EarlyStopping monitor")
        self.patience = positive_int(patience, "patience")
        self.min_delta = non_negative(min_delta, "min_delta")
        self.restore_best_weights = check_bool(
            restore_best_weights, "restore_best_weights", strict=True
        )

    def on_fit_start(self, net, fit):
        self.best = None
        self.best_epoch = None
        self.best_params = None
        self.wait = 0
        self.stopped_epoch = None

    def _value(self, info):
        value = getattr(info, self.monitor)
        if value is None and self.monitor.startswith("val_"):
            value = getattr(info, self.monitor[4:])
        if value is None:
            raise ConfigError(
                f"EarlyStopping monitors {self.monitor!r} but this network reports no "
                "such metric (accuracy exists only for classifiers)."
            )
        return value if "loss" in self.monitor else -value

    def on_epoch_end(self, net, info):
        value = self._value(info)
        if self.best is None or value < self.best - self.min_delta:
            self.best, self.best_epoch, self.wait = value, info.epoch, 0
            if self.restore_best_weights:
                self.best_params = net.parameters_vector()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = info.epoch
                net.stop_training = True

    def on_fit_end(self, net, fit):
        if (
            self.stopped_epoch is not None
            and self.restore_best_weights
            and self.best_params is not None
        ):
            net.set_parameters_vector(self.best_params)
        if net.history is not None:
            net.history.best_epoch = self.best_epoch


class ProgressPrinter(Callback):
    """A plain-text progress report, one line every ``every`` epochs (default:
    every tenth of the fit), to ``stream`` (default: standard output).

    What ``fit(verbose=True)`` shows. For a tqdm bar, pass
    ``callbacks=[ng.ProgressBar()]``.
    """

    wants_batches = False

    def __init__(self, every=None, stream=None):
        self.every = every
        self.stream = stream

    def on_fit_start(self, net, fit):
        self.total = fit.epochs
        self.every_n = self.every or max(1, fit.epochs // 10)
        self.t0 = time.perf_counter()

    def on_epoch_end(self, net, info):
        done = info.epoch - net.history.epoch[0] + 1 if net.history.epoch else 1
        if done % self.every_n == 0 or done == self.total:
            print(format_epoch(info, done, self.total), file=self.stream or sys.stdout)


def format_epoch(info: EpochInfo, done=None, total=None) -> str:
    """``epoch 10/100  loss 0.2315  acc 91.2%  val_loss ...`` for logs."""
    parts = [f"epoch {done}/{total}" if total else f"epoch {info.epoch + 1}"]
    parts.append(f"loss {info.loss:.4f}")
    if info.accuracy is not None:
        parts.append(f"acc {100 * info.accuracy:.1f}%")
    if info.val_loss is not None:
        parts.append(f"val_loss {info.val_loss:.4f}")
    if info.val_accuracy is not None:
        parts.append(f"val_acc {100 * info.val_accuracy:.1f}%")
    return "  ".join(parts)


HOOKS = ("on_fit_start", "on_batch_end", "on_epoch_end", "on_fit_end")


class _DuckCallback(Callback):
    """An object with only some of the hooks, completed with empty ones."""

    def __init__(self, obj):
        self.wrapped = obj
        self.wants_batches = getattr(obj, "wants_batches", True)
        for hook in HOOKS:
            if callable(getattr(obj, hook, None)):
                setattr(self, hook, getattr(obj, hook))


def _is_callback_like(obj) -> bool:
    return any(callable(getattr(obj, hook, None)) for hook in HOOKS)


def as_callbacks(callbacks) -> list:
    """``callbacks`` (None, one callback, or a list or tuple of them) as a list.

    Each item must be an :class:`Callback` or an object with at least one of
    the hooks ``on_fit_start``, ``on_batch_end``, ``on_epoch_end``,
    ``on_fit_end`` (the missing ones do nothing).

    Raises
    ------
    ConfigError
        Naming the first item that is not a callback, and its position.
    """
    if callbacks is None:
        return []
    single = isinstance(callbacks, Callback) or _is_callback_like(callbacks)
    if single:
        items = [callbacks]
    elif isinstance(callbacks, (list, tuple)):
        items = list(callbacks)
    else:
        raise ConfigError(
            f"callbacks must be a list of ng.Callback objects (or one of them); got "
            f"{callbacks!r} of type {type(callbacks).__name__}."
        )
    out = []
    for position, item in enumerate(items):
        if isinstance(item, Callback):
            out.append(item)
        elif _is_callback_like(item) and not isinstance(item, type):
            out.append(_DuckCallback(item))
        else:
            raise ConfigError(
                f"callbacks[{position}] is {item!r} of type {type(item).__name__}, "
                "not a callback. Pass instances of ng.Callback subclasses (e.g. "
                "ng.Recorder(path), ng.EarlyStopping()), or objects with methods "
                f"such as on_epoch_end(net, epoch); valid hooks: {', '.join(HOOKS)}."
            )
    return out
