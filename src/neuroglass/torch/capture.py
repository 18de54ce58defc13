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


class StepCapture:
    """The gradients and update of the last armed optimizer step.

    Parameters
    ----------
    params : list of torch.nn.Parameter
        The recorded parameters, in the layout's order.
    optimizer : torch.optim.Optimizer
    """

    def __init__(self, params, optimizer):
        self.params = params
        #: copy on the next optimizer step
        self.armed = True
        #: optimizer steps seen so far
        self.count = 0
        #: the step count after the captured step (None: none captured yet)
        self.captured = None
        self.grads = None
        self.updates = None  # the parameters before the step, then the update
        #: the first parameter group's learning rate at the last step (the
        #: one used, whatever a scheduler set after it); None before any
        self.lr = None
        self._in_step = False
        self._handles = [
            optimizer.register_step_pre_hook(self._before_step),
            optimizer.register_step_post_hook(self._after_step),
        ]

    def _before_step(self, optimizer, args, kwargs):
        if optimizer.param_groups:
            self.lr = optimizer.param_groups[0].get("lr")
        if not self.armed:
            return
        with torch.no_grad():
            if self.grads is None:
                self.grads = [torch.zeros_like(p) for p in self.params]
                self.updates = [torch.zeros_like(p) for p in self.params]
            for p, g, before in zip(self.params, self.grads, self.updates):
                grad = p.grad
                if grad is None:
                    g.zero_()
                else:
                    g.copy_(grad.to_dense() if grad.is_sparse else grad)
                before.copy_(p)
        self._in_step = True

    def _after_step(self, optimizer, args, kwargs):
        self.count += 1
        if not self._in_step:
            return
        with torch.no_grad():
            for p, before in zip(self.params, self.updates):
                torch.sub(p, before, out=before)
        self._in_step = False
        self.captured = self.count

    def remove(self) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []


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

    def run(self, summaries=False) -> dict:
        """Run the probe; returns ``units`` (3, total units), ``dead`` and
        ``saturated`` (per layer: fraction or None), ``raw`` (n_probe, total
        units) or None, and ``summaries`` (per layer: the activation's
        summary dict, or None) when asked."""
        results = [None] * len(self.layers)
        handles = []
        for i, layer in enumerate(self.layers):
            hook = self._hook(i, results, summaries)
            handles.append(layer.watched.register_forward_hook(hook))
        modes = [(m, m.training) for m in self.root.modules()]
        try:
            self.root.eval()
            with torch.no_grad():
                self.root(*self.inputs)
        finally:
            for handle in handles:
                handle.remove()
            for module, training in modes:
                module.training = training
        return self._collect(results)

    def _hook(self, i, results, summaries):
        layer, stats = self.layers[i], self.stats[i]

        def hook(module, inputs, output):
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
    try:
        with view.recording_shapes():  # each module's output shape, once
            probe_pass.run()
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
