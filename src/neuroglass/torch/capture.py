"""What a PyTorch snapshot copies out of the model, and when.

:class:`StepCapture` reads the gradients and the update of one optimizer step
in the optimizer's own step hooks: the pre-hook runs after ``backward()`` (and
DDP's all-reduce, and AMP's ``unscale_``) and before ``zero_grad``; the
post-hook sees the parameters after the step. It copies only when armed (on
the step whose statistics a snapshot will keep), into buffers allocated once.

:class:`ProbePass` runs the probe batch through the model with forward hooks
that compute each layer's unit statistics inside the hook (an in-place
activation may change the output afterwards), in eval mode and without
gradients; every hook is removed and every module's mode restored after it.
"""

from __future__ import annotations

import numpy as np
import torch

from ..engine.errors import ConfigError
from ..recorder.stats import UnitStats, summarize
from .settings import probe_inputs

#: samples of the probe that the Recorder's first pass (its check) runs
CHECK_SAMPLES = 2


class StepCapture:
    """The gradients and update of the last armed optimizer step.

    The step's gradients are held by reference when the model's gradient
    memory is never reused (``zero_grad()`` leaves the old tensors alone and
    sets ``.grad`` to None, the default): a tensor still held is checked by
    its version counter and its memory, and the first change or reuse seen
    (``zero_grad(set_to_none=False)``, gradients accumulated in place, DDP's
    bucket views) makes every later step copy them; until a step has shown
    new gradients beside unchanged held ones, they are copied too. The
    parameters are copied before the step and the update (after minus before)
    computed when it is read, or before the next step changes them: whatever
    changes the parameters in place between the step and the snapshot counts
    in it.

    Which steps are armed: every step until an epoch's length is known (from
    ``steps_per_epoch``, else learned when the first epoch ends), then each
    step from the one that ends the shortest epoch seen so far; a shorter
    epoch ends on a step not kept (:attr:`last_step_kept` says so).

    Parameters
    ----------
    params : list of torch.nn.Parameter
        The recorded parameters, in the layout's order.
    optimizer : torch.optim.Optimizer
    steps_per_epoch : int, optional
        The optimizer steps of an epoch (the shortest one's), if known.
    """

    def __init__(self, params, optimizer, steps_per_epoch=None):
        self.params = params
        #: the optimizer steps of the shortest epoch so far (None: not known)
        self.steps_per_epoch = steps_per_epoch
        self._epoch_start = 0  # the step count when the epoch began
        #: copy on the next optimizer step
        self.armed = steps_per_epoch is None or steps_per_epoch <= 1
        #: optimizer steps seen so far
        self.count = 0
        #: the step count after the captured step (None: none captured yet)
        self.captured = None
        #: the first parameter group's learning rate at the last step (the
        #: one used, whatever a scheduler set after it); None before any
        self.lr = None
        #: gradients are copied at each armed step (else held, once trusted)
        self.copying = False
        self._trusted = False  # a step has shown that gradients are not reused
        self._held = [None] * len(params)  # the gradients taken (or None)
        self._versions = [None] * len(params)  # their versions when taken
        self._grad_copies = None  # buffers, while copying
        self._copied = False  # the last take copied into them
        self._before = None  # the parameters before the step, then the update
        self._pending = False  # _before holds parameters, not the update yet
        self._in_step = False
        self._handles = [
            optimizer.register_step_pre_hook(self._before_step),
            optimizer.register_step_post_hook(self._after_step),
        ]

    # -- which steps are kept ------------------------------------------------------
    def arm_next(self) -> None:
        """Arm the next optimizer step if it may end the epoch."""
        n = self.steps_per_epoch
        self.armed = n is None or self.count - self._epoch_start + 1 >= n

    def end_epoch(self) -> None:
        """An epoch ended: learn its length (the shortest counts) and arm the
        next epoch's first step if it may be its last."""
        steps = self.count - self._epoch_start
        if steps:
            known = self.steps_per_epoch
            self.steps_per_epoch = steps if known is None else min(known, steps)
        self._epoch_start = self.count
        self.arm_next()

    @property
    def last_step_kept(self) -> bool:
        """Whether the gradients and update held are the last step's."""
        return self.captured is not None and self.captured == self.count

    # -- the optimizer's hooks -----------------------------------------------------
    def _before_step(self, optimizer, args, kwargs):
        if optimizer.param_groups:
            self.lr = optimizer.param_groups[0].get("lr")
        if not self.armed:
            if self._pending:  # the captured step's update, before this one
                self._materialize()
            self._in_step = False
            return
        self.captured = None  # this step is the captured one, once it ends
        with torch.no_grad():
            if self._before is None:
                self._before = [torch.empty_like(p) for p in self.params]
            _copy_all(self._before, self.params)
        self._pending = False
        self._take()
        self._in_step = True

    def _after_step(self, optimizer, args, kwargs):
        self.count += 1
        if not self._in_step:
            return
        self._in_step = False
        self.captured = self.count
        self._pending = True

    def take_gradients(self) -> None:
        """Read the gradients again, inside an armed optimizer step whose
        closure computed them after the pre-hook ran (LBFGS, Lightning); a
        no-op outside one."""
        if self._in_step:
            self._take()

    def _take(self) -> None:
        """Take the parameters' gradients now as the captured step's."""
        grads = [p.grad for p in self.params]
        if not self.copying:
            self._check_reuse(grads)
        if self.copying or not self._trusted:
            self._copy(grads)
        else:
            self._copied = False
        self._held = [
            g.to_dense() if g is not None and g.is_sparse else g for g in grads
        ]
        self._versions = [_version(g) for g in self._held]

    def _check_reuse(self, grads) -> None:
        """Copy from now on when a gradient held since the last take changed
        in place, or a new one lies in its memory; trust holding them once a
        take has seen new gradients and the held ones unchanged."""
        seen = False
        for grad, held, version in zip(grads, self._held, self._versions):
            if held is None:
                continue
            if _version(held) != version:  # zeroed or accumulated in place
                self.copying = True
                return
            if grad is None or grad is held:
                continue  # no evidence either way
            if (
                not grad.is_sparse
                and held.numel()
                and grad.data_ptr() == held.data_ptr()
            ):
                self.copying = True  # a new tensor in the held one's memory
                return
            seen = True
        if seen:
            self._trusted = True

    def _copy(self, grads) -> None:
        with torch.no_grad():
            if self._grad_copies is None:
                self._grad_copies = [torch.zeros_like(p) for p in self.params]
            for grad, buffer in zip(grads, self._grad_copies):
                if grad is None:
                    buffer.zero_()
                else:
                    buffer.copy_(grad.to_dense() if grad.is_sparse else grad)
        self._copied = True

    def _materialize(self) -> None:
        """The update of the captured step: the parameters now minus before."""
        with torch.no_grad():
            for p, before in zip(self.params, self._before):
                torch.sub(p, before, out=before)
        self._pending = False

    # -- what a snapshot reads -----------------------------------------------------
    @property
    def grads(self) -> list:
        """The captured step's gradients, one per parameter (zeros where
        there was none)."""
        if self._copied:
            return self._grad_copies
        if any(
            g is not None and _version(g) != v
            for g, v in zip(self._held, self._versions)
        ):
            # changed in place since the step: copy from now on (what it holds
            # now is all there is)
            self.copying = True
        return [
            torch.zeros_like(p) if g is None else g
            for p, g in zip(self.params, self._held)
        ]

    @property
    def updates(self) -> list:
        """The captured step's update: the parameters after it minus before."""
        if self._pending:
            self._materialize()
        return self._before

    def remove(self) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []


def _copy_all(targets, sources) -> None:
    """``target.copy_(source)`` for each pair, in one call where torch has it."""
    copy = getattr(torch, "_foreach_copy_", None)
    if copy is not None and targets:
        copy(targets, sources)
        return
    for target, source in zip(targets, sources):
        target.copy_(source)


def _version(tensor):
    """A tensor's version counter (None for None, or a tensor without one)."""
    if tensor is None:
        return None
    try:
        return tensor._version
    except RuntimeError:  # an inference tensor
        return None


class ProbePass:
    """Unit statistics of every layer on the probe batch.

    Parameters
    ----------
    root : torch.nn.Module
        The model (unwrapped) to run the probe through.
    layers : list of Layer
        From :func:`~neuroglass.torch.modules.find_layers`.
    probe : torch.Tensor or tuple of torch.Tensor
        The batch, or the model's several inputs (``model(*probe)``).
    bins : int
        Histogram bins of the activation summaries.
    keep : bool
        Keep each layer's activations (n_probe, n_units): MLP-shaped models
        with full arrays.
    """

    def __init__(self, root, layers, probe, *, bins, keep):
        self.root = root
        self.layers = layers
        #: the model's positional inputs; :attr:`probe` the first
        self.inputs = probe if isinstance(probe, tuple) else (probe,)
        self.probe = self.inputs[0]
        self.bins = bins
        self.keep = keep
        self.stats = [
            UnitStats([layer.activation], [layer.n_out], output=i == len(layers) - 1)
            for i, layer in enumerate(layers)
        ]

    def run(self, summaries=False, inputs=None) -> dict:
        """Run the probe (or ``inputs``); returns ``units`` (3, total units),
        ``dead`` and ``saturated`` (per layer: fraction or None), ``raw``
        (n_probe, total units) or None, and ``summaries`` (per layer: the
        activation's summary dict, or None) when asked."""
        inputs = self.inputs if inputs is None else inputs
        results = [None] * len(self.layers)
        handles = []
        for i, layer in enumerate(self.layers):
            hook = self._hook(i, results, summaries)
            handles.append(layer.watched.register_forward_hook(hook))
        modes = [(m, m.training) for m in self.root.modules()]
        try:
            self.root.eval()
            with torch.no_grad():
                self.root(*inputs)
        finally:
            for handle in handles:
                handle.remove()
            for module, training in modes:
                module.training = training
        return self._collect(results)

    def _hook(self, i, results, summaries):
        layer, stats = self.layers[i], self.stats[i]

        def hook(module, inputs, output):
            # a recurrent layer returns (sequence, hidden state): its sequence
            # counts; a packed sequence its .data (steps x units)
            packed = torch.nn.utils.rnn.PackedSequence
            if isinstance(output, tuple) and not isinstance(output, packed):
                output = output[0] if output else None
            if isinstance(output, packed):
                output = output.data
            if results[i] is not None or not isinstance(output, torch.Tensor):
                return  # a module called twice: its first call counts
            by_unit = _by_unit(output, layer.unit_axis, layer.n_out)
            if by_unit is None:
                return
            measured = stats.measure(by_unit)
            raw = np.array(by_unit.T, dtype=np.float32) if self.keep else None
            summary = summarize(by_unit, self.bins) if summaries else None
            results[i] = (measured, raw, summary)

        return hook

    def _collect(self, results) -> dict:
        tables, dead, saturated, raws, sums = [], [], [], [], []
        n_probe = len(self.probe)
        for layer, result in zip(self.layers, results):
            if result is None:  # not called, or an output of another shape
                tables.append(np.full((3, layer.n_out), np.nan))
                dead.append(None)
                saturated.append(None)
                raws.append(np.full((n_probe, layer.n_out), np.nan, np.float32))
                sums.append(None)
                continue
            (table, _, _, dead_fraction, saturated_fraction), raw, summary = result
            tables.append(table)
            dead.append(dead_fraction[0])
            saturated.append(saturated_fraction[0])
            raws.append(raw)
            sums.append(summary)
        keep = self.keep and all(r is not None and len(r) == n_probe for r in raws)
        return {
            "units": np.concatenate(tables, axis=1),
            "dead": dead,
            "saturated": saturated,
            "raw": np.concatenate(raws, axis=1) if keep else None,
            "summaries": sums,
        }


def _by_unit(output, axis, n_units):
    """``output`` as a (n_units, n_samples) float array (one host copy), the
    units on ``axis``; None when that axis does not hold ``n_units``."""
    if output.ndim == 0 or output.shape[axis] != n_units:
        return None
    values = output.detach()
    if values.ndim > 1:
        values = values.movedim(axis, 0).reshape(n_units, -1)
    else:
        values = values.reshape(n_units, 1)
    dtype = torch.float64 if values.dtype == torch.float64 else torch.float32
    # the statistics are computed in the hook, before anything changes it
    return values.to("cpu", dtype).numpy()


def setup_probe(view, probe, bins, keep):
    """``(inputs, ProbePass)`` of a Recorder's ``probe`` (see
    :func:`~.settings.probe_inputs`), checked by one pass through the model
    (a :class:`ConfigError` names the shapes when it does not fit);
    ``(None, None)`` without a probe."""
    inputs = probe_inputs(probe, view)
    if inputs is None:
        return None, None
    probe_pass = ProbePass(view.root, view.layers, inputs, bins=bins, keep=keep)
    # the check runs the first samples (the inputs share their first
    # dimension); each snapshot runs them all, a share of an epoch for a conv net
    sample = tuple(t[:CHECK_SAMPLES] for t in inputs)
    try:
        with view.recording_shapes():  # each module's output shape, once
            probe_pass.run(inputs=sample)
    except Exception as exc:
        shapes = ", ".join(str(tuple(t.shape)) for t in inputs)
        first = view.layers[0]
        raise ConfigError(
            f"the probe batch of shape {shapes} does not fit the model: "
            f"{type(exc).__name__}: {exc}. The probe is {inputs[0].dtype}; the "
            f"model's first recorded layer {first.name!r} is "
            f"{type(first.module).__name__} with n_in={first.n_in}. Pass a batch "
            "of inputs as the model takes them (a slice of the training inputs; a "
            "tuple of tensors for a model with several inputs)."
        ) from None
    return inputs, probe_pass
