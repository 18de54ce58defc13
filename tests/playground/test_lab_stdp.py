"""The lab's STDP panel on the server: lab_stdp against closed forms written
here, its query checks, and GET /api/lab/stdp (starlette's TestClient)."""

import math

import numpy as np
import pytest
from starlette.testclient import TestClient

from neuroglass.playground import create_app, lab_stdp
from neuroglass.playground.lab_stdp import StdpParamError, experiment, parse

HOSTS = {"127.0.0.1", "localhost", "testserver"}


def closed_window(dt, A_plus=0.01, A_minus=0.0105, tau_plus=20.0, tau_minus=20.0):
    """W(dt), dt = t_post - t_pre (ms), written from the formula."""
    if dt > 0:
        return A_plus * math.exp(-dt / tau_plus)
    if dt < 0:
        return -A_minus * math.exp(dt / tau_minus)
    return 0.0


def run(**params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return experiment(parse(query.encode()))


# -- the window --------------------------------------------------------------------
def test_the_window_curve_is_the_closed_form_with_its_limits_at_zero():
    params = dict(A_plus=0.02, A_minus=0.03, tau_plus=16.8, tau_minus=33.7)
    curve = run(**params)["curve"]
    ltd, ltp = curve["ltd"], curve["ltp"]
    assert ltd["delta_t"][0] == -100 and ltp["delta_t"][-1] == 100
    assert np.allclose(np.diff(ltp["delta_t"]), 0.5) and len(ltp["delta_t"]) == 201
    for t, w in zip(ltp["delta_t"][1:], ltp["delta_w"][1:]):
        assert w == pytest.approx(closed_window(t, **params), rel=1e-12)
    for t, w in zip(ltd["delta_t"][:-1], ltd["delta_w"][:-1]):
        assert w == pytest.approx(closed_window(t, **params), rel=1e-12)
    assert ltd["delta_w"][-1] == -0.03 and ltp["delta_w"][0] == 0.02  # 0-, 0+


@pytest.mark.parametrize(
    ("delta_t", "kind"),
    [
        (10.0, "potentiation"),
        (-10.0, "depression"),
        (0.0, "none"),
        (-100, "depression"),
    ],
)
def test_the_point_is_the_window_at_delta_t(delta_t, kind):
    point = run(delta_t=delta_t, tau_minus=40)["point"]
    assert point["delta_w"] == pytest.approx(
        closed_window(delta_t, tau_minus=40.0), rel=1e-12, abs=0
    )
    assert point["kind"] == kind and point["delta_t"] == delta_t


def test_the_readout_example_of_the_issue():
    """Delta t = +10 ms with the defaults: +0.0061, potentiation."""
    point = run(delta_t=10)["point"]
    assert f"{point['delta_w']:+.2g}" == "+0.0061"


def test_the_window_curve_is_cached_per_parameter_set():
    lab_stdp.window_curve.cache_clear()
    run(delta_t=1, A_plus=0.5)
    run(delta_t=2, A_plus=0.5)
    info = lab_stdp.window_curve.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert run(delta_t=2, A_plus=0.5) is run(delta_t=2, A_plus=0.5)


# -- the simulated pairs -----------------------------------------------------------
@pytest.mark.parametrize("delta_t", [10.0, -7.5, 0.0, 99.5])
def test_well_separated_pairs_add_one_window_value_each(delta_t):
    """1 Hz pairs with tau = 20 ms: the cross terms are below exp(-45)."""
    n = 25
    pairs = run(delta_t=delta_t, n_pairs=n, rate=1, w0=0.5)["pairs"]
    each = closed_window(delta_t)
    expected = [0.5 + k * each for k in range(n + 1)]
    assert np.allclose(pairs["weights"], expected, rtol=0, atol=1e-12)
    assert pairs["total_change"] == pytest.approx(n * each, abs=1e-12)
    assert pairs["isolated_sum"] == pytest.approx(n * each, abs=1e-15)
    assert pairs["notes"] == ["same"] and pairs["period"] == 1000.0


def test_pair_times_start_at_zero_and_keep_delta_t():
    pre, post = lab_stdp.pair_times(-20.0, 4, 10.0)
    assert pre.tolist() == [20.0, 120.0, 220.0, 320.0]
    assert (post - pre).tolist() == [-20.0] * 4 and post[0] == 0.0


def all_to_all(delta_t, n, rate, **window):
    """Every pre with every post, by two loops (no bounds)."""
    period = 1000.0 / rate
    pre = [max(0.0, -delta_t) + k * period for k in range(n)]
    post = [t + delta_t for t in pre]
    return sum(closed_window(b - a, **window) for a in pre for b in post)


@pytest.mark.parametrize(("delta_t", "rate"), [(10.0, 20.0), (-5.0, 40.0), (30, 50)])
def test_close_pairs_interact_all_to_all(delta_t, rate):
    """At 20-50 Hz the pairs are 20-50 ms apart, about tau: each spike also
    pairs with its neighbours' spikes; unbounded, the trace form gives the
    all-to-all double sum, which differs from n W(delta_t)."""
    n = 40
    pairs = run(delta_t=delta_t, n_pairs=n, rate=rate, bounded="false", w0=0.5)["pairs"]
    expected = all_to_all(delta_t, n, rate)
    assert pairs["all_to_all_sum"] == pytest.approx(expected, rel=1e-9)
    assert pairs["total_change"] == pytest.approx(expected, rel=1e-9)
    assert pairs["interaction"] == pytest.approx(
        expected - n * closed_window(delta_t), rel=1e-9
    )
    assert abs(pairs["interaction"]) > 0.01 * abs(pairs["isolated_sum"])
    assert pairs["notes"] == ["neighbours"] and pairs["at_bound"] is None


def clipped_path(w0, each, n, w_max):
    """Well-separated pairs under hard bounds: clip after each pair."""
    path = [w0]
    for _ in range(n):
        path.append(min(max(path[-1] + each, 0.0), w_max))
    return path


@pytest.mark.parametrize(
    ("delta_t", "w0", "bound"), [(5.0, 0.95, "upper"), (-5.0, 0.04, "lower")]
)
def test_hard_bounds_clip_the_weight(delta_t, w0, bound):
    pairs = run(delta_t=delta_t, n_pairs=30, w0=w0)["pairs"]
    expected = clipped_path(w0, closed_window(delta_t), 30, 1.0)
    assert np.allclose(pairs["weights"], expected, rtol=0, atol=1e-12)
    assert min(pairs["weights"]) >= 0.0 and max(pairs["weights"]) <= 1.0
    assert pairs["at_bound"] == bound and pairs["notes"] == ["clipped"]
    assert pairs["all_to_all_sum"] == pytest.approx(30 * closed_window(delta_t))
    free = run(delta_t=delta_t, n_pairs=30, w0=w0, bounded=0)["pairs"]
    assert free["weights"][-1] == pytest.approx(w0 + 30 * closed_window(delta_t))
    assert free["notes"] == ["same"] and free["at_bound"] is None


def test_a_wider_bound_and_w0_above_w_max_without_bounds():
    assert run(w_max=5, w0=4)["pairs"]["weights"][0] == 4
    assert run(w_max=1, w0=4, bounded="false")["pairs"]["weights"][0] == 4


# -- the query's checks ------------------------------------------------------------
def test_defaults_and_accepted_spellings():
    params = parse(b"")
    assert params == {name: p.default for name, p in lab_stdp.PARAMETERS.items()}
    params = parse(b"n_pairs=60.0&bounded=0&delta_t=-2.5e1&rate=%2B5")
    assert params["n_pairs"] == 60 and isinstance(params["n_pairs"], int)
    assert params["bounded"] is False and params["delta_t"] == -25.0
    assert params["rate"] == 5.0


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("delta_t=nan", "delta_t", "not a finite number"),
        ("delta_t=NaN", "delta_t", "not a finite number"),
        ("A_plus=inf", "A_plus", "not a finite number"),
        ("tau_plus=-Infinity", "tau_plus", "not a finite number"),
        ("delta_t=1e999", "delta_t", "overflows to infinity"),
        ("delta_t=ten", "delta_t", "got 'ten'"),
        ("delta_t=", "delta_t", "got ''"),
        ("delta_t=0x10", "delta_t", "got '0x10'"),
        ("delta_t=1_0", "delta_t", "got '1_0'"),
        ("delta_t=100.5", "delta_t", "from -100 to 100 ms"),
        ("delta_t=-101", "delta_t", "from -100 to 100 ms"),
        ("tau_minus=0", "tau_minus", "from 1 to 100 ms"),
        ("A_minus=-0.1", "A_minus", "from 0 to 1"),
        ("rate=0", "rate", "from 0.1 to 100 Hz"),
        ("n_pairs=0", "n_pairs", "a whole number from 1 to 200"),
        ("n_pairs=201", "n_pairs", "a whole number from 1 to 200"),
        ("n_pairs=2.5", "n_pairs", "a whole number from 1 to 200"),
        ("bounded=maybe", "bounded", "true or false"),
        ("w0=0.5&w_max=0.2", "w0", "hard bounds [0, w_max = 0.2]"),
        ("delta_t=" + "1" * 40, "delta_t", "a text of 40 characters"),
        ("Delta_t=3", "Delta_t", "not a parameter of the STDP panel"),
        ("delta_t=1&delta_t=2", "delta_t", "given once"),
        ("rate=1&" * 200, "query", "at most 1024 bytes"),
    ],
)
def test_a_refused_parameter_is_named_with_what_it_takes(query, field, words):
    with pytest.raises(StdpParamError) as caught:
        parse(query.encode())
    error = caught.value
    assert error.field == field and words in str(error)
    assert str(error).startswith(
        (field, f"'{field}'")
    )  # the message names the parameter first
    assert error.fix and error.fix in str(error)  # and says how to fix it
    status, body = lab_stdp.respond(query.encode())
    assert status == 400 and body["ok"] is False and body["parameter"] == field
    assert set(body) == {"ok", "error", "parameter", "expected", "got", "fix", "zh"}
    assert body["zh"].startswith((field, f"'{field}'"))  # the reason in Chinese
    assert "。" in body["zh"] and "must" not in body["zh"]


# -- the route ---------------------------------------------------------------------
@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(tmp_path / "runs", allowed_hosts=HOSTS)) as c:
        yield c


def test_the_route_answers_json(client):
    response = client.get("/api/lab/stdp", params={"delta_t": "-10", "n_pairs": "5"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["ok"] and body["point"]["kind"] == "depression"
    assert len(body["pairs"]["weights"]) == 6
    assert body["convention"].startswith("delta_t = t_post - t_pre")
    names = [row["name"] for row in body["parameters"]]
    assert names == list(lab_stdp.PARAMETERS)
    assert body["parameters"][0]["value"] == -10.0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("delta_t=nan", "delta_t"),
        ("n_pairs=1e6", "n_pairs"),
        ("path=../../etc/passwd", "path"),
        ("delta_t=../../etc/passwd", "delta_t"),
    ],
)
def test_the_route_refuses_with_a_400_naming_the_parameter(client, query, field):
    response = client.get("/api/lab/stdp?" + query)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == field and "root:" not in response.text


def test_the_route_keeps_the_servers_security_rules(client):
    evil = client.get("/api/lab/stdp", headers={"Host": "evil.example"})
    assert evil.status_code == 400 and "unknown host" in evil.text
    foreign = client.get("/api/lab/stdp", headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    assert client.post("/api/lab/stdp").status_code == 405
    assert client.get("/api/lab/stdp/../../server.py").status_code == 404
