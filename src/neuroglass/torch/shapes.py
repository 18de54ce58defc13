"""The output shape of every module, seen once on the probe batch.

:func:`recording_shapes` puts a forward hook on each module of a model for
the length of a ``with`` block (the recorder's first probe pass), keeps each
module's output shape without the batch dimension and removes every hook on
leaving, also on an error. A module that runs twice keeps its first shape; an
output that is not one tensor (a tuple, a packed sequence) is not kept. The
run's layer graph shows these shapes ("out 8×8×8").
"""

from __future__ import annotations

from contextlib import contextmanager

import torch


@contextmanager
def recording_shapes(root, shapes: dict):
    """Fill ``shapes`` ({qualified module name: [sizes without the batch
    dimension]}; the model itself is ``""``) with what runs in the block."""
    handles = []

    def hook_for(name):
        def hook(module, inputs, output):
            if name not in shapes and isinstance(output, torch.Tensor):
                shapes[name] = [int(n) for n in output.shape[1:]]

        return hook

    try:
        for name, module in root.named_modules():
            handles.append(module.register_forward_hook(hook_for(name)))
        yield shapes
    finally:
        for handle in handles:
            handle.remove()
