"""Feature maps: what a layer of a PyTorch model outputs for some inputs, as
NumPy arrays for ``ng.plot.feature_maps``.

A forward hook on the layer copies its output inside the hook (an in-place
activation after it cannot change the copy) and stops the forward pass there;
the hook is removed afterwards, also when the forward raises. The model is run
in eval mode under ``no_grad`` and given back in the mode it was in, so that
batch-norm statistics and dropout are not touched.
"""

from __future__ import annotations

import numpy as np
import torch

from ..engine.errors import ConfigError, NeuroglassError, ShapeError

__all__ = ["feature_maps"]


class _Captured(NeuroglassError):
    """Raised by the hook to stop the forward pass once the layer has run
    (internal: never leaves :func:`feature_maps`)."""


def _find_layer(model, layer_name):
    modules = dict(model.named_modules())
    if layer_name not in modules or not layer_name:
        names = [name for name in modules if name]
        shown = ", ".join(repr(n) for n in names[:40])
        more = f" and {len(names) - 40} more" if len(names) > 40 else ""
        raise ConfigError(
            f"the model has no layer named {layer_name!r}. Its layers "
            f"(model.named_modules()): {shown}{more}."
        )
    return modules[layer_name]


def _as_input(x, model):
    """``x`` as a tensor on the model's device and floating dtype."""
    reference = next(model.parameters(), None)
    if isinstance(x, torch.Tensor):
        tensor = x
    else:
        tensor = torch.as_tensor(np.asarray(x))
    if reference is not None:
        dtype = reference.dtype if tensor.is_floating_point() else None
        if reference.device.type == "meta":
            raise ConfigError(
                "the model's parameters are on the meta device and hold no values; "
                "load its weights before computing feature maps."
            )
        tensor = tensor.to(device=reference.device, dtype=dtype)
    return tensor


def _as_maps(output, layer_name) -> np.ndarray:
    if isinstance(output, (tuple, list)):
        output = output[0]
    if not isinstance(output, torch.Tensor):
        raise ConfigError(
            f"layer {layer_name!r} returned {type(output).__name__}, not a tensor; "
            "pick a layer that outputs one (a Conv2d, an activation, a pooling)."
        )
    maps = output.detach().to("cpu", copy=True)
    if maps.ndim == 3:  # (n, channels, length): a 1-d convolution, one row each
        maps = maps[:, :, None, :]
    if maps.ndim != 4:
        raise ShapeError(
            f"layer {layer_name!r} outputs shape {tuple(maps.shape)}; feature maps "
            "need (n, channels, height, width) (or (n, channels, length)). Pick a "
            "convolutional layer or the activation after it."
        )
    if maps.dtype not in (torch.float32, torch.float64):
        maps = maps.float()
    return maps.numpy()


def feature_maps(model, layer_name, x) -> np.ndarray:
    """The output of layer ``layer_name`` of ``model`` for the inputs ``x``.

    Parameters
    ----------
    model : torch.nn.Module
    layer_name : str
        A name from ``model.named_modules()``, e.g. ``"features.0"`` or
        ``"conv1"``.
    x : tensor or array-like
        A batch the model takes, e.g. ``(n, 1, 8, 8)`` images; moved to the
        model's device and dtype.

    Returns
    -------
    numpy.ndarray
        ``(n, channels, height, width)`` (a 1-d layer's ``(n, channels,
        length)`` as ``(n, channels, 1, length)``), a copy on the CPU.

    Raises
    ------
    ConfigError
        For an unknown layer name (listing the names), or a layer whose output
        is not a tensor.
    ShapeError
        For a layer whose output is not an image-like batch (a Linear's).

    Examples
    --------
    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.ReLU())
    >>> feature_maps(model, "1", torch.zeros(2, 1, 8, 8)).shape
    (2, 4, 6, 6)
    """
    layer = _find_layer(model, layer_name)
    captured = []

    def hook(module, inputs, output):
        captured.append(_as_maps(output, layer_name))  # copied now (pitfall 8)
        raise _Captured

    tensor = _as_input(x, model)
    was_training = model.training
    handle = layer.register_forward_hook(hook)
    try:
        model.eval()
        with torch.no_grad():
            model(tensor)
    except _Captured:
        pass
    finally:
        handle.remove()
        model.train(was_training)
    if not captured:
        raise ConfigError(
            f"layer {layer_name!r} did not run in the model's forward pass, so it "
            "has no feature maps for this input."
        )
    return captured[0]
