"""The lab's phase plane (lab_phase.py) and the frames' second variable: the
message carries brain.phase_plane's nullclines, fixed points and bifurcation
currents; the frames carry u (Izhikevich) or n (HH) as simulate records them,
and the current samples show a pulse even when a frame is decimated."""

import json

import numpy as np
import pytest

from neuroglass import brain
from neuroglass.playground import lab, lab_phase, lab_socket


def test_izhikevich_plane_is_brain_phase_plane():
    neuron = brain.Izhikevich.preset("RS", scheme="euler")
    message = lab_phase.phase_message(neuron, "izhikevich", 3.0, (-90.0, 40.0))
    plane = brain.phase_plane(neuron, 3.0)
    assert message["available"] and message["x"]["name"] == "v"
    assert message["I_SN"] == pytest.approx((5 - 0.2) ** 2 / 0.16 - 140)  # 4.0
    assert message["I_H"] == pytest.approx(plane.I_H)
    xs = np.array(message["xs"])
    v_null, u_null = (np.array(c, dtype=float) for c in message["nullclines"])
    np.testing.assert_allclose(v_null, 0.04 * xs**2 + 5 * xs + 140 + 3.0, rtol=1e-4)
    np.testing.assert_allclose(u_null, 0.2 * xs, rtol=1e-4, atol=1e-9)
    points = message["fixed_points"]  # rest (stable node) and the saddle
    assert [p["stability"] for p in points] == ["stable node", "saddle"]
    assert points[0]["stable"] and not points[1]["stable"]
    assert points[0]["v"] == pytest.approx(plane.equilibria[0].v)
    low, high = message["y"]["range"]
    assert low < -16.25 + 3.0 and high > 20  # the parabola's bottom, the bursts' u
    json.dumps(message, allow_nan=False)


def test_above_the_saddle_node_there_is_no_rest():
    neuron = brain.Izhikevich.preset("RS", scheme="euler")
    assert (
        lab_phase.phase_message(neuron, "izhikevich", 10.0, (-90, 40))["fixed_points"]
        == []
    )


def test_the_field_points_along_the_flow():
    neuron = brain.Izhikevich.preset("FS", scheme="euler")
    message = lab_phase.phase_message(neuron, "izhikevich", 0.0, (-90.0, 40.0))
    x, y, dx, dy = message["field"][0]
    assert dx == pytest.approx(0.04 * x**2 + 5 * x + 140 - y, rel=1e-4)
    assert dy == pytest.approx(0.1 * (0.2 * x - y), rel=1e-4, abs=1e-6)
    assert len(message["field"]) == np.prod(lab_phase.FIELD_SIZE)


def test_hh_gives_the_reduced_plane_with_gaps_as_null():
    message = lab_phase.phase_message(brain.HodgkinHuxley(), "hh", 0.0, (-90.0, 60.0))
    assert message["available"] and message["y"]["name"] == "n"
    (rest,) = message["fixed_points"]
    assert rest["v"] == pytest.approx(-65.1, abs=0.1) and rest["stable"]
    n_null = np.array(message["nullclines"][1])
    xs = np.array(message["xs"])
    np.testing.assert_allclose(n_null, brain.hodgkin_huxley.n_inf(xs), rtol=1e-4)
    assert message["I_SN"] is None and "reduced" in message["note"]["en"]
    json.dumps(message, allow_nan=False)  # NaN points of the V-nullcline are null


def test_lif_and_mystery_have_no_plane_and_say_why():
    session = lab.LabSession("lif")
    message = lab_socket.phase(session)
    assert not message["available"] and "one variable" in message["note"]["en"]
    assert message["note"]["zh"]
    session.start_mystery()
    assert "Hidden" in lab_socket.phase(session)["note"]["en"]


def test_the_plane_follows_the_current():
    session = lab.LabSession("izhikevich")
    assert len(lab_socket.phase(session)["fixed_points"]) == 2
    session.set_current(10.0)
    message = lab_socket.phase(session)
    assert message["I"] == 10.0 and message["fixed_points"] == []


@pytest.mark.parametrize(
    ("model", "name", "current", "neuron"),
    [
        ("izhikevich", "u", 10.0, brain.Izhikevich.preset("RS", "euler")),
        ("hh", "n", 10.0, brain.HodgkinHuxley()),
    ],
)
def test_frames_carry_the_second_variable(model, name, current, neuron):
    session = lab.LabSession(model)
    session.set_current(current)
    frames = [session.advance(lab.MODELS[model]["frame_ms"]) for _ in range(8)]
    w = np.concatenate([frames[0][name][:1]] + [f[name][1:] for f in frames])
    duration = 8 * lab.MODELS[model]["frame_ms"]
    trace = brain.simulate(
        neuron, current, duration, dt=lab.MODELS[model]["dt"], record=("v", name)
    )
    np.testing.assert_allclose(w, trace[name][:, 0], atol=1e-9)
    assert all(len(f[name]) == len(f["v"]) == len(f["currents"]) for f in frames)


def test_lif_frames_have_no_second_variable():
    frame = lab.LabSession("lif").advance(5.0)
    assert "u" not in frame and "n" not in frame


def test_current_samples_show_a_pulse_shorter_than_a_sample():
    session = lab.LabSession("hh")  # 40 ms: 1600 steps, one sample per 4
    session.set_current(2.0)
    session.advance(1.0)
    session.start_pulse(5.0, 0.025)  # one step of 25 µs
    frame = session.advance(40.0)
    assert len(frame["currents"]) == len(frame["v"])
    assert max(frame["currents"]) == pytest.approx(7.0)
    assert frame["currents"][-1] == pytest.approx(2.0)


def test_current_samples_match_each_step():
    session = lab.LabSession("lif")
    session.set_current(0.2)
    session.start_pulse(1.0, 1.0)  # 10 steps
    frame = session.advance(2.0)  # 20 steps, not decimated
    assert frame["currents"][:11] == pytest.approx([1.2] * 11)
    assert frame["currents"][11:] == pytest.approx([0.2] * 10)


def test_the_slowest_speed_is_a_tenth():
    session = lab.LabSession("lif")
    from neuroglass.playground import lab_validate

    command = lab_validate.command('{"type": "speed", "value": 0.1}')
    lab_socket.apply(session, command)
    frame = session.advance(session.frame_ms())
    assert frame["t"] - frame["t0"] == pytest.approx(0.5)
