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


def check_arguments(optimizer, **settings) -> dict:
    """The Recorder's arguments, checked as :class:`neuroglass.Recorder`'s
    are (a :class:`ConfigError` names a wrong one), and the optimizer's type."""
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
        "optimizer": optimizer_config(optimizer),
        "loss": None,
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


def probe_tensor(probe, view):
    if probe is None:
        return None
    try:
        tensor = torch.as_tensor(probe)
    except (TypeError, ValueError, RuntimeError):
        raise ConfigError(
            f"probe must be a tensor or an array of inputs; got {type(probe).__name__}."
        ) from None
    if tensor.ndim == 0 or len(tensor) == 0:
        raise ConfigError(
            "probe must be a batch of at least one sample; got shape "
            f"{tuple(tensor.shape)}."
        )
    device = view.params[0].device
    if tensor.is_floating_point():
        tensor = tensor.to(device=device, dtype=view.params[0].dtype)
    return tensor.to(device).detach().clone()


def finite(value) -> bool:
    return math.isfinite(value)


def optimizer_name(optimizer):
    return type(optimizer).__name__.lower() if optimizer is not None else None


def learning_rate(optimizer):
    if optimizer is None or not optimizer.param_groups:
        return None
    lr = optimizer.param_groups[0].get("lr")
    return float(lr) if lr is not None else None


def optimizer_config(optimizer) -> dict | None:
    """The run's ``config["optimizer"]``: the name, and the hyper-parameters
    of the first parameter group that are numbers, bools, text or tuples of
    numbers."""
    if optimizer is None:
        return {"name": None}
    out = {
        "name": optimizer_name(optimizer),
        "param_groups": len(optimizer.param_groups),
    }
    group = optimizer.param_groups[0] if optimizer.param_groups else {}
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
    return out
