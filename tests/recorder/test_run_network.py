"""The Run's reads of the network (run_network.py): snapshots and networks at a run's
own epoch numbers, and a missing snapshot named with the ones that exist."""

import numpy as np
import pytest

import neuroglass as ng


@pytest.mark.parametrize("kind", [np.int64, np.int32, np.uint8, np.int8, int])
def test_a_runs_own_numbers_can_be_passed_back(tmp_path, data, kind, record):
    path = tmp_path / "own.ngrun"
    record(path, data, epochs=5, snapshot_every=1)
    with ng.open_run(path) as run:
        epochs = run.snapshot_epochs
        assert run.snapshot(epochs[3]).epoch == 3
        assert run.snapshot(kind(2)).epoch == 2
        assert run.network(kind(3)).epochs_trained == 4
        assert run.network(run.epochs[-1]).epochs_trained == 5


def test_a_missing_snapshot_lists_what_exists(tmp_path, data, record):
    path = tmp_path / "gaps.ngrun"
    record(path, data, epochs=12, snapshot_every=5)
    with ng.open_run(path) as run:
        with pytest.raises(KeyError, match=r"epoch 3 .*epochs 0, 5, 10, 11") as caught:
            run.snapshot(np.int64(3))
        assert isinstance(caught.value, ng.NeuroglassError)
        assert not str(caught.value).startswith("'")  # a message, not a repr
        for bad in (2.0, "3", True, None, [1]):
            if bad is None:
                continue
            with pytest.raises(ng.NeuroglassError, match="epoch must be an integer"):
                run.snapshot(bad)
            with pytest.raises(ng.NeuroglassError, match="epoch must be an integer"):
                run.network(bad)
