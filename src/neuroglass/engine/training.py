"""Training a network: a loop the caller can drive, and ``fit`` over it.

:class:`Trainer` holds one fit and advances it when asked: a step, an epoch, or
to the end. ``fit(net, X, y, ...)`` (and ``net.fit(X, y, ...)``) is
``Trainer(net, X, y, ...).run()``. The loop itself is in :mod:`.loop`.

>>> import neuroglass as ng
>>> X, y = ng.datasets.circle(n=100, seed=0)
>>> net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
>>> with ng.Trainer(net, X, y, epochs=5, batch_size=10, lr=0.1) as trainer:
...     for epoch in trainer:
...         if epoch.loss < 0.1:
...             break
>>> trainer.status in ("finished", "stopped")
True
"""

from __future__ import annotations

from .callbacks import EpochInfo, History, StepInfo
from .errors import ConfigError
from .fit_options import plan_fit
from .loop import ENDED, FitLoop, error_text
from .validation import check_lr, check_network, positive_int


class Trainer(FitLoop):
    """One fit of ``net`` on ``(X, y)``, advanced step by step by the caller.

    Takes the arguments of :func:`fit` and checks them at once; nothing runs
    until the first :meth:`step`, :meth:`run_epoch` or :meth:`run` (which starts
    the fit: ``on_fit_start``). After the last epoch the fit ends by itself
    (status ``"finished"``, ``on_fit_end``); :meth:`stop` ends it earlier.

    Attributes
    ----------
    status : str
        ``"ready"``, ``"running"``, then how it ended: ``"finished"``,
        ``"stopped_early"``, ``"stopped"`` (:meth:`stop`), ``"interrupted"``
        or ``"diverged"``.
    history : History
        Per-epoch metrics (also ``net.history`` once started).
    optimizer : Optimizer
        The optimizer in use.
    info : FitInfo
        What the callbacks are told.
    steps_per_epoch : int

    Examples
    --------
    >>> import neuroglass as ng
    >>> X, y = ng.datasets.circle(n=100, seed=0)
    >>> net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce",
    ...              seed=0)
    >>> trainer = ng.Trainer(net, X, y, epochs=3, batch_size=10, lr=0.1)
    >>> trainer.step().batch
    0
    >>> trainer.lr = 0.05            # a live change, from the next step on
    >>> trainer.run_epoch().epoch
    0
    >>> trainer.run().status
    'finished'
    """

    def __init__(
        self,
        net,
        X,
        y,
        epochs=10,
        batch_size=32,
        optimizer="sgd",
        lr=None,
        *,
        shuffle=True,
        validation_data=None,
        validation_split=0.0,
        callbacks=None,
        early_stopping=None,
        verbose=False,
        lr_schedule=None,
        l1=None,
        l2=None,
        clip_norm=None,
        resume=None,
    ):
        options = {
            "shuffle": shuffle,
            "validation_data": validation_data,
            "validation_split": validation_split,
            "callbacks": callbacks,
            "early_stopping": early_stopping,
            "verbose": verbose,
            "lr_schedule": lr_schedule,
            "l1": l1,
            "l2": l2,
            "clip_norm": clip_norm,
            "resume": resume,
        }
        net = check_network(net, "Trainer's net")
        plan = plan_fit(net, X, y, epochs, batch_size, optimizer, lr, options)
        super().__init__(net, plan)

    # -- where the fit stands ---------------------------------------------------
    @property
    def status(self) -> str:
        return self._status

    @property
    def done(self) -> bool:
        """True once the fit has ended, whatever its status."""
        return self._status in ENDED

    @property
    def epoch(self) -> int:
        """Epochs completed in this fit."""
        return self._epoch

    @property
    def batch(self) -> int:
        """Index of the next batch in the current epoch (0 between epochs)."""
        return self._batch

    @property
    def lr(self) -> float:
        """The base learning rate (the schedule scales it per epoch).

        Settable between steps: the schedule applies to the new base from the
        next step on."""
        return self._base_lr

    @lr.setter
    def lr(self, value):
        self._require_open("change lr")
        self._base_lr = check_lr(value)
        if self._status == "running":
            self.optimizer.lr = self._plan.schedule(
                self._epoch, self._base_lr, self._epochs
            )

    @property
    def epochs(self) -> int:
        """Epochs planned for this fit.

        Settable between steps, to no fewer than the epochs completed (nor, in
        the middle of an epoch, fewer than that epoch's number). Set to the
        epochs completed, between epochs, it ends the fit: ``"finished"``."""
        return self._epochs

    @epochs.setter
    def epochs(self, value):
        self._require_open("change epochs")
        value = positive_int(value, "epochs")
        least = self._epoch + (1 if self._batch else 0)
        if value < least:
            raise ConfigError(
                f"epochs={value} is fewer than this fit has already "
                f"{'begun' if self._batch else 'completed'} ({least}); set at least "
                f"{max(least, 1)}."
            )
        self._epochs = self.info.epochs = value
        if self._status == "running" and value == self._epoch:
            self._end("finished")

    def _require_open(self, what):
        if self.done:
            raise ConfigError(
                f"cannot {what}: this fit has ended (status {self._status!r})."
            )

    # -- driving it -------------------------------------------------------------
    def step(self) -> StepInfo:
        """One optimisation step (starting the fit on the first call).

        Closes the epoch after its last batch (validation, history,
        ``on_epoch_end``) and ends the fit after the last epoch.

        Raises
        ------
        TrainingDiverged
            As :func:`fit` does (status ``"diverged"``, weights restored).
        ConfigError
            If the fit has ended.
        """
        self._steps(1)
        return self._last_step

    def run_epoch(self) -> EpochInfo:
        """Step to the end of the current epoch; return its :class:`EpochInfo`."""
        self._steps(self.steps_per_epoch - self._batch)
        return self._last_epoch

    def run(self) -> History:
        """Step to the end of the fit; return the :class:`History`."""
        self._steps(self._remaining())
        while not self.done:  # a callback may have raised trainer.epochs
            self._steps(self._remaining())
        return self.history

    def _remaining(self) -> int:
        return max(1, (self._epochs - self._epoch) * self.steps_per_epoch - self._batch)

    def __iter__(self):
        """``for epoch in trainer``: run epoch by epoch, yielding each
        :class:`EpochInfo`; leaving the loop early leaves the fit running."""
        while not self.done:
            before = self._epoch
            info = self.run_epoch()
            if self._epoch > before:
                yield info

    def stop(self) -> None:
        """End the fit now: ``on_fit_end`` with status ``"stopped"``.

        Idempotent, and a no-op once the fit has ended. Called from a callback
        during a step, the fit ends when that step is complete. A fit stopped
        before its first step never started: no callback is called."""
        if self.done:
            return
        if self._in_loop:
            self._stop_requested = True
        elif self._status == "ready":
            self._set_status("stopped")
        else:
            self._end("stopped")

    def __enter__(self) -> Trainer:
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        """An exception in flight ends the fit ``"interrupted"``; leaving the
        block normally before the end ends it ``"stopped"``."""
        if self.done:
            return False
        if exc is None:
            self.stop()
        elif self._status == "ready":
            self._set_status("interrupted")
            self.info.error = error_text(exc)
        else:
            self._end("interrupted", error_text(exc))
        return False

    def __repr__(self) -> str:
        return (
            f"Trainer(status={self._status!r}, epoch={self._epoch}/{self._epochs}, "
            f"batch={self._batch}/{self.steps_per_epoch})"
        )


def fit(
    net,
    X,
    y,
    epochs=10,
    batch_size=32,
    optimizer="sgd",
    lr=None,
    *,
    shuffle=True,
    validation_data=None,
    validation_split=0.0,
    callbacks=None,
    early_stopping=None,
    verbose=False,
    lr_schedule=None,
    l1=None,
    l2=None,
    clip_norm=None,
    resume=None,
):
    """Train ``net`` on ``(X, y)`` with mini-batch gradient descent.

    ``fit(net, X, y, ...)`` is ``Trainer(net, X, y, ...).run()``.

    Parameters
    ----------
    X : array-like, shape (n_samples, n_inputs)
    y : array-like
        Targets in the form the loss expects (see :mod:`neuroglass.engine.losses`).
    epochs : int
        Passes over the training data.
    batch_size : int or None
        Samples per step; ``None`` means the whole set (full-batch descent). The
        last batch of an epoch may be smaller.
    optimizer : str or Optimizer
        ``"sgd"``, ``"momentum"``, ``"nesterov"``, ``"rmsprop"``, ``"adam"``, or an
        instance such as ``ng.Adam(lr=0.001)``. An instance keeps its state (and
        step count) across fits.
    lr : float, optional
        Learning rate; overrides the optimizer's own.
    shuffle : bool
        Reshuffle the samples every epoch (seeded by the network's seed).
    validation_data : (X_val, y_val), optional
    validation_split : float
        Fraction of ``(X, y)`` held out for validation, chosen at random (seeded).
    callbacks : list of Callback
    early_stopping : bool, int or EarlyStopping
        ``True`` stops after 10 epochs without improvement of ``val_loss``
        (``loss`` without validation data) and restores the best weights.
    verbose : bool
        Print one line of loss and accuracy every tenth of the fit
        (:class:`~neuroglass.engine.callbacks.ProgressPrinter`); for a progress
        bar pass ``callbacks=[ng.ProgressBar()]``.
    lr_schedule : str or Schedule
        ``"step"``, ``"exponential"``, ``"cosine"``, or a Schedule object.
    l1, l2 : float, optional
        Set the network's regularization strengths for this and later fits.
    clip_norm : float, optional
        Rescale the gradient whenever its global L2 norm exceeds this value.
    resume : object with ``restore(net)``, optional
        Such as ``ng.Resume("runs/x.ngrun")``: restore the network, optimizer
        and counters from the run's last checkpoint and go on recording into it.

    Returns
    -------
    History
        Per-epoch ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``, ``lr``;
        ``status`` says how the fit ended.

    Raises
    ------
    TrainingDiverged
        If the loss, a weight or the optimizer's state (such as Adam's average
        of squared gradients, whose overflow would silently make every later
        step 0) becomes NaN or infinite. The network's parameters are then
        restored to exactly those at which the last finite loss was computed,
        and the optimizer's state (step count ``t`` and its moment/velocity
        arrays) to what it was at that moment, as if the update that diverged
        had not been taken. The counters ``net.epochs_trained`` and
        ``net.steps_trained``, the shuffling generator and the layers' cached
        batch values are not rolled back.
    """
    trainer = Trainer(
        net,
        X,
        y,
        epochs,
        batch_size,
        optimizer,
        lr,
        shuffle=shuffle,
        validation_data=validation_data,
        validation_split=validation_split,
        callbacks=callbacks,
        early_stopping=early_stopping,
        verbose=verbose,
        lr_schedule=lr_schedule,
        l1=l1,
        l2=l2,
        clip_norm=clip_norm,
        resume=resume,
    )
    return trainer.run()
