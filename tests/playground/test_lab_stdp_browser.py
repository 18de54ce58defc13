"""The lab's STDP panel in headless Chromium: drag the marker (mouse, touch), the
keyboard's slider, a refused parameter, the Chinese words, the dark theme.

The panel exposes its state on ``window.labStdp`` (the reply ``data``, ``deltaT``,
the ``marker`` in canvas pixels, ``readout``, ``lastError``).
"""

import math
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"
SETTLED = "window.labStdp.data.point.delta_t === window.labStdp.deltaT"
SETTLED_AT = (
    "(dt) => window.labStdp.deltaT === dt && window.labStdp.data.point.delta_t === dt"
    " && !window.labStdp.inFlight"
)


def window_value(dt, A_plus=0.01, A_minus=0.0105, tau=20.0):
    if dt > 0:
        return A_plus * math.exp(-dt / tau)
    return -A_minus * math.exp(dt / tau) if dt < 0 else 0.0


def open_lab(browser, server, **context):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, **context)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(server + "/lab")
    page.wait_for_function("window.labStdp && window.labStdp.data !== null")
    page.wait_for_function(SETTLED)
    page.locator("#stdp-window").scroll_into_view_if_needed()  # below the fold
    return ctx, page


@pytest.fixture
def page(browser, server, request):
    ctx, pg = open_lab(browser, server)
    yield pg
    shoot(pg, request.node.name)
    assert pg.errors == [], f"the page logged errors: {pg.errors}"
    ctx.close()


def shoot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#lab-stdp-panel").screenshot(path=str(ARTIFACTS / f"{name}.png"))


def point_of(page, dt):
    """The page coordinates of Δt = ``dt`` on the window canvas, at mid height."""
    box = page.locator("#stdp-window").bounding_box()
    left, right = page.evaluate(
        "[window.labStdp.geometry.left, window.labStdp.geometry.right]"
    )
    return box["x"] + left + (dt + 100) / 200 * (right - left), box["y"] + 120


def test_dragging_the_marker_with_the_mouse_moves_delta_t_and_the_readout(page):
    readout = page.text_content("#stdp-readout")
    assert readout == "Δt = +10 ms → Δw = +0.0061 (potentiation)"
    assert "Δt = t_post − t_pre" in page.text_content(".stdp-convention")
    before = page.evaluate("window.labStdp.marker")
    width, right = page.evaluate(
        "[document.querySelector('#stdp-window').clientWidth,"
        " window.labStdp.geometry.right]"
    )
    assert right == width - 12  # the drag reads the geometry of the canvas shown
    box = page.locator("#stdp-window").bounding_box()
    page.mouse.move(box["x"] + before["x"], box["y"] + before["y"])
    page.mouse.down()
    x, y = point_of(page, -20)
    page.mouse.move(x, y, steps=12)
    page.mouse.up()
    page.wait_for_function(SETTLED_AT, arg=-20)
    state = page.evaluate("window.labStdp")
    assert state["marker"]["x"] < before["x"] - 50 and not state["dragging"]
    assert state["data"]["point"]["delta_w"] == pytest.approx(window_value(-20))
    assert page.text_content("#stdp-readout") == (
        "Δt = -20 ms → Δw = -0.0039 (depression)"
    )
    assert page.input_value("#stdp-delta-t") == "-20"
    assert page.get_attribute("#stdp-delta-t", "aria-valuetext") == state["readout"]
    assert "post fires 20 ms before pre" in page.text_content("#stdp-order-caption")
    weights = state["data"]["pairs"]["weights"]  # 60 pairs at 1 Hz: each alone
    assert weights[-1] == pytest.approx(0.5 + 60 * window_value(-20), abs=1e-9)
    assert "They agree" in page.text_content("#stdp-pairs-note")


def test_a_touch_drags_the_marker(browser, server):
    ctx, page = open_lab(browser, server, has_touch=True)
    cdp = ctx.new_cdp_session(page)
    marker = page.evaluate("window.labStdp.marker")
    box = page.locator("#stdp-window").bounding_box()
    start = {"x": box["x"] + marker["x"], "y": box["y"] + marker["y"]}
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [start]})
    x, y = point_of(page, 40)
    for k in range(1, 9):
        step = {"x": start["x"] + (x - start["x"]) * k / 8, "y": y}
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [step]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function(SETTLED_AT, arg=40)
    assert page.text_content("#stdp-readout") == (
        "Δt = +40 ms → Δw = +0.0014 (potentiation)"
    )
    assert page.errors == []
    ctx.close()


def test_the_keyboard_moves_delta_t_with_the_slider(page):
    page.focus("#stdp-delta-t")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(SETTLED_AT, arg=9)
    assert page.text_content("#stdp-readout").startswith("Δt = +9 ms → Δw = +0.0064")
    page.keyboard.press("Home")
    page.wait_for_function(SETTLED_AT, arg=-100)
    assert page.text_content("#stdp-delta-t-value") == "-100 ms"
    marker = page.evaluate("[window.labStdp.marker.x, window.labStdp.geometry.left]")
    assert marker[0] == pytest.approx(marker[1])  # at the left end of the axis


def test_a_refused_parameter_shows_the_servers_reason(page):
    box = "#stdp-param-tau_plus"
    page.fill(box, "0")
    page.press(box, "Enter")
    page.wait_for_selector("#stdp-error:not([hidden])")
    text = page.text_content("#stdp-error")
    assert text.startswith("Refused: tau_plus must be a finite number from 1 to 100")
    assert "got '0'" in text
    assert page.evaluate("window.labStdp.lastError.parameter") == "tau_plus"
    assert "refused" in page.get_attribute(box, "class")
    assert page.input_value(box) == "20"  # back to the value in use
    shoot(page, "stdp-refused")
    page.fill("#stdp-param-rate", "50")  # pairs 20 ms apart: neighbours interact
    page.press("#stdp-param-rate", "Enter")
    page.wait_for_function("window.labStdp.data.parameters[9].value === 50")
    assert page.is_hidden("#stdp-error")
    note = page.text_content("#stdp-pairs-note")
    assert "They differ by" in note and "neighbouring pairs" in note
    assert page.evaluate("window.labStdp.data.pairs.notes") == ["neighbours"]


def test_the_bounds_show_when_the_weight_is_clipped(page):
    page.fill("#stdp-param-w0", "0.9")
    page.press("#stdp-param-w0", "Enter")
    page.wait_for_function("window.labStdp.data.pairs.notes.includes('clipped')")
    weights = page.evaluate("window.labStdp.data.pairs.weights")
    assert max(weights) == 1.0
    assert "hard bounds [0, w_max] clipped" in page.text_content("#stdp-pairs-note")


def test_the_panel_speaks_chinese(page):
    assert page.evaluate("document.documentElement.lang") == "en"
    page.click("#lab-lang")  # the lab's language button: <html lang>, lab:lang
    assert page.text_content("#lab-stdp-panel h2").startswith(
        "STDP：脉冲时间依赖可塑性"
    )
    assert page.text_content("#stdp-readout") == "Δt = +10 ms → Δw = +0.0061（增强）"
    assert page.text_content('label[for="stdp-param-n_pairs"]') == "配对数"
    assert "两者一致" in page.text_content("#stdp-pairs-note")
    page.fill("#stdp-param-n_pairs", "1000")
    page.press("#stdp-param-n_pairs", "Enter")
    page.wait_for_selector("#stdp-error:not([hidden])")
    assert page.text_content("#stdp-error") == (
        "被拒绝：n_pairs 必须是 1 到 200 之间的整数；收到 '1000'。请使用例如 60。"
    )
    shoot(page, "stdp-chinese")
    page.click("#lab-lang")  # the lab's language button: <html lang>, lab:lang
    assert page.text_content("#stdp-error").startswith("Refused: n_pairs must be")


def test_the_dark_theme_repaints_the_panel(page):
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_timeout(100)
    background = page.evaluate(
        "getComputedStyle(document.querySelector('#lab-stdp-panel')).backgroundColor"
    )
    assert background == "rgb(26, 32, 39)"  # --panel of the dark theme
    shoot(page, "stdp-dark")
