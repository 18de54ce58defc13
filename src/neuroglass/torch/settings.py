"""What a PyTorch Recorder is told, checked, and what its run records of it:
the snapshot schedule, the probe batch, the optimizer's name and
hyper-parameters, the run's configuration."""

from __future__ import annotations

import math

import torch

from ..engine.errors import ConfigError
from ..engine.validation import integer
from ..recorder.schedule import SNAPSHOT_MODES, snapshot_interval
from ..recorder.settings import _library_version, check_settings


def check_arguments(optimizer, steps_per_epoch=None, **settings) -> dict:
    """The Recorder's arguments, checked as :class:`neuroglass.Recorder`'s
    are (a :class:`ConfigError` names a wrong one), the optimizer's type and
    ``steps_per_epoch`` (a positive integer or None)."""
    if steps_per_epoch is not None:
        integer(steps_per_epoch, "steps_per_epoch", minimum=1)
    if optimizer is not None and not isinstance(optimizer, torch.optim.Optimizer):
        raise ConfigError(
            f"optimizer must be a torch.optim.Optimizer or None; got "
            f"{type(optimizer).__name__}. Pass the optimizer whose step() "
            "trains the model."
        )
    return check_settings(
        **settings, probe=None, probe_size=1, dataset=None, data_samples=0
    )


def run_config(view, optimizer, ctx, recorder_settings, epochs) -> dict:
    """The run's ``config``: the network (see :mod:`.modules`), optimizer,
    framework, process group and the recorder's settings."""
    return {
        "network": view.config(),
        "optimizer": optimizer_config(optimizer, view.root),
        "loss": view.loss,  # the engine's name of the loss given, else None
        "fit": {} if epochs is None else {"epochs": epochs},
        "dataset": None,
        "framework": {"name": "torch", "version": torch.__version__},
        "distributed": ctx.describe(),
        "library_version": _library_version(),
        "recorder": recorder_settings,
    }


def schedule(snapshot_every, epochs):
    """(mode, interval) for :func:`takes_snapshot`."""
    if epochs is not None:
        epochs = integer(epochs, "epochs", minimum=1)
    if snapshot_every == "auto" and epochs is None:
        snapshot_every = "progressive"
    assert snapshot_every in SNAPSHOT_MODES or isinstance(snapshot_every, int)
    return snapshot_every, snapshot_interval(snapshot_every, epochs or 1)


def probe_inputs(probe, view) -> tuple | None:
    """The probe batch as the model's positional inputs: a tuple of tensors
    on the model's device (floating ones in its dtype), detached copies; None
    without a probe. A tuple of tensors is several inputs
    (``model(*probe)``); anything else one tensor or array."""
    if probe is None:
        return None
    several = (
        isinstance(probe, tuple)
        and probe
        and all(isinstance(p, torch.Tensor) for p in probe)
    )
    inputs = tuple(probe) if several else (probe,)
    out = tuple(_probe_tensor(value, view) for value in inputs)
    sizes = {len(t) for t in out}
    if len(sizes) > 1:
        shapes = [tuple(t.shape) for t in out]
        raise ConfigError(
            f"probe is a tuple of inputs of shapes {shapes}, which do not hold the "
            "same number of samples (their first dimension). Pass one batch: "
            "the same samples in every input."
        )
    return out


def _probe_tensor(probe, view):
    try:
        tensor = torch.as_tensor(probe)
    except (TypeError, ValueError, RuntimeError):
        raise ConfigError(
            f"probe must be a tensor or an array of inputs (a tuple of tensors for "
            f"a model with several inputs); got {type(probe).__name__}. Pass a "
            "slice of the training inputs, e.g. probe=X[:256]."
        ) from None
    if tensor.ndim == 0 or len(tensor) == 0:
        raise ConfigError(
            "probe must be a batch of at least one sample; got shape "
            f"{tuple(tensor.shape)}. Pass a slice of the training inputs, e.g. "
            "probe=X[:256]."
        )
    if tensor.device.type == "meta":
        raise ConfigError(
            "probe is on the 'meta' device: it has a shape but no values. Pass "
            "real inputs (a slice of the training data)."
        )
    param = view.params[0]
    if tensor.is_floating_point() or tensor.is_complex():
        tensor = tensor.to(device=param.device, dtype=param.dtype)
    return tensor.to(param.device).detach().clone()


def probe_array(inputs):
    """The probe a run file keeps (its ``probe`` blob): the one input as a
    float32/float64 or integer array; None for several inputs."""
    if inputs is None or len(inputs) != 1:
        return None
    tensor = inputs[0].detach()
    if tensor.is_floating_point() and tensor.dtype != torch.float64:
        tensor = tensor.float()  # bfloat16 and float16 have no NumPy type
    return tensor.cpu().numpy()


def finite(value) -> bool:
    return math.isfinite(value)


def optimizer_name(optimizer):
    return type(optimizer).__name__.lower() if optimizer is not None else None


def learning_rate(optimizer):
    """The learning rate of the optimizer's first parameter group now."""
    if optimizer is None or not optimizer.param_groups:
        return None
    return as_number(optimizer.param_groups[0].get("lr"))


def as_number(value):
    """A number, a one-element tensor or None as a float (or None)."""
    if isinstance(value, torch.Tensor):
        value = value.item()
    return float(value) if value is not None else None


def optimizer_config(optimizer, model=None) -> dict | None:
    """The run's ``config["optimizer"]``: the name, the hyper-parameters of
    the first parameter group that are numbers, bools, text or tuples of
    numbers, each group's learning rate (``group_lrs``) and the names of the
    model's trainable parameters that no group holds (``not_optimized``: they
    get gradients but no updates)."""
    if optimizer is None:
        return {"name": None}
    groups = optimizer.param_groups
    out = {"name": optimizer_name(optimizer), "param_groups": len(groups)}
    group = groups[0] if groups else {}
    for key, value in group.items():
        if key == "params":
            continue
        if isinstance(value, torch.Tensor) and value.numel() == 1:
            value = value.item()
        if isinstance(value, (bool, int, float, str)) or value is None:
            out[key] = value
        elif isinstance(value, tuple) and all(
            isinstance(v, (int, float)) for v in value
        ):
            out[key] = list(value)
    out["group_lrs"] = [as_number(g.get("lr")) for g in groups]
    if model is not None:
        held = {id(p) for g in groups for p in g["params"]}
        out["not_optimized"] = [
            name
            for name, p in model.named_parameters()
            if p.requires_grad and id(p) not in held
        ]
    return out
