"""The mystery neuron (lab_mystery.py): each candidate is of the type it claims,
as a learner can see it with the page's current steps (brain.fi_curve); the
choice is seeded per session; nothing of the identity leaves the server before
the answer; the answer is checked, then the model and its f-I curve revealed."""

import json

import numpy as np
import pytest

from neuroglass import brain
from neuroglass.playground import lab, lab_mystery, lab_socket, lab_validate
from neuroglass.playground.lab_models import Refusal


def _onset(key, duration=1000.0, window=(200.0, 1000.0)):
    """The first nonzero rate on the page's slider grid (0.5 a.u. steps), and
    the current (a.u.) where it appears."""
    mystery = lab_mystery.Mystery(key)
    low, high, step = lab_mystery.CURRENT
    grid = np.arange(low, high + step / 2, step)
    rates = brain.fi_curve(
        mystery.neuron(), grid * mystery.scale, duration, window, dt=mystery.dt
    )
    first = int(np.flatnonzero(rates > 0)[0])
    return grid[first], rates[first], rates


@pytest.mark.parametrize("key", ["class1", "class1_adapting"])
def test_type_one_candidates_start_near_zero_hz(key):
    """Type I: a learner stepping the slider finds rates under 5 Hz at onset,
    and the curve rises without a jump (no step of more than 10 Hz)."""
    current, rate, rates = _onset(key)
    assert lab_mystery.CANDIDATES[key][0] == "I"
    assert 0 < rate < 5.0
    assert 20 < current < 80  # the onset falls mid-range: the range tells nothing
    assert np.max(np.diff(rates)) < 10.0


def test_izhikevich_class_two_jumps():
    current, rate, _ = _onset("class2")
    assert lab_mystery.CANDIDATES["class2"][0] == "II"
    assert rate > 15.0 and 20 < current < 80


@pytest.mark.slow
def test_hodgkin_huxley_jumps():
    """HH (type II): nothing, then about 50 Hz (the squid axon's repetitive
    firing starts near 6.2 µA/cm², Hodgkin-Huxley 1952 as simulated by
    Rinzel & Miller 1980); counted over 200..1000 ms so that a transient
    spike at onset does not count as a low rate."""
    mystery = lab_mystery.Mystery("hh")
    grid = np.arange(35.0, 50.0, 0.5)  # a.u. around the onset, the slider's step
    rates = brain.fi_curve(
        mystery.neuron(), grid * mystery.scale, 1000.0, (200.0, 1000.0), dt=0.025
    )
    first = rates[rates > 0][0]
    assert first > 40.0
    assert 6.0 < grid[rates > 0][0] * mystery.scale < 6.5


def test_the_choice_is_seeded_and_fair():
    picks = [lab_mystery.pick(np.random.default_rng(s)).key for s in range(200)]
    again = [lab_mystery.pick(np.random.default_rng(s)).key for s in range(200)]
    assert picks == again
    kinds = [lab_mystery.CANDIDATES[k][0] for k in picks]
    assert 70 < kinds.count("I") < 130
    assert set(picks) == set(lab_mystery.CANDIDATES)
    one, two = lab.LabSession(seed=3), lab.LabSession(seed=3)
    one.start_mystery(), two.start_mystery()
    assert one.mystery.key == two.mystery.key


IDENTITY = ("izhikevich", "hh", "Hodgkin", "class", "lif", "µA", 'scheme": "')


@pytest.mark.parametrize("key", list(lab_mystery.CANDIDATES))
def test_nothing_of_the_identity_is_sent_before_the_answer(key):
    session = lab.LabSession(seed=0)
    session.start_mystery()
    session.mystery = lab_mystery.Mystery(key)  # this candidate
    session.neuron = session.mystery.neuron()
    session.reset()
    session.set_current(60.0)
    sent = [session.model_message(), lab_socket.phase(session)]
    sent += [session.advance(session.frame_ms()) for _ in range(10)]
    text = json.dumps(sent)
    for word in IDENTITY:
        assert word not in text, f"{word!r} leaks the mystery {key}"
    assert session.fi_job() is None
    frame = sent[-1]
    assert "u" not in frame and "n" not in frame
    assert frame["dt"] == pytest.approx(0.1)  # HH's 25 µs steps are not shown
    assert frame["t"] - frame["t0"] == pytest.approx(lab_mystery.FRAME_MS)
    assert sent[0]["current"]["unit"] == "a.u." and sent[0]["preset"] is None


def test_the_answer_is_checked_then_revealed():
    session = lab.LabSession(seed=1)
    session.start_mystery()
    truth = session.mystery.kind
    wrong = "II" if truth == "I" else "I"
    reveal = session.answer(wrong)
    assert reveal["type"] == "lab_reveal" and reveal["correct"] is False
    assert reveal["truth"] == truth and reveal["answer"] == wrong
    assert reveal["model"] in ("izhikevich", "hh") and reveal["explanation"]["zh"]
    assert session.model_message()["mystery"] == {"state": "revealed"}
    _, compute = session.fi_job()
    curve = compute()
    assert curve["model"] == "mystery" and curve["currents"][-1] == 100.0
    with pytest.raises(Refusal) as info:
        session.answer(truth)
    assert "already answered" in str(info.value) and info.value.zh


def test_a_right_answer_is_right():
    session = lab.LabSession(seed=2)
    session.start_mystery()
    assert session.answer(session.mystery.kind)["correct"] is True


def test_answers_and_parameters_are_refused_outside_their_place():
    session = lab.LabSession("lif")
    (reply,) = lab_socket.apply(
        session, lab_validate.command('{"type": "answer", "value": "I"}')
    )
    assert reply["type"] == "error" and "no mystery" in reply["message"]
    assert "神秘" in reply["zh"]
    session.start_mystery()
    with pytest.raises(Refusal) as info:
        session.set_parameter("V_th", -50.0)
    assert "hidden" in str(info.value)
    with pytest.raises(Refusal):
        session.set_current(101.0)
    for bad in (
        '{"type": "answer", "value": "III"}',
        '{"type": "answer"}',
        '{"type": "mystery", "model": "hh"}',
    ):
        with pytest.raises(Exception) as info:
            lab_validate.command(bad)
        assert info.value.field in ("value", "model")


def test_choosing_a_model_leaves_the_mystery():
    session = lab.LabSession(seed=0)
    lab_socket.apply(session, lab_validate.command('{"type": "mystery"}'))
    assert session.hidden
    (reply,) = lab_socket.apply(
        session, lab_validate.command('{"type": "model", "model": "lif"}')
    )
    assert reply["mystery"] is None and not session.hidden
    assert reply["parameters"]


# -- over the websocket -----------------------------------------------------------
@pytest.fixture
def client(tmp_path):
    from starlette.testclient import TestClient

    from neuroglass.playground import create_app

    hosts = {"127.0.0.1", "localhost", "testserver"}
    with TestClient(create_app(tmp_path / "runs", allowed_hosts=hosts)) as c:
        yield c


def _until(ws, kind, seen, limit=600):
    for _ in range(limit):
        message = json.loads(ws.receive_text())
        seen.append(message)
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind!r} message")


def test_the_socket_plays_a_mystery(client):
    seen = []
    with client.websocket_connect("/ws/lab") as ws:
        assert not _until(ws, "lab_phase", seen)["available"]  # LIF: no plane
        ws.send_text(json.dumps({"type": "model", "model": "izhikevich"}))
        while not _until(ws, "lab_phase", seen)["available"]:
            pass
        ws.send_text(json.dumps({"type": "mystery"}))
        model = _until(ws, "lab_model", seen)
        assert model["mystery"] == {"state": "probing"} and model["parameters"] == []
        start = len(seen)
        assert not _until(ws, "lab_phase", seen)["available"]
        ws.send_text(json.dumps({"type": "current", "value": 70}))
        for _ in range(20):
            _until(ws, "lab_frame", seen)
        ws.send_text(json.dumps({"type": "parameter", "name": "a", "value": 0.1}))
        error = _until(ws, "error", seen)
        assert "hidden" in error["message"] and "隐藏" in error["zh"]
        ws.send_text(json.dumps({"type": "answer", "value": "I"}))
        reveal = _until(ws, "lab_reveal", seen)
        before = json.dumps(seen[start:-1])
        assert "lab_fi" not in before and reveal["label"] not in before
        assert _until(ws, "lab_model", seen)["mystery"] == {"state": "revealed"}
        fi = _until(ws, "lab_fi", seen)
        assert fi["model"] == "mystery" and len(fi["rates"]) == lab.FI_POINTS
