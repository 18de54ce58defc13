"""neuroglass.torch: record real PyTorch training into neuroglass runs.

The bridge between PyTorch and the rest of neuroglass (``pip install
"neuroglass[torch]"``). It turns tensors into the arrays the recorder stores and
the views draw; nothing else in neuroglass imports torch, so ``import
neuroglass`` works without it.
"""

from __future__ import annotations

try:
    import torch as _torch  # noqa: F401  (the optional dependency, checked once)
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "neuroglass.torch needs PyTorch, which is not installed. Install it with "
        "pip install 'neuroglass[torch]' (or pip install torch), then import "
        "neuroglass.torch again."
    ) from exc

from . import distributed
from .convert import from_torch, to_torch, torch_loss
from .maps import feature_maps
from .recorder import Recorder

__all__ = [
    "LightningCallback",
    "Recorder",
    "distributed",
    "feature_maps",
    "from_torch",
    "to_torch",
    "torch_loss",
]


def __getattr__(name):
    # Lightning takes seconds to import: only a Lightning user pays for it
    if name == "LightningCallback":
        from .lightning import LightningCallback

        return LightningCallback
    raise AttributeError(f"module 'neuroglass.torch' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | {"LightningCallback"})
