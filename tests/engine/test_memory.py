"""Refusing, before allocating, what cannot fit in this machine's memory."""

import pytest

import neuroglass as ng
from neuroglass.engine import memory


def test_layer_sizes_too_big_for_memory_are_refused_before_allocating():
    with pytest.raises(ng.ConfigError, match=r"GiB.*narrower"):
        ng.mlp([2, 99_999_999_999, 1])
    with pytest.raises(ng.ConfigError, match="GiB"):
        ng.Dense(10**12, 10**12).build(seed=0)


def test_the_message_says_how_much_is_needed_and_available(monkeypatch):
    monkeypatch.setattr(memory, "physical_memory", lambda: 2**30)
    memory.check_memory(2**27, "float64", "x", "y")  # exactly 1 GiB fits
    with pytest.raises(
        ng.ConfigError,
        match=r"^a net needs 2\.0 GiB for its weights; this machine has 1\.0 GiB\. "
        r"Use narrower layers\.$",
    ):
        memory.check_memory(2**28, "float64", "a net", "its weights")
    monkeypatch.setattr(memory, "physical_memory", lambda: None)
    memory.check_memory(2**40, "float32", "x", "y")  # unknown memory: no limit
