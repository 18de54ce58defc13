"""The neuron lab's newer controls in headless Chromium: the phase plane, the
parameter lines dragged on the trace, slow motion and pause, the mystery
neuron, the current band, and the page in Chinese and in the dark theme."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(lab_page):
    return lab_page


def _slide(page, value):
    page.evaluate(
        "(v) => { const s = document.querySelector('#lab-current'); s.value = v;"
        " s.dispatchEvent(new Event('input')); }",
        value,
    )


def _model(page, model):
    page.select_option("#lab-model", model)
    page.wait_for_function(f"window.lab.model.model === '{model}'")


def test_the_phase_plane_follows_the_model_and_the_current(page):
    page.wait_for_function("window.lab.phase && !window.lab.phase.available")
    assert page.is_hidden("#lab-phase")
    assert "one variable" in page.text_content("#lab-phase-note")
    _model(page, "izhikevich")
    page.wait_for_function(
        "window.lab.phase.available && window.lab.phase.model === 'izhikevich'"
    )
    assert page.is_visible("#lab-phase")
    page.wait_for_function(
        "window.lab.phaseDrawn && window.lab.phaseDrawn.trajectory > 20"
    )
    assert page.evaluate("window.lab.phaseDrawn.fixedPoints") == 2  # rest and saddle
    assert "I_SN = 4" in page.text_content("#lab-phase-note")
    assert "stable node" in page.text_content("#lab-phase-note")
    _slide(page, 10)
    page.wait_for_function("window.lab.phase.I === 10")
    assert page.evaluate("window.lab.phase.fixed_points.length") == 0
    assert "no rest state" in page.text_content("#lab-phase-note")
    page.wait_for_function("window.lab.samples.some((s) => s.w > -5)")  # u jumps by d
    _model(page, "hh")
    page.wait_for_function("window.lab.phase.model === 'hh'")
    assert page.evaluate("window.lab.phase.y.name") == "n"
    assert "reduced" in page.text_content("#lab-phase-note")


def _drag(page, name, value):
    """Drag the line of ``name`` by its tab to ``value`` mV."""
    box = page.locator("#lab-trace").bounding_box()
    handle = page.evaluate(f"window.lab.handles.find((h) => h.name === '{name}')")
    y = page.evaluate(f"window.lab.geometry.y({value})")
    page.mouse.move(box["x"] + handle["x"], box["y"] + handle["y"])
    page.mouse.down()
    page.mouse.move(box["x"] + handle["x"], box["y"] + (handle["y"] + y) / 2)
    page.mouse.move(box["x"] + handle["x"], box["y"] + y)
    page.mouse.up()


def test_dragging_the_threshold_sends_it_and_a_refusal_snaps_back(page):
    names = page.evaluate("window.lab.handles.map((h) => h.name)")
    assert names == ["V_th", "V_reset", "E_L"]
    _drag(page, "V_th", -60)
    page.wait_for_function("window.lab.model.parameters[2].value === -60")
    assert page.input_value('#lab-params input[data-name="V_th"]') == "-60"
    _drag(page, "V_th", -75)  # below the reset (-70): refused
    page.wait_for_selector("#lab-error:not([hidden])")
    assert "V_th must be above V_reset" in page.text_content("#lab-error")
    page.wait_for_function("window.lab.pending === null")
    handle = page.evaluate("window.lab.handles.find((h) => h.name === 'V_th')")
    assert handle["value"] == -60  # snapped back to the model's value
    _drag(page, "E_L", -65)  # the rest: the tab picks E_L, not V_reset under it
    page.wait_for_function("window.lab.model.parameters[1].value === -65")
    assert page.evaluate("window.lab.model.parameters[3].value") == -70


def test_dragging_the_izhikevich_reset(page):
    _model(page, "izhikevich")
    assert page.evaluate("window.lab.handles.map((h) => h.name)") == ["v_peak", "c"]
    _drag(page, "c", -50)
    page.wait_for_function("window.lab.model.parameters[2].value === -50")
    _model(page, "hh")
    assert page.evaluate("window.lab.handles.map((h) => h.name)") == ["E_L"]


def _settled_frames(page, quiet_ms=400, limit_ms=10_000):
    """The frame count once no frame has arrived for ``quiet_ms`` (frames sent
    before a pause may still be on their way on a busy machine)."""
    frames = page.evaluate("window.lab.frames")
    for _ in range(limit_ms // quiet_ms):
        page.wait_for_timeout(quiet_ms)
        now = page.evaluate("window.lab.frames")
        if now == frames:
            return now
        frames = now
    raise AssertionError(f"frames still arriving after {limit_ms} ms of pause")


def test_slow_motion_pause_and_reset_while_paused(page):
    page.select_option("#lab-speed", "0.1")
    page.wait_for_function("window.lab.model.speed === 0.1")
    page.wait_for_function(
        "Math.abs(window.lab.last.t - window.lab.last.t0 - 0.5) < 1e-6"
    )
    page.select_option("#lab-speed", "4")
    page.wait_for_function("window.lab.last.t > 150")
    page.click("#lab-play")
    page.wait_for_function(
        "document.getElementById('lab-readout').textContent.includes('paused')"
    )
    frames = _settled_frames(page)  # a frame in flight when pause was pressed lands
    assert "paused" in page.text_content("#lab-readout")
    page.click("#lab-reset")
    page.wait_for_timeout(300)
    assert page.evaluate("window.lab.frames") == frames  # nothing runs while paused
    page.click("#lab-play")
    page.wait_for_function(f"window.lab.frames > {frames}")
    assert page.evaluate("window.lab.last.t") < 100  # it restarted from t = 0


def test_the_current_band_shows_the_current_and_a_pulse(page):
    _slide(page, 0.2)
    page.wait_for_function("window.lab.currentDrawn > 100")
    page.fill("#lab-pulse-amp", "1")
    page.fill("#lab-pulse-ms", "0.5")  # shorter than a frame
    page.click("#lab-pulse")
    page.wait_for_function("window.lab.samples.some((s) => Math.abs(s.I - 1.2) < 1e-9)")
    assert page.evaluate("window.lab.samples.at(-1).I") == pytest.approx(0.2)


def test_the_mystery_neuron_hides_then_reveals(page):
    page.click("#lab-mystery-start")
    page.wait_for_function("window.lab.model.model === 'mystery'")
    assert page.is_visible("#lab-mystery-panel")
    for hidden in ("#lab-phase-panel", "#lab-params-panel", "#lab-fi-panel"):
        assert page.is_hidden(hidden), hidden
    assert page.get_attribute("#lab-current", "max") == "100"
    assert page.text_content("#lab-current-unit") == "a.u."
    _slide(page, 70)
    page.wait_for_function("window.lab.spikesSeen > 2", timeout=10_000)
    assert page.evaluate("window.lab.samples.every((s) => s.w === undefined)")
    page.click("#lab-answer-I")
    page.wait_for_selector("#lab-mystery-result:not([hidden])")
    verdict = page.text_content("#lab-mystery-result .verdict")
    truth = page.evaluate("window.lab.reveal.truth")
    assert verdict == ("Right!" if truth == "I" else "Not quite.")
    assert f"It was type {truth}" in page.text_content("#lab-mystery-result")
    assert page.is_disabled("#lab-answer-II")
    page.wait_for_function(
        "window.lab.fi && window.lab.fi.model === 'mystery'", timeout=30_000
    )
    assert page.is_visible("#lab-fi-panel")
    page.click("#lab-mystery-new")
    page.wait_for_function(
        "window.lab.model.mystery && window.lab.model.mystery.state === 'probing'"
    )
    assert page.is_hidden("#lab-mystery-result") and page.is_enabled("#lab-answer-I")
    assert page.is_hidden("#lab-fi-panel")
    _model(page, "lif")
    assert page.is_hidden("#lab-mystery-panel") and page.is_visible("#lab-params-panel")


def test_the_page_speaks_chinese_and_goes_dark(page):
    page.evaluate(
        "window.langEvents = []; window.addEventListener('lab:lang',"
        " (e) => window.langEvents.push(e.detail))"
    )
    page.click("#lab-lang")
    assert page.evaluate("document.documentElement.lang") == "zh"
    assert page.evaluate("window.langEvents") == ["zh"]
    assert page.text_content(".brand").strip().endswith("神经元实验室")
    assert (
        page.text_content("#lab-play")
        and page.get_attribute("#lab-play", "title") == "暂停"
    )
    assert "膜时间常数" in page.text_content("#lab-params")
    assert page.evaluate(
        "document.querySelector('#lab-model').selectedOptions[0].text"
    ).startswith("泄漏")
    box = '#lab-params input[data-name="V_th"]'
    page.fill(box, "-80")
    page.press(box, "Enter")
    page.wait_for_selector("#lab-error:not([hidden])")
    assert "阈值 V_th 必须高于复位电位" in page.text_content("#lab-error")
    page.eval_on_selector(  # an empty box: not a number
        box, "(i) => { i.value = ''; i.dispatchEvent(new Event('change')); }"
    )
    page.wait_for_function(
        "document.querySelector('#lab-error').textContent.includes('有限数字')"
    )
    page.click("#lab-mystery-start")
    page.wait_for_function("window.lab.model.model === 'mystery'")
    assert "模型和参数都被隐藏" in page.text_content("#lab-mystery-panel")
    page.click("#lab-theme")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.click("#lab-lang")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("window.langEvents") == ["zh", "en"]
    assert "hidden" in page.text_content("#lab-mystery-panel")
