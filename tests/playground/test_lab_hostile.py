"""The neuron lab against a hostile page: odd messages, unstable inputs, a
mystery neuron read through its frames, more sockets than the lab serves. Each
test failed before its fix (see the commit that added it)."""

import json
import math

import numpy as np
import pytest
from starlette.testclient import TestClient

from neuroglass.playground import create_app, lab, lab_mystery, lab_socket, lab_validate
from neuroglass.playground.fields import ConfigMessageError
from neuroglass.playground.lab_models import Refusal


@pytest.fixture
def client(tmp_path):
    hosts = {"127.0.0.1", "localhost", "testserver"}
    with TestClient(create_app(tmp_path / "runs", allowed_hosts=hosts)) as c:
        yield c


def messages_until(ws, kind, limit=300, where=None):
    """The messages received up to and including the first of ``kind``."""
    seen = []
    for _ in range(limit):
        seen.append(json.loads(ws.receive_text()))
        if seen[-1]["type"] == kind and (where is None or where(seen[-1])):
            return seen
    raise AssertionError(f"no {kind!r} in {limit} messages")


# -- messages ---------------------------------------------------------------------
@pytest.mark.parametrize("value", [10**400, -(10**400), 10**20])
def test_a_huge_whole_speed_is_refused_not_a_crash(value):
    """int(10**400) has no float: the check raised OverflowError, which
    killed the socket's reader (the page then got nothing more)."""
    with pytest.raises(ConfigMessageError) as info:
        lab_validate.command(json.dumps({"type": "speed", "value": value}))
    assert info.value.field == "value"


def test_the_socket_survives_a_message_its_checks_choke_on(client):
    with client.websocket_connect("/ws/lab") as ws:
        messages_until(ws, "lab_model")
        ws.send_text('{"type": "speed", "value": 1' + "0" * 400 + "}")
        (error,) = [m for m in messages_until(ws, "error")[-1:]]
        assert error["field"] == "value"
        ws.send_text(json.dumps({"type": "speed", "value": 2}))
        assert messages_until(ws, "lab_model")[-1]["speed"] == 2.0


# -- unstable inputs: refused up front, or caught and told -------------------------
@pytest.mark.parametrize(
    ("model", "current", "amplitude"),
    [("hh", 0.0, -1000.0), ("hh", 50.0, 20.0), ("lif", 0.0, -1000.0)],
)
def test_a_pulse_may_not_take_the_current_outside_the_models_range(
    model, current, amplitude
):
    """HH under a -1000 µA/cm² pulse went NaN at the lab's dt: the frame could
    not be sent (json allow_nan=False) and the socket's loop died."""
    session = lab.LabSession(model=model)
    session.set_current(current)
    with pytest.raises(Refusal) as info:
        session.start_pulse(amplitude, 10.0)
    assert info.value.field == "amplitude" and "must be from" in str(info.value)
    assert info.value.zh and session.pulse == (0.0, 0, 0)
    low, high, _ = lab.MODELS[model]["current"]
    session.start_pulse(high - current, 1.0)  # up to the top of the range is fine
    session.start_pulse(low - current, 1.0)


def test_a_state_that_blows_up_is_put_back_to_rest_and_told():
    """HH without a leak under a negative current drifts down until its rates
    overflow (a property of the model, within the lab's ranges): the frame
    held NaN and could not be sent. Now: rest, I = 0, paused, a reason."""
    session = lab.LabSession(model="hh")
    session.set_parameter("g_L", 0.0)
    session.set_current(-5.0)
    with pytest.raises(Refusal) as info, np.errstate(all="ignore"):
        for _ in range(400):
            frame = session.advance(5.0)
            json.dumps(frame, allow_nan=False)  # every frame sent is finite
    assert info.value.field == "current" and "infinite" in str(info.value)
    assert "无穷大" in info.value.zh
    assert session.current == 0.0 and not session.running and session.t == 0.0
    assert all(np.isfinite(x).all() for x in session.state.values())
    json.dumps(session.advance(5.0), allow_nan=False)


def test_the_socket_reports_a_blow_up_and_keeps_serving(client):
    with client.websocket_connect("/ws/lab") as ws:
        messages_until(ws, "lab_model")
        for message in (
            {"type": "model", "model": "hh"},
            {"type": "parameter", "name": "g_L", "value": 0},
            {"type": "speed", "value": 8},
            {"type": "current", "value": -5},
        ):
            ws.send_text(json.dumps(message))
        seen = messages_until(  # (its f-I sweep may fail first, told as well)
            ws, "error", limit=3000, where=lambda m: "infinite" in m["message"]
        )
        assert seen[-1]["field"] == "current" and seen[-1]["zh"]
        model = messages_until(ws, "lab_model")[-1]
        assert model["running"] is False and model["current"]["value"] == 0.0


# -- the frame budget: 8x of HH on a slow machine says what it gets --------------------
def test_a_frame_over_its_budget_is_cut_and_says_its_speed():
    session = lab.LabSession(model="hh")
    session.speed = 8.0
    session.set_current(10.0)
    frame = session.advance(session.frame_ms(), budget_s=0.0)
    assert frame["cut"] is True
    steps = lab_socket.lab.CHECK_EVERY
    assert frame["t"] == pytest.approx(steps * 0.025)
    assert frame["speed"] == pytest.approx(steps * 0.025 / 1.0)
    assert len(frame["v"]) == steps + 1 and len(frame["currents"]) == steps + 1
    full = session.advance(session.frame_ms())
    assert full["cut"] is False and full["speed"] == pytest.approx(8.0)


# -- the mystery neuron: nothing in a frame tells the candidates apart -----------------
def _frames(key, speed, current):
    session = lab.LabSession(seed=0)
    session.start_mystery()
    session.mystery = lab_mystery.Mystery(key)
    session.neuron = session.mystery.neuron()
    session.reset()
    session.speed = speed
    session.set_current(current)
    return session, [session.advance(session.frame_ms()) for _ in range(60)]


@pytest.mark.parametrize("speed", [0.25, 1.0, 8.0])
def test_mystery_frames_share_one_time_grid(speed):
    """HH's spikes came at multiples of 25 µs (12.325 ms) and the Izhikevich
    candidates' at multiples of 0.1 ms: the spike times named the model."""
    shapes, models = {}, []
    for key in lab_mystery.CANDIDATES:
        session, frames = _frames(key, speed, 90.0)
        spikes = [s for f in frames for s in f["spikes"]]
        assert spikes, f"{key} does not fire at 90 a.u."
        for s in spikes:
            k = round(s / lab_mystery.SAMPLE_MS)
            assert s == k * lab_mystery.SAMPLE_MS, (key, s)
        shapes[key] = [
            (sorted(f), f["t0"], f["t"], f["dt"], len(f["v"]), len(f["currents"]))
            for f in frames
        ]
        models.append(session.model_message())
    assert all(m == models[0] for m in models)
    first = next(iter(shapes.values()))
    assert all(shape == first for shape in shapes.values())


# -- more sockets than the lab serves -----------------------------------------------
def test_a_socket_beyond_the_cap_is_told_and_closed(client, monkeypatch):
    monkeypatch.setattr(lab_socket, "MAX_SESSIONS", 2)
    with client.websocket_connect("/ws/lab") as a:
        messages_until(a, "lab_model")
        with client.websocket_connect("/ws/lab") as b:
            messages_until(b, "lab_model")
            with client.websocket_connect("/ws/lab") as c:
                error = json.loads(c.receive_text())
                assert error["type"] == "error" and "2 pages" in error["message"]
                assert c.receive()["code"] == 1013
            messages_until(a, "lab_frame")  # the others go on
        with client.websocket_connect("/ws/lab") as d:
            assert messages_until(d, "lab_model")  # a slot came free
    assert lab_socket._open == 0


def test_a_failed_fi_curve_is_told_once_and_the_lab_goes_on(client, monkeypatch):
    def broken(neuron, model):
        raise ValueError("a broken sweep")

    monkeypatch.setattr(lab, "fi_curve", broken)
    with client.websocket_connect("/ws/lab") as ws:
        error = messages_until(ws, "error")[-1]
        assert "a broken sweep" in error["message"]
        seen = messages_until(ws, "lab_frame", limit=50)
        assert [m for m in seen if m["type"] == "error"] == []
        ws.send_text(json.dumps({"type": "current", "value": 1}))
        assert messages_until(ws, "lab_frame", where=lambda f: f["I"] == 1.0)


def test_every_model_change_sends_its_phase_plane(client):
    """The phase plane was keyed by id(neuron), which a new neuron may reuse."""
    with client.websocket_connect("/ws/lab") as ws:
        messages_until(ws, "lab_model")
        for preset in ("RS", "FS", "RS", "CH"):
            ws.send_text(
                json.dumps({"type": "model", "model": "izhikevich", "preset": preset})
            )
            seen = messages_until(ws, "lab_phase", where=lambda m: m["available"])
            assert any(m["type"] == "lab_model" and m["preset"] == preset for m in seen)
            assert math.isfinite(seen[-1]["I"])
