"""Who writes and how numbers are agreed on under ``torch.distributed``.

One :class:`Context` per recorder. In a single process it is the identity; in a
``torch.distributed`` run every rank holds one, rank 0 alone writes the run file
(:attr:`Context.is_writer`), and the metrics it records are reduced across the
ranks with collectives that every rank calls in the same order.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.distributed as dist


class Context:
    """The process group a recorder lives in (``torch.distributed`` or none)."""

    def __init__(self, group=None):
        self.active = dist.is_available() and dist.is_initialized()
        self.group = group
        self.rank = dist.get_rank(group) if self.active else 0
        self.world_size = dist.get_world_size(group) if self.active else 1
        self.backend = dist.get_backend(group) if self.active else None

    @property
    def is_writer(self) -> bool:
        """Whether this process writes the run file (rank 0 only)."""
        return self.rank == 0

    def mean(self, values) -> np.ndarray:
        """The mean over the ranks of a float64 vector (a collective: every rank
        calls it with a vector of the same length, in the same order)."""
        values = np.asarray(values, dtype=np.float64)
        if not self.active or self.world_size == 1:
            return values
        tensor = torch.from_numpy(values.copy())
        dist.all_reduce(tensor, op=dist.ReduceOp.SUM, group=self.group)
        return tensor.numpy() / self.world_size

    def all_ok(self, ok: bool) -> bool:
        """True when ``ok`` is true on every rank (a collective)."""
        if not self.active or self.world_size == 1:
            return bool(ok)
        flag = torch.tensor([0.0 if ok else 1.0], dtype=torch.float64)
        dist.all_reduce(flag, op=dist.ReduceOp.SUM, group=self.group)
        return float(flag.item()) == 0.0

    def describe(self) -> dict:
        """What the run's configuration says about the process group."""
        return {
            "world_size": self.world_size,
            "backend": self.backend,
            "rank_writing": 0,
        }
