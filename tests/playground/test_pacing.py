"""When a live session trains: the page's pace, commands between epochs
(playground.pacing)."""

import numpy as np
import pytest


def test_step_trains_exactly_one_epoch(driver):
    d = driver({"seed": 2})
    d.initial()
    for expected in (1, 2):
        d.send(type="step")
        header, _ = d.next("frame")
        assert header["epoch"] == expected and not header["playing"]


@pytest.mark.timing
def test_long_epochs_still_answer_pause_and_close(driver):
    import time

    d = driver({"seed": 0, "hidden": [32, 32, 32], "batch_size": 1})
    d.initial()
    rng = np.random.default_rng(0)
    X = rng.uniform(-5, 5, size=(40_000, 2))
    d.send(type="_data", data=(X, (X[:, 0] > 0).astype(int), 2, ["0", "1"]))
    d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    d.send(type="play")
    time.sleep(0.5)  # well inside the first epoch (20,000 steps of batch 1)
    start = time.perf_counter()
    d.session.close(timeout=5)
    assert not d.session._thread.is_alive()
    assert time.perf_counter() - start < 1.0
