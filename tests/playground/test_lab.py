"""The neuron lab without a browser: its messages are checked, its session steps
the model exactly as brain.simulate does, unsafe values are refused naming the
field, and /ws/lab serves frames, models and f-I curves (starlette's TestClient)."""

import json

import numpy as np
import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from neuroglass import brain
from neuroglass.playground import create_app, lab, lab_socket, lab_validate
from neuroglass.playground.fields import ConfigMessageError


def check(**message):
    return lab_validate.command(json.dumps(message))


# -- messages ---------------------------------------------------------------------
def test_good_messages_come_back_normalised():
    assert check(type="current", value=1) == {"type": "current", "value": 1.0}
    assert check(type="model", model="izhikevich") == {
        "type": "model",
        "model": "izhikevich",
        "preset": "RS",
    }
    assert check(type="speed", value=8)["value"] == 8.0
    assert check(type="parameter", name="V_th", value=-50)["value"] == -50.0
    assert check(type="pulse", amplitude=2, duration=5)["duration"] == 5.0


@pytest.mark.parametrize(
    ("message", "field", "words"),
    [
        ({"type": "fly"}, "type", "unknown message type"),
        ({"type": "current", "value": 1, "x": 2}, "x", "no field 'x'"),
        ({"type": "current", "value": "NaN"}, "value", "finite number"),
        ({"type": "current", "value": 1e9}, "value", "from -1000 to 1000"),
        ({"type": "model", "model": "adex"}, "model", "lif, izhikevich, hh"),
        ({"type": "model", "model": "izhikevich", "preset": "XX"}, "preset", "RS"),
        ({"type": "model", "model": "lif", "preset": "RS"}, "preset", "only for"),
        ({"type": "speed", "value": 3}, "value", "0.25"),
        ({"type": "speed", "value": True}, "value", "0.25"),
        ({"type": "pulse", "amplitude": 1, "duration": 0}, "duration", "(0, 1000]"),
        ({"type": "parameter", "name": "dt", "value": 1}, "name", "V_th"),
        ({"type": "parameter", "name": "V_th", "value": None}, "V_th", "got None"),
    ],
)
def test_bad_messages_are_refused_naming_the_field(message, field, words):
    with pytest.raises(ConfigMessageError) as info:
        lab_validate.command(json.dumps(message))
    assert info.value.field == field
    assert words in str(info.value)


def test_non_json_and_huge_messages_are_refused():
    for text in ("{", "[1]", b"{}", "x" * (lab_validate.MAX_MESSAGE_BYTES + 1)):
        with pytest.raises(ConfigMessageError):
            lab_validate.command(text)


# -- the session steps the model as simulate does -------------------------------------
def _run(session, duration, chunk):
    frames = [session.advance(chunk) for _ in range(round(duration / chunk))]
    v = np.concatenate([frames[0]["v"][:1]] + [f["v"][1:] for f in frames])
    spikes = np.concatenate([f["spikes"] for f in frames])
    return v, spikes


@pytest.mark.parametrize(
    ("model", "preset", "current", "neuron", "duration", "chunk"),
    [
        ("lif", None, 0.5, brain.LIF(), 200.0, 5.0),
        ("izhikevich", "RS", 10.0, brain.Izhikevich.preset("RS", "euler"), 200.0, 5.0),
        ("izhikevich", "FS", 10.0, brain.Izhikevich.preset("FS", "euler"), 100.0, 2.5),
        ("hh", None, 10.0, brain.HodgkinHuxley(), 30.0, 1.0),
    ],
)
def test_chunks_equal_simulate(model, preset, current, neuron, duration, chunk):
    session = lab.LabSession(model, preset or "RS")
    session.set_current(current)
    v, spikes = _run(session, duration, chunk)
    dt = lab.MODELS[model]["dt"]
    trace = brain.simulate(neuron, current, duration, dt=dt)
    np.testing.assert_allclose(v, trace.v[:, 0], rtol=0, atol=1e-9)
    np.testing.assert_allclose(spikes, trace.spike_times[0], atol=1e-9)
    assert len(spikes) > 1
    assert session.t == pytest.approx(duration)


def test_a_pulse_adds_to_the_current_for_its_duration():
    session = lab.LabSession("lif")
    session.set_current(0.2)  # below the rheobase (0.375 nA): silent
    assert session.advance(50.0)["spikes"] == []
    session.start_pulse(1.0, 20.0)
    frame = session.advance(20.0)
    assert frame["I"] == pytest.approx(1.2) and len(frame["spikes"]) >= 1
    assert session.advance(5.0)["I"] == pytest.approx(0.2)


def test_the_rate_follows_the_closed_form():
    session = lab.LabSession("lif")
    session.set_current(1.0)
    for _ in range(300):
        frame = session.advance(5.0)
    assert frame["rate"] == pytest.approx(float(brain.LIF().rate(1.0, dt=0.1)), abs=6)


def test_large_chunks_are_decimated():
    session = lab.LabSession("hh")
    frame = session.advance(40.0)  # 1600 steps of 25 µs
    assert len(frame["v"]) <= lab.MAX_SAMPLES + 1
    assert frame["dt"] == pytest.approx(0.025 * 4)


# -- unsafe values refused, naming the field ------------------------------------------
@pytest.mark.parametrize(
    ("model", "name", "value", "words"),
    [
        ("lif", "V_th", -75.0, "V_th must be above V_reset"),
        ("lif", "tau_m", 0.0, "from 1 to 200 ms"),
        ("izhikevich", "c", 30.0, "must lie below v_peak"),
        ("izhikevich", "a", -0.1, "from 0.001 to 1"),
        ("hh", "C_m", 0.4, "too large"),  # a fast membrane: dt 25 µs unstable
    ],
)
def test_unsafe_parameters_are_refused(model, name, value, words):
    session = lab.LabSession(model)
    before = session.neuron.parameters()
    with pytest.raises(ConfigMessageError) as info:
        session.set_parameter(name, value)
    assert info.value.field == name and words in str(info.value)
    assert session.neuron.parameters() == before


def test_a_parameter_of_another_model_is_refused():
    with pytest.raises(ConfigMessageError) as info:
        lab.LabSession("lif").set_parameter("a", 0.02)
    assert info.value.field == "name" and "tau_m" in str(info.value)


def test_a_lower_threshold_fires_sooner():
    session = lab.LabSession("lif")
    session.set_current(0.3)  # silent at V_th = -55 (rheobase 0.375 nA)
    assert session.advance(100.0)["spikes"] == []
    session.set_parameter("V_th", -60.0)
    assert session.advance(100.0)["spikes"]
    message = session.model_message()
    assert {"name": "V_th", "value": -60.0}.items() <= message["parameters"][2].items()


def test_a_current_outside_the_model_range_is_refused():
    session = lab.LabSession("lif")
    with pytest.raises(ConfigMessageError) as info:
        session.set_current(50.0)
    assert info.value.field == "value" and "-0.5 to 2 nA" in str(info.value)


def test_apply_turns_refusals_into_error_messages():
    session = lab.LabSession("lif")
    (reply,) = lab_socket.apply(
        session, check(type="parameter", name="V_th", value=-80)
    )
    assert reply["type"] == "error" and reply["field"] == "V_th"
    (reply,) = lab_socket.apply(session, check(type="model", model="izhikevich"))
    assert reply["type"] == "lab_model" and reply["preset"] == "RS"
    assert lab_socket.apply(session, check(type="pause")) == []
    assert session.running is False


def test_speed_scales_the_model_time_per_frame():
    session = lab.LabSession("hh")
    lab_socket.apply(session, check(type="speed", value=0.25))
    assert session.frame_ms() == 0.25 * lab.MODELS["hh"]["frame_ms"]
    frame = session.advance(session.frame_ms())
    assert frame["t"] - frame["t0"] == pytest.approx(0.25)


def test_fi_curve_is_brain_fi_curve():
    curve = lab.fi_curve(brain.LIF(), "lif")
    currents = np.linspace(-0.5, 2.0, lab.FI_POINTS)
    rates = brain.fi_curve(brain.LIF(), currents, 1000.0, (200.0, 1000.0), dt=0.1)
    np.testing.assert_allclose(curve["rates"], rates)
    np.testing.assert_allclose(curve["currents"], currents)


# -- the websocket --------------------------------------------------------------------
@pytest.fixture
def client(tmp_path):
    hosts = {"127.0.0.1", "localhost", "testserver"}
    with TestClient(create_app(tmp_path / "runs", allowed_hosts=hosts)) as c:
        yield c


def _next(ws, kind, limit=400):
    for _ in range(limit):
        message = json.loads(ws.receive_text())
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind!r} message")


def test_the_lab_page_is_served(client):
    page = client.get("/lab")
    assert page.status_code == 200 and 'src="/static/lab.js"' in page.text
    assert client.get("/static/lab.js").status_code == 200
    assert 'href="/lab"' in client.get("/").text


def test_the_socket_streams_frames_and_answers(client):
    with client.websocket_connect("/ws/lab") as ws:
        assert _next(ws, "lab_hello")["presets"] == list(brain.PRESETS)
        assert _next(ws, "lab_model")["model"] == "lif"
        fi = _next(ws, "lab_fi")  # computed in the background, frames meanwhile
        assert fi["model"] == "lif" and len(fi["rates"]) == lab.FI_POINTS
        ws.send_text(json.dumps({"type": "current", "value": 1.5}))
        frame = _next(ws, "lab_frame")
        while not frame["spikes"]:
            frame = _next(ws, "lab_frame")
        assert frame["I"] == 1.5
        ws.send_text(json.dumps({"type": "parameter", "name": "E_L", "value": 5}))
        error = _next(ws, "error")
        assert error["field"] == "E_L" and "from -100 to 0 mV" in error["message"]
        ws.send_text("not json")
        assert "not valid JSON" in _next(ws, "error")["message"]
        ws.send_text(
            json.dumps({"type": "model", "model": "izhikevich", "preset": "CH"})
        )
        assert _next(ws, "lab_model")["preset"] == "CH"


def test_a_foreign_origin_cannot_open_the_lab(client):
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect(
            "/ws/lab", headers={"Origin": "http://evil.example"}
        ) as ws:
            ws.receive()
