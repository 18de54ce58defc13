"""Who writes and how numbers are agreed on under ``torch.distributed``.

One :class:`Context` per recorder. In a single process it is the identity; in a
``torch.distributed`` run every rank holds one, rank 0 alone writes the run file
(:attr:`Context.is_writer`), and the metrics it records are reduced across the
ranks with collectives that every rank calls in the same order.

No rank waits forever for another: a collective that fails because a rank
crashed, was killed or stopped answering (the process group's ``timeout``)
raises :class:`DistributedError` naming this rank and what to look at.
:func:`setup` starts the process group from ``torchrun``'s environment with a
finite timeout (:data:`DEFAULT_TIMEOUT_S`), so the same script runs in one
process, under ``torchrun`` on one machine, or on several (see
``docs/torch-distributed.md``).
"""

from __future__ import annotations

import datetime
import os
import socket

import numpy as np
import torch
import torch.distributed as dist

from neuroglass.engine.errors import NeuroglassError

#: Seconds a rank waits in a collective before giving up, when :func:`setup`
#: starts the process group (PyTorch's own default is 30 minutes for gloo).
DEFAULT_TIMEOUT_S = 300.0

_timeout_s: float | None = None  # the timeout setup() gave the default group


class DistributedError(NeuroglassError, RuntimeError):
    """A collective of the recorder failed, or another rank reported a failure."""


class Context:
    """The process group a recorder lives in (``torch.distributed`` or none).

    Parameters
    ----------
    group : torch.distributed.ProcessGroup, optional
        The group whose ranks train the model together (default: the world).

    Attributes
    ----------
    active : bool
        Whether a process group is initialised (False: a single process).
    rank, world_size : int
        This process's rank in ``group`` and the number of ranks (0 and 1
        without a process group).
    backend : str or None
        ``"gloo"``, ``"nccl"``, ... (None without a process group).
    """

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

    @property
    def distributed(self) -> bool:
        """Whether there are other ranks to agree with."""
        return self.active and self.world_size > 1

    def mean(self, values) -> np.ndarray:
        """The mean over the ranks of a float64 vector (a collective: every rank
        calls it with a vector of the same length, in the same order)."""
        values = np.asarray(values, dtype=np.float64)
        if not self.distributed:
            return values
        summed = self._all_reduce_sum(values, "the mean of the recorded metrics")
        return summed / self.world_size

    def mean_ok(self, values, ok: bool) -> tuple[np.ndarray, bool]:
        """:meth:`mean` and :meth:`all_ok` in one collective: the mean over the
        ranks of ``values``, and whether ``ok`` is true on every rank."""
        values = np.asarray(values, dtype=np.float64).ravel()
        if not self.distributed:
            return values, bool(ok)
        packed = np.append(values, 0.0 if ok else 1.0)
        summed = self._all_reduce_sum(packed, "the mean of the recorded metrics")
        return summed[:-1] / self.world_size, bool(summed[-1] == 0.0)

    def all_ok(self, ok: bool) -> bool:
        """True when ``ok`` is true on every rank (a collective)."""
        if not self.distributed:
            return bool(ok)
        flag = np.array([0.0 if ok else 1.0])
        return bool(self._all_reduce_sum(flag, "a check of every rank")[0] == 0.0)

    def failed_ranks(self, ok: bool) -> list[int]:
        """The ranks on which ``ok`` is false (a collective; [] when none)."""
        if not self.distributed:
            return [] if ok else [self.rank]
        flags = np.zeros(self.world_size)
        flags[self.rank] = 0.0 if ok else 1.0
        summed = self._all_reduce_sum(flags, "a check of every rank")
        return [int(r) for r in np.flatnonzero(summed)]

    def agree(self, ok: bool, what: str) -> None:
        """Raise :class:`DistributedError` on every rank unless ``ok`` is true on
        every rank (a collective). ``what`` says what was checked, e.g. "opening
        the run file"; the message names the ranks that failed."""
        failed = self.failed_ranks(ok)
        if failed:
            raise DistributedError(
                f"{what} failed on rank(s) {failed} of {self.world_size}; this is "
                f"rank {self.rank}. Every rank stops so that none waits for the "
                "others; the failed rank's own error says why."
            )

    def describe(self) -> dict:
        """What the run's configuration says about the process group (no
        collective: any rank may call it)."""
        local = os.environ.get("LOCAL_WORLD_SIZE")
        local_world_size = int(local) if local and local.isdigit() else None
        nodes = None
        if self.active and local_world_size:
            nodes = max(1, self.world_size // local_world_size)
        return {
            "world_size": self.world_size,
            "backend": self.backend,
            "rank_writing": 0,
            "local_world_size": local_world_size if self.active else None,
            "nodes": nodes if self.active else None,
            "timeout_s": _timeout_s if self.active else None,
        }

    def _all_reduce_sum(self, values: np.ndarray, what: str) -> np.ndarray:
        tensor = torch.from_numpy(np.array(values, dtype=np.float64))
        if self.backend == "nccl":  # nccl reduces CUDA tensors only
            tensor = tensor.to(torch.device("cuda", torch.cuda.current_device()))
        try:
            dist.all_reduce(tensor, op=dist.ReduceOp.SUM, group=self.group)
        except Exception as exc:
            raise DistributedError(
                f"{what} across {self.world_size} ranks failed on rank "
                f"{self.rank}: another rank crashed, was killed or did not answer "
                f"within the process group's timeout ({_describe_timeout()}). "
                f"Look at the other ranks' logs (rank 0 writes the run file). "
                f"PyTorch said: {exc}"
            ) from exc
        return tensor.cpu().numpy()


def _describe_timeout() -> str:
    if _timeout_s is None:
        return "set by init_process_group(timeout=...); PyTorch's default is 30 min"
    return f"{_timeout_s:g} s"


def setup(backend: str | None = None, timeout_s: float = DEFAULT_TIMEOUT_S) -> Context:
    """Start the process group from ``torchrun``'s environment, or none.

    Under ``torchrun`` (``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR``,
    ``MASTER_PORT`` set) this calls ``torch.distributed.init_process_group``
    with ``init_method="env://"`` and a finite ``timeout``; run as a plain
    script it starts nothing. Either way it returns the :class:`Context`.

    Parameters
    ----------
    backend : str, optional
        ``"gloo"`` (CPU) or ``"nccl"`` (CUDA); default: nccl when CUDA is
        available, else gloo.
    timeout_s : float
        Seconds any collective waits for the other ranks before raising.

    Examples
    --------
    >>> from neuroglass.torch import distributed
    >>> ctx = distributed.setup()          # doctest: +SKIP
    >>> ctx.rank, ctx.world_size           # doctest: +SKIP
    (0, 1)
    """
    global _timeout_s
    if not timeout_s > 0:
        raise ValueError(
            f"timeout_s must be a positive number of seconds, got {timeout_s!r}; "
            f"the default is {DEFAULT_TIMEOUT_S:g}."
        )
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    if dist.is_initialized() or world_size <= 1:
        return Context()
    missing = [k for k in ("RANK", "MASTER_ADDR", "MASTER_PORT") if k not in os.environ]
    if missing:
        raise RuntimeError(
            f"WORLD_SIZE={world_size} is set but {', '.join(missing)} is not: start "
            "the script with torchrun (torchrun --nproc_per_node=2 script.py), "
            "which sets them all, or unset WORLD_SIZE to run in one process."
        )
    if backend is None:
        backend = "nccl" if torch.cuda.is_available() else "gloo"
    dist.init_process_group(
        backend, init_method="env://", timeout=datetime.timedelta(seconds=timeout_s)
    )
    _timeout_s = float(timeout_s)
    return Context()


def teardown() -> None:
    """Destroy the default process group, if one was started."""
    global _timeout_s
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
    _timeout_s = None


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` now (for ``MASTER_PORT`` in tests and
    single-machine launches; another process may take it before it is used)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])
