"""The PyTorch losses neuroglass reads, and the engine loss each one is.

One table for :func:`~.convert.from_torch` (``loss=``) and the Recorder's
``loss=`` (:func:`recorded_loss`): ``CrossEntropyLoss`` is ``cross_entropy``
and ``BCEWithLogitsLoss`` is ``bce``, both computed from logits, so a model
that ends in ``Linear`` gets the softmax (sigmoid) the loss applies;
``BCELoss`` is ``bce`` and ``MSELoss`` is ``mse`` on the model's own output.
Their functions (``F.cross_entropy`` ...) and the engine's names are read too.
"""

from __future__ import annotations

import warnings

import torch
from torch import nn

from ..engine.errors import ConfigError
from ..engine.losses import get_loss

__all__ = ["FUSED", "loss_name", "recorded_loss"]

#: the output activation each loss computes from logits
FUSED = {"cross_entropy": "softmax", "bce": "sigmoid"}

#: PyTorch loss -> (engine loss, whether it is computed from logits)
_LOSSES = {
    nn.CrossEntropyLoss: ("cross_entropy", True),
    nn.BCEWithLogitsLoss: ("bce", True),
    nn.BCELoss: ("bce", False),
    nn.MSELoss: ("mse", False),
}
#: the functional form of each loss module
_FUNCTIONAL = {
    torch.nn.functional.cross_entropy: nn.CrossEntropyLoss,
    torch.nn.functional.binary_cross_entropy_with_logits: nn.BCEWithLogitsLoss,
    torch.nn.functional.binary_cross_entropy: nn.BCELoss,
    torch.nn.functional.mse_loss: nn.MSELoss,
}


def loss_name(loss, output_activation, *, strict=True) -> tuple:
    """(engine loss name, whether the model outputs logits) from ``loss``: a
    name, a PyTorch loss module or its function (``F.cross_entropy``), or
    None (inferred from the output). ``strict=False`` (the Recorder) also
    takes weighted, smoothed or summed losses (named by their kind) and only
    warns about a logits loss on an output that has its activation already."""
    if loss is None:
        inferred = {"softmax": "cross_entropy", "sigmoid": "bce"}
        return inferred.get(output_activation, "mse"), False
    module = next((m for f, m in _FUNCTIONAL.items() if f is loss), None)
    if module is not None:
        loss = module()
    if isinstance(loss, nn.Module):
        return _loss_module_name(loss, output_activation, strict)
    if not isinstance(loss, str):
        raise ConfigError(
            f"loss must be a name ('mse', 'bce', 'cross_entropy'), a PyTorch loss "
            f"module or function (MSELoss, BCELoss, BCEWithLogitsLoss, "
            f"CrossEntropyLoss); got {loss!r}."
        )
    name = get_loss(loss).name
    logits = name in FUSED and output_activation == "identity"
    return name, logits


def _loss_module_name(loss, output_activation, strict=True) -> tuple:
    if type(loss) not in _LOSSES:
        raise ConfigError(
            f"loss {loss!r} has no neuroglass counterpart; use MSELoss, BCELoss, "
            "BCEWithLogitsLoss or CrossEntropyLoss (or a name: 'mse', 'bce', "
            "'cross_entropy')."
        )
    plain = (
        loss.reduction == "mean"
        and getattr(loss, "weight", None) is None
        and getattr(loss, "pos_weight", None) is None
        and getattr(loss, "label_smoothing", 0.0) == 0.0
    )
    if strict and not plain:
        raise ConfigError(
            f"loss {loss!r} is weighted, smoothed or not a mean; the engine's losses "
            f"are plain means. Pass {type(loss).__name__}() with default settings."
        )
    name, logits = _LOSSES[type(loss)]
    if logits and output_activation not in ("identity", None):
        message = (
            f"{type(loss).__name__} applies {FUSED[name]} to the model's output "
            f"itself, but the model already ends in {output_activation!r}"
        )
        if strict:
            raise ConfigError(
                f"{message}. Remove the last activation, or pass the loss that "
                "takes its output."
            )
        if output_activation != FUSED[name]:
            return name, False  # logits after an activation: unusual, not wrong
        warnings.warn(
            f"{message}, so it trains on {FUSED[name]} of that: remove the "
            f"model's last {output_activation!r} (the run records the model's "
            "own output).",
            RuntimeWarning,
            stacklevel=7,  # the caller of Recorder(...), through ModelView
        )
        return name, False
    return name, logits


def recorded_loss(loss, output_activation) -> tuple:
    """``(engine loss name, engine output activation)`` of a Recorder's
    ``loss=`` (read as :func:`~.convert.from_torch` reads it, but see ``strict=False``
    in :func:`loss_name`) for a model whose last activation is
    ``output_activation``: a loss computed from logits appends its softmax
    (sigmoid); the activation is None when the engine cannot compute that
    loss from that output (``cross_entropy`` after ``tanh``)."""
    name, logits = loss_name(loss, output_activation, strict=False)
    output = FUSED[name] if logits else output_activation
    if name in FUSED and output != FUSED[name]:
        output = None
    return name, output
