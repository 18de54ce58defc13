"""The training loop behind :meth:`Network.fit`.

One step: forward the batch, compute the loss and ``delta`` at the output,
backpropagate, optionally clip the gradient norm, let the optimizer update the
flat parameter vector. The loop is written for speed on tiny networks (where
Python overhead dominates) and on big ones (where it must not copy the data).
"""

from __future__ import annotations

import math
import time

import numpy as np

from . import callbacks as cb
from .divergence import (
    LastFinite,
    divergence_cause,
    divergence_message,
    global_norm,
)
from .errors import ConfigError, TrainingDiverged
from .fit_options import as_early_stopping, validation_set
from .optimizers import check_lr, get_optimizer
from .schedules import get_schedule
from .validation import check_bool, check_path, non_negative, positive_int


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
        Show a progress bar with loss and accuracy.
    lr_schedule : str or Schedule
        ``"step"``, ``"exponential"``, ``"cosine"``, or a Schedule object.
    l1, l2 : float, optional
        Set the network's regularization strengths for this and later fits.
    clip_norm : float, optional
        Rescale the gradient whenever its global L2 norm exceeds this value.
    resume : path, optional
        A run recorded by ``ng.Recorder``: restore the network, optimizer and
        counters from its last checkpoint and go on recording into it.

    Returns
    -------
    History
        Per-epoch ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``, ``lr``.

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
    epochs = positive_int(epochs, "epochs")
    callbacks = cb.as_callbacks(callbacks)
    shuffle = check_bool(shuffle, "shuffle")
    verbose = check_bool(verbose, "verbose")
    if resume is not None:
        if cb.resume_hook is None:
            raise ConfigError(
                "fit(resume=...) needs neuroglass.recorder; import neuroglass (the "
                "package), not only neuroglass.engine."
            )
        callbacks.append(cb.resume_hook(net, check_path(resume, "resume")))
        if (
            isinstance(optimizer, str)
            and optimizer == "sgd"
            and lr is None
            and net.optimizer is not None
        ):
            optimizer = net.optimizer  # the recorded optimizer, with its state
    if batch_size is not None:
        batch_size = positive_int(batch_size, "batch_size")
    if lr is not None:
        lr = check_lr(lr)
    opt = get_optimizer(optimizer, lr)
    schedule = get_schedule(lr_schedule)
    base_lr = opt.lr
    clip_norm = non_negative(clip_norm, "clip_norm", allow_none=True)
    if clip_norm == 0:
        raise ConfigError("clip_norm must be > 0 (or None to disable clipping).")
    if l1 is not None:
        net.l1 = non_negative(l1, "l1")
    if l2 is not None:
        net.l2 = non_negative(l2, "l2")

    X = net._check_X(X)
    targets = net._targets(y, X.shape[0])
    X, targets, X_val, T_val = validation_set(
        net, X, targets, validation_data, validation_split
    )
    n = X.shape[0]
    bs = n if batch_size is None else min(batch_size, n)
    steps_per_epoch = -(-n // bs)

    stopper = as_early_stopping(early_stopping)
    if stopper is not None:
        callbacks.append(stopper)
    if verbose:
        callbacks.append(cb.default_progress())
    batch_callbacks = [c for c in callbacks if getattr(c, "wants_batches", True)]

    history = cb.History()
    net.history = history
    net.optimizer = opt
    net.stop_training = False
    info = cb.FitInfo(
        epochs=epochs,
        batch_size=bs,
        n_train=n,
        n_val=0 if X_val is None else X_val.shape[0],
        steps_per_epoch=steps_per_epoch,
        optimizer=opt,
        schedule=schedule,
        loss=net.loss_fn.name,
        l1=net.l1,
        l2=net.l2,
        clip_norm=clip_norm,
        shuffle=bool(shuffle),
        start_epoch=net.epochs_trained,
        start_step=net.steps_trained,
        X=X,
        targets=targets,
        X_val=X_val,
        targets_val=T_val,
        verbose=bool(verbose),
    )
    for c in callbacks:
        c.on_fit_start(net, info)

    # locals for the hot loop
    layers = net.layers
    forward = net._forward
    backward = net._backward
    params, grads, updates = net._params, net._grads, net._updates
    step_fn, begin_step, update = opt.step, opt.begin_step, opt.update
    not_finite = opt.not_finite
    # without clipping or regularization, each layer is updated right after its
    # own backward pass (same result, less memory traffic)
    fused = clip_norm is None and not (net.l1 or net.l2)
    out, n_layers = layers[-1], len(layers)
    out_act, loss_and_delta = out.activation_fn, net.loss_fn.value_and_delta
    parts = [net.layout.layer(i) for i in range(n_layers)]
    classifier = net.is_classifier
    fused_ce = net.loss_fn.name == "cross_entropy"
    classes = targets.argmax(axis=1) if fused_ce else None
    per_sample = 1 if fused_ce or not classifier else net.n_outputs

    last_finite = LastFinite(params, opt, parts)
    save_all, save_state, saved_parts = (
        last_finite.save,
        last_finite.save_state,
        last_finite.parts,
    )
    copyto = np.copyto
    # overflow to inf or NaN is handled (TrainingDiverged), not warned about
    errstate = np.errstate(over="ignore", invalid="ignore", divide="ignore")
    errstate.__enter__()
    try:
        for e in range(epochs):
            epoch = net.epochs_trained
            t0 = time.perf_counter()
            opt.lr = schedule(e, base_lr, epochs)
            order = net.rng.permutation(n) if shuffle else None
            loss_sum = 0.0
            correct = 0
            for b in range(steps_per_epoch):
                start = b * bs
                if order is None:
                    idx = slice(start, start + bs)
                    xb, tb = X[idx], targets[idx]
                else:
                    idx = order[start : start + bs]
                    xb, tb = X[idx], targets[idx]
                a = forward(xb)
                if fused:
                    loss, delta = loss_and_delta(out.pre_activation, a, tb, out_act)
                else:
                    loss = backward(tb)
                if not math.isfinite(loss):
                    last_finite.restore(params, updates)
                    raise TrainingDiverged(
                        divergence_message(
                            net, epoch, net.steps_trained, loss, opt.lr, X, clip_norm
                        ),
                        epoch=epoch,
                        step=net.steps_trained,
                        loss=loss,
                        lr=opt.lr,
                        history=history,
                        cause="loss",
                    )
                # the loss at these weights is finite: keep them and the
                # optimizer's state (fused: each layer's part just before its
                # update, while it is in the cache) until the next finite loss
                if fused:
                    save_state()
                else:
                    save_all(params)
                m = xb.shape[0]
                loss_sum += loss * m
                if classifier:
                    if fused_ce:
                        correct += np.count_nonzero(a.argmax(axis=1) == classes[idx])
                    else:
                        correct += np.count_nonzero((a > 0.5) == (tb > 0.5))
                if fused:
                    # update each layer as soon as its gradients exist (cache-hot);
                    # backward has already used its old weights for the layer below
                    begin_step(grads)
                    grad = out.backward(delta=delta, need_input_grad=n_layers > 1)
                    copyto(*saved_parts[-1])
                    update(params, grads, updates, parts[-1])
                    for i in range(n_layers - 2, -1, -1):
                        grad = layers[i].backward(
                            grad, need_input_grad=i > 0, overwrite_grad=True
                        )
                        copyto(*saved_parts[i])
                        update(params, grads, updates, parts[i])
                    net.last_loss = loss
                else:
                    if clip_norm is not None:
                        norm = global_norm(grads)
                        if norm > clip_norm:
                            grads *= clip_norm / norm
                    step_fn(params, grads, updates)
                if batch_callbacks:
                    s = cb.StepInfo(
                        net.steps_trained,
                        epoch,
                        b,
                        np.arange(start, start + m) if order is None else idx,
                        loss,
                        opt.lr,
                    )
                    for c in batch_callbacks:
                        c.on_batch_end(net, s)
                net.steps_trained += 1
                # a non-finite update or gradient shows in the weights, an
                # overflowing average of squared gradients (Adam, RMSProp) only
                # in the optimizer's state, where it would make every later step
                # 0 with a finite loss: catch both at the step that made them
                broken = not_finite(params)
                if broken is not None:
                    last_finite.restore(params, updates)
                    step = net.steps_trained - 1
                    cause, state = divergence_cause(broken, grads)
                    raise TrainingDiverged(
                        divergence_message(
                            net,
                            epoch,
                            step,
                            math.nan,
                            opt.lr,
                            X,
                            clip_norm,
                            cause,
                            state,
                        ),
                        epoch=epoch,
                        step=step,
                        loss=math.nan,
                        lr=opt.lr,
                        history=history,
                        cause=cause,
                        state=state,
                    )

            train_loss = loss_sum / n
            val_loss = val_acc = None
            if X_val is not None:
                metrics = net._evaluate(X_val, T_val)
                val_loss, val_acc = metrics["loss"], metrics.get("accuracy")
            net.epochs_trained += 1
            epoch_info = cb.EpochInfo(
                epoch=epoch,
                loss=train_loss,
                accuracy=correct / (n * per_sample) if classifier else None,
                val_loss=val_loss,
                val_accuracy=val_acc,
                lr=opt.lr,
                time=time.perf_counter() - t0,
                step=net.steps_trained,
            )
            history.append(epoch_info)
            info.epochs_done += 1
            for c in callbacks:
                c.on_epoch_end(net, epoch_info)
            if net.stop_training:
                break
    except TrainingDiverged as exc:
        info.status = history.status = "diverged"
        info.error = str(exc)
        info.cause = exc.cause
        _end(net, callbacks, info)
        raise
    except KeyboardInterrupt:
        info.status = history.status = "interrupted"
        info.error = "KeyboardInterrupt"
        _end(net, callbacks, info)
        raise
    except BaseException as exc:
        info.status = history.status = "interrupted"
        info.error = f"{type(exc).__name__}: {exc}"
        _end(net, callbacks, info)
        raise
    finally:
        errstate.__exit__(None, None, None)
    info.status = history.status = "stopped_early" if net.stop_training else "finished"
    _end(net, callbacks, info)
    return history


def _end(net, callbacks, info):
    for c in callbacks:
        c.on_fit_end(net, info)
