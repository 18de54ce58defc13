"""The mechanics of the training loop behind ``Trainer`` (training.py).

One step: forward the batch, compute the loss and ``delta`` at the output,
backpropagate, optionally clip the gradient norm, let the optimizer update the
flat parameter vector. :meth:`FitLoop._loop` takes ``n`` such steps, opening
and closing epochs as it goes; ``Trainer.step``, ``run_epoch`` and ``run`` all
go through it. It binds what it needs to local variables once per call, so that
``fit`` (one call for the whole fit) pays no more Python overhead than a
hand-written loop: on tiny networks Python overhead dominates, on big ones the
loop must not copy the data.

How a fit ends is recorded truthfully (``FitInfo.status`` and
``History.status``): ``"finished"`` (all epochs ran), ``"stopped_early"``
(early stopping, or a callback set ``net.stop_training``), ``"stopped"`` (the
caller called ``Trainer.stop()``), ``"interrupted"`` (Ctrl-C, or an exception
raised from a callback or through the loop) or ``"diverged"``.
"""

from __future__ import annotations

import math
import time

import numpy as np

from . import callbacks as cb
from .divergence import LastFinite, divergence_cause, divergence_message, global_norm
from .errors import ConfigError, TrainingDiverged
from .metrics import evaluate

#: the statuses of a fit that has ended
ENDED = ("finished", "stopped", "stopped_early", "interrupted", "diverged")


def error_text(exc) -> str:
    """How an exception that ended a fit is recorded in ``FitInfo.error``."""
    if isinstance(exc, KeyboardInterrupt):
        return "KeyboardInterrupt"
    return f"{type(exc).__name__}: {exc}"


class FitLoop:
    """The state of one fit between steps, and the loop that advances it."""

    def __init__(self, net, plan):
        self.net = net
        self._plan = plan
        self.callbacks = plan.callbacks
        self._batch_callbacks = [
            c for c in plan.callbacks if getattr(c, "wants_batches", True)
        ]
        self.optimizer = plan.optimizer
        self.history = cb.History(status="ready")
        self.steps_per_epoch = plan.steps_per_epoch
        self._epochs = plan.epochs
        self._base_lr = plan.base_lr
        self.info = cb.FitInfo(
            epochs=plan.epochs,
            batch_size=plan.batch_size,
            n_train=plan.X.shape[0],
            n_val=0 if plan.X_val is None else plan.X_val.shape[0],
            steps_per_epoch=plan.steps_per_epoch,
            optimizer=plan.optimizer,
            schedule=plan.schedule,
            loss=net.loss_fn.name,
            l1=net.l1,
            l2=net.l2,
            clip_norm=plan.clip_norm,
            shuffle=plan.shuffle,
            start_epoch=net.epochs_trained,
            start_step=net.steps_trained,
            X=plan.X,
            targets=plan.targets,
            X_val=plan.X_val,
            targets_val=plan.targets_val,
            verbose=plan.verbose,
            status="ready",
        )
        self._status = "ready"
        self._epoch = 0  # epochs completed in this fit
        self._batch = 0  # the next batch of the current epoch
        self._order = None  # the current epoch's permutation of the samples
        self._loss_sum = 0.0
        self._correct = 0
        self._t0 = 0.0
        self._stop_requested = False
        self._in_loop = False
        self._started = []  # the callbacks whose on_fit_start has run
        self._last_step = None
        self._last_epoch = None
        self._last_finite = None

    # -- beginning and end --------------------------------------------------
    def _set_status(self, status):
        self._status = self.info.status = self.history.status = status

    def _start(self):
        net, info = self.net, self.info
        net.history, net.optimizer, net.stop_training = (
            self.history,
            self.optimizer,
            False,
        )
        info.start_epoch, info.start_step = net.epochs_trained, net.steps_trained
        self._set_status("running")
        for c in self.callbacks:
            try:
                c.on_fit_start(net, info)
            except BaseException as exc:
                # the callbacks that did start are told how the fit ended
                self._end("interrupted", error_text(exc))
                raise
            self._started.append(c)
        parts = [net.layout.layer(i) for i in range(net.layout.n_layers)]
        self._last_finite = LastFinite(net._params, self.optimizer, parts)

    def _end(self, status, error=None, cause=None):
        self._set_status(status)
        self.info.error, self.info.cause = error, cause
        started, self._started = self._started, []
        for c in started:
            c.on_fit_end(self.net, self.info)

    def _steps(self, n):
        """Take ``n`` steps (fewer when the fit ends), starting the fit if needed."""
        if self._in_loop:
            raise ConfigError(
                "the trainer was asked to step from inside one of its own callbacks; "
                "callbacks may call trainer.stop(), not step() or run()."
            )
        if self._status in ENDED:
            raise ConfigError(
                f"this fit has ended (status {self._status!r}); it cannot take more "
                "steps. Start a new one: ng.Trainer(net, X, y, ...) continues "
                "training the same network."
            )
        if self._status == "ready":
            self._start()
        # overflow to inf or NaN is handled (TrainingDiverged), not warned about
        errstate = np.errstate(over="ignore", invalid="ignore", divide="ignore")
        errstate.__enter__()
        self._in_loop = True
        try:
            ending = self._loop(n)
        except TrainingDiverged as exc:
            self._end("diverged", str(exc), exc.cause)
            raise
        except BaseException as exc:
            self._end("interrupted", error_text(exc))
            raise
        finally:
            self._in_loop = False
            errstate.__exit__(None, None, None)
        if self._stop_requested:
            self._end("stopped")
        elif ending is not None:
            self._end(ending)

    # -- epochs ---------------------------------------------------------------
    def _begin_epoch(self):
        """The learning rate of the epoch, its order of samples and its clock."""
        plan = self._plan
        self._t0 = time.perf_counter()
        self.optimizer.lr = plan.schedule(self._epoch, self._base_lr, self._epochs)
        self._order = (
            self.net.rng.permutation(plan.X.shape[0]) if plan.shuffle else None
        )
        return self._order

    def _close_epoch(self, epoch, loss_sum, correct):
        """Validate, record and announce the epoch; the fit's ending status if
        it ends here, else None."""
        net, plan = self.net, self._plan
        n = plan.X.shape[0]
        val_loss = val_acc = None
        if plan.X_val is not None:
            metrics = evaluate(net, plan.X_val, plan.targets_val)
            val_loss, val_acc = metrics["loss"], metrics.get("accuracy")
        net.epochs_trained += 1
        per_sample = 1
        if net.is_classifier and net.loss_fn.name != "cross_entropy":
            per_sample = net.n_outputs
        info = cb.EpochInfo(
            epoch=epoch,
            loss=loss_sum / n,
            accuracy=correct / (n * per_sample) if net.is_classifier else None,
            val_loss=val_loss,
            val_accuracy=val_acc,
            lr=self.optimizer.lr,
            time=time.perf_counter() - self._t0,
            step=net.steps_trained,
        )
        self.history.append(info)
        self.info.epochs_done += 1
        self._epoch += 1
        self._batch = 0
        self._last_epoch = info
        for c in self.callbacks:
            c.on_epoch_end(net, info)
        if net.stop_training:
            return "stopped_early"
        if self._epoch >= self._epochs:
            return "finished"
        return None

    def _diverged(self, epoch, loss, broken=None):
        """Put back the last finite weights and state; the error to raise.

        ``broken`` (from ``Optimizer.not_finite``) after a step whose loss was
        finite; None when the loss itself is not finite (before the step)."""
        net, opt, plan = self.net, self.optimizer, self._plan
        self._last_finite.restore(net._params, net._updates)
        if broken is None:
            step, cause, state = net.steps_trained, "loss", None
        else:
            step = net.steps_trained - 1
            cause, state = divergence_cause(broken, net._grads)
        message = divergence_message(
            net, epoch, step, loss, opt.lr, plan.X, plan.clip_norm, cause, state
        )
        return TrainingDiverged(
            message,
            epoch=epoch,
            step=step,
            loss=loss,
            lr=opt.lr,
            history=self.history,
            cause=cause,
            state=state,
        )

    # -- the hot loop -----------------------------------------------------------
    def _loop(self, n):
        """Take ``n`` steps; return the fit's ending status if it ends, else None."""
        net, plan, opt = self.net, self._plan, self.optimizer
        X, targets, bs = plan.X, plan.targets, plan.batch_size
        clip_norm, batch_callbacks = plan.clip_norm, self._batch_callbacks
        forward, loss_and_delta = net._forward, net._loss_and_delta
        backprop = net._backprop
        params, not_finite = net._params, opt.not_finite
        backprop_and_update = self._updater(backprop, clip_norm)
        count_correct = _correct_counter(net, targets)
        want_info = n == 1 or bool(batch_callbacks)
        b, order, epoch = self._batch, self._order, net.epochs_trained
        loss_sum, correct = self._loss_sum, self._correct
        ending = None
        for _ in range(n):
            if b == 0:
                order, loss_sum, correct = self._begin_epoch(), 0.0, 0
                epoch = net.epochs_trained
            start = b * bs
            idx = (
                slice(start, start + bs) if order is None else order[start : start + bs]
            )
            xb, tb = X[idx], targets[idx]
            a = forward(xb)
            loss, delta = loss_and_delta(tb)
            if not math.isfinite(loss):
                raise self._diverged(epoch, loss)
            m = xb.shape[0]
            loss_sum += loss * m
            if count_correct is not None:
                correct += count_correct(a, tb, idx)
            # the loss at these weights is finite: keep them and the optimizer's
            # state (per layer: each layer's part just before its update, while
            # it is in the cache) until the next finite loss
            backprop_and_update(delta)
            net.last_loss = loss
            if want_info:
                indices = np.arange(start, start + m) if order is None else idx
                s = self._last_step = cb.StepInfo(
                    net.steps_trained, epoch, b, indices, loss, opt.lr
                )
                for c in batch_callbacks:
                    c.on_batch_end(net, s)
            net.steps_trained += 1
            # a non-finite update or gradient shows in the weights, an
            # overflowing average of squared gradients (Adam, RMSProp) only in
            # the optimizer's state, where it would make every later step 0
            # with a finite loss: catch both at the step that made them
            broken = not_finite(params)
            if broken is not None:
                raise self._diverged(epoch, math.nan, broken)
            b += 1
            if b == self.steps_per_epoch:
                b = 0
                ending = self._close_epoch(epoch, loss_sum, correct)
                if ending is not None:
                    break
            if self._stop_requested:
                break
        self._batch, self._order = b, order
        self._loss_sum, self._correct = loss_sum, correct
        return ending

    def _updater(self, backprop, clip_norm):
        """``backprop_and_update(delta)``: one step's backward pass and update,
        after saving what :meth:`_diverged` restores.

        Without clipping (which needs the whole gradient's norm) each layer is
        updated as soon as its gradients exist: same result, cache-hot."""
        net, opt, last_finite = self.net, self.optimizer, self._last_finite
        params, grads, updates = net._params, net._grads, net._updates
        if clip_norm is None:
            save_state, begin_step = last_finite.save_state, opt.begin_step
            update_layer = self._layer_updater()

            def backprop_and_update(delta):
                save_state()
                begin_step(grads)
                backprop(delta, update_layer)

            return backprop_and_update
        save_all, step = last_finite.save, opt.step

        def backprop_clip_and_update(delta):
            save_all(params)
            backprop(delta)
            norm = global_norm(grads)
            if norm > clip_norm:
                np.multiply(grads, clip_norm / norm, out=grads)
            step(params, grads, updates)

        return backprop_clip_and_update

    def _layer_updater(self):
        """``update_layer(i)``, the hook that ``Network._backprop`` calls when
        layer ``i``'s gradients are complete: save the layer's weights (for
        :meth:`_diverged`), then let the optimizer update them."""
        net, update = self.net, self.optimizer.update
        params, grads, updates = net._params, net._grads, net._updates
        parts = [net.layout.layer(i) for i in range(net.layout.n_layers)]
        saved_parts, copyto = self._last_finite.parts, np.copyto

        def update_layer(i):
            copyto(*saved_parts[i])
            update(params, grads, updates, parts[i])

        return update_layer


def _correct_counter(net, targets):
    """``count(a, tb, idx)``: the batch's correct predictions (None for
    regression); cross-entropy compares with the class labels computed once."""
    if not net.is_classifier:
        return None
    if net.loss_fn.name == "cross_entropy":
        classes = targets.argmax(axis=1)
        return lambda a, tb, idx: np.count_nonzero(a.argmax(axis=1) == classes[idx])
    return lambda a, tb, idx: np.count_nonzero((a > 0.5) == (tb > 0.5))
