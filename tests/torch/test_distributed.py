"""neuroglass.torch.distributed in one process: the identity Context, setup()
from torchrun's environment, a world of one, and the errors of a failed
collective. The two-process runs are in test_ddp.py."""

import datetime
import socket

import numpy as np
import pytest

torch = pytest.importorskip("torch")
dist = pytest.importorskip("torch.distributed")

from neuroglass.engine.errors import NeuroglassError  # noqa: E402
from neuroglass.torch import distributed as ngd  # noqa: E402

TORCHRUN_VARS = ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "LOCAL_RANK")


@pytest.fixture
def no_torchrun_env(monkeypatch):
    for key in (*TORCHRUN_VARS, "LOCAL_WORLD_SIZE"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def world_of_one(no_torchrun_env, monkeypatch):
    """A real gloo process group with one rank, destroyed afterwards."""
    port = ngd.free_port()
    env = {"RANK": "0", "WORLD_SIZE": "1", "MASTER_ADDR": "127.0.0.1"}
    for key, value in {**env, "MASTER_PORT": str(port)}.items():
        monkeypatch.setenv(key, value)
    dist.init_process_group(
        "gloo", init_method="env://", timeout=datetime.timedelta(seconds=20)
    )
    yield
    ngd.teardown()


def test_single_process_context_is_the_identity(no_torchrun_env):
    ctx = ngd.Context()
    assert (ctx.active, ctx.rank, ctx.world_size, ctx.backend) == (False, 0, 1, None)
    assert ctx.is_writer and not ctx.distributed
    values = [1.5, -2.0, np.nan]
    np.testing.assert_array_equal(ctx.mean(values), np.array(values))
    assert ctx.mean(values).dtype == np.float64
    assert ctx.all_ok(True) and not ctx.all_ok(False)
    means, ok = ctx.mean_ok([3.0, 4.0], False)
    np.testing.assert_array_equal(means, [3.0, 4.0])
    assert ok is False
    assert ctx.failed_ranks(True) == [] and ctx.failed_ranks(False) == [0]
    assert ctx.describe() == {
        "world_size": 1,
        "backend": None,
        "rank_writing": 0,
        "local_world_size": None,
        "nodes": None,
        "timeout_s": None,
    }


def test_agree_raises_naming_the_failed_rank(no_torchrun_env):
    ctx = ngd.Context()
    ctx.agree(True, "opening the run file")  # no error
    with pytest.raises(ngd.DistributedError, match=r"opening the run file.*\[0\]"):
        ctx.agree(False, "opening the run file")
    assert issubclass(ngd.DistributedError, NeuroglassError)
    assert issubclass(ngd.DistributedError, RuntimeError)


def test_setup_without_torchrun_starts_nothing(no_torchrun_env):
    ctx = ngd.setup()
    assert not dist.is_initialized()
    assert (ctx.rank, ctx.world_size, ctx.active) == (0, 1, False)


def test_setup_names_the_missing_torchrun_variables(no_torchrun_env, monkeypatch):
    monkeypatch.setenv("WORLD_SIZE", "2")
    monkeypatch.setenv("RANK", "1")
    with pytest.raises(RuntimeError, match=r"MASTER_ADDR, MASTER_PORT.*torchrun"):
        ngd.setup()
    assert not dist.is_initialized()


@pytest.mark.parametrize("timeout", [0, -1.0, float("nan")])
def test_setup_refuses_a_timeout_that_is_not_positive(no_torchrun_env, timeout):
    with pytest.raises(ValueError, match="timeout_s must be a positive"):
        ngd.setup(timeout_s=timeout)


def test_a_world_of_one_is_active_but_agrees_with_itself(world_of_one, monkeypatch):
    monkeypatch.setenv("LOCAL_WORLD_SIZE", "1")
    ctx = ngd.Context()
    assert ctx.active and not ctx.distributed and ctx.backend == "gloo"
    np.testing.assert_array_equal(ctx.mean([2.0, 3.0]), [2.0, 3.0])
    described = ctx.describe()
    assert described["world_size"] == 1 and described["backend"] == "gloo"
    assert described["nodes"] == 1 and described["local_world_size"] == 1


def test_setup_with_a_world_size_of_one_starts_nothing(no_torchrun_env, monkeypatch):
    env = {"RANK": "0", "WORLD_SIZE": "1", "MASTER_ADDR": "127.0.0.1"}
    for key, value in {**env, "MASTER_PORT": str(ngd.free_port())}.items():
        monkeypatch.setenv(key, value)
    ctx = ngd.setup(timeout_s=7)
    assert not ctx.active and not dist.is_initialized()


def test_a_failed_collective_says_which_rank_and_why(no_torchrun_env, monkeypatch):
    ctx = ngd.Context()
    ctx.active, ctx.world_size, ctx.rank = True, 2, 1  # as on rank 1 of two

    def broken(*args, **kwargs):
        raise RuntimeError("Connection closed by peer [127.0.0.1]:1234")

    monkeypatch.setattr(dist, "all_reduce", broken)
    with pytest.raises(ngd.DistributedError) as info:
        ctx.mean([1.0])
    message = str(info.value)
    assert "failed on rank 1" in message and "2 ranks" in message
    assert "Connection closed by peer" in message and "timeout" in message
    assert isinstance(info.value.__cause__, RuntimeError)


def test_mean_ok_packs_one_collective(no_torchrun_env, monkeypatch):
    ctx = ngd.Context()
    ctx.active, ctx.world_size, ctx.rank = True, 2, 0
    calls = []

    def fake_all_reduce(tensor, op=None, group=None):
        calls.append(tensor.clone())
        tensor.mul_(2)  # the other rank sent the same numbers

    monkeypatch.setattr(dist, "all_reduce", fake_all_reduce)
    means, ok = ctx.mean_ok([1.0, 3.0], True)
    np.testing.assert_array_equal(means, [1.0, 3.0])
    assert ok is True and len(calls) == 1 and calls[0].numel() == 3
    _, ok = ctx.mean_ok([1.0], False)
    assert ok is False
    assert ctx.failed_ranks(False) == [0]


def test_free_port_is_bindable():
    port = ngd.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
