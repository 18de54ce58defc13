"""What a session knows, declared in one place (playground.state)."""

import dataclasses

import pytest

from neuroglass.playground.state import (
    CLOSE,
    GO_ON,
    Close,
    LiveState,
    ReplayState,
    Restart,
    View,
)


def test_outcomes_are_frozen_values():
    assert Restart() == Restart(new_weights=True, new_data=False, same_init=False)
    assert GO_ON == Restart(new_weights=False) and not GO_ON.new_data
    assert isinstance(CLOSE, Close)
    with pytest.raises(dataclasses.FrozenInstanceError):
        GO_ON.new_weights = True


def test_each_state_gets_its_own_lists_and_curve():
    a, b = LiveState(), LiveState()
    a.pending_events.append("event")
    assert b.pending_events == [] and a.curve is not b.curve
    assert ReplayState().notes == [] and ReplayState().notes is not ReplayState().notes


def test_live_and_replayed_states_share_the_view_fields():
    view = {f.name for f in dataclasses.fields(View)}
    assert view <= {f.name for f in dataclasses.fields(LiveState)}
    assert view <= {f.name for f in dataclasses.fields(ReplayState)}
    assert {"config", "data", "parts", "net", "focus", "seq", "run_path"} == view
