"""The neuron lab in headless Chromium: each control does what it says.

The page exposes its state on ``window.lab`` (frames, spike markers drawn, the
model, the last error), as the main page does with ``window.playground``.
"""

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


def test_the_slider_makes_spikes_drawn_and_moves_the_operating_point(page):
    page.wait_for_timeout(300)
    assert page.evaluate("window.lab.spikesSeen") == 0  # I = 0: at rest
    page.wait_for_function("window.lab.fi !== null")
    _slide(page, 1.5)
    page.wait_for_function("window.lab.spikesDrawn >= 3", timeout=10_000)
    point = page.evaluate("window.lab.operatingPoint")
    assert point["current"] == 1.5 and point["rate"] > 100  # on the LIF's curve
    assert page.text_content("#lab-current-value") == "1.5"
    page.click("#lab-play")  # pause
    frames = page.evaluate("window.lab.frames")
    for _ in range(25):  # a frame sent before the pause may still land
        page.wait_for_timeout(400)
        if page.evaluate("window.lab.frames") == frames:
            break
        frames = page.evaluate("window.lab.frames")
    page.wait_for_timeout(400)
    assert page.evaluate("window.lab.frames") == frames
    assert page.get_attribute("#lab-play", "aria-pressed") == "false"


def test_a_pulse_fires_a_silent_neuron(page):
    page.fill("#lab-pulse-amp", "2")
    page.fill("#lab-pulse-ms", "20")
    page.click("#lab-pulse")
    page.wait_for_function("window.lab.spikesSeen >= 1", timeout=10_000)


def test_switching_model_shows_its_parameters(page):
    page.select_option("#lab-model", "izhikevich")
    page.wait_for_function("window.lab.model.model === 'izhikevich'")
    assert page.is_visible("#lab-preset")
    names = page.eval_on_selector_all(
        "#lab-params input", "l => l.map(i => i.dataset.name)"
    )
    assert names == ["a", "b", "c", "d", "v_peak"]
    page.select_option("#lab-preset", "FS")
    page.wait_for_function("window.lab.model.preset === 'FS'")
    assert page.input_value('#lab-params input[data-name="a"]') == "0.1"
    page.select_option("#lab-model", "hh")
    page.wait_for_function("window.lab.model.model === 'hh'")
    assert not page.is_visible("#lab-preset")
    assert page.text_content("#lab-current-unit") == "µA/cm²"


def test_a_bad_parameter_is_refused_with_its_reason(page):
    box = '#lab-params input[data-name="V_th"]'
    page.fill(box, "-80")
    page.press(box, "Enter")
    page.wait_for_selector("#lab-error:not([hidden])")
    assert "V_th must be above V_reset" in page.text_content("#lab-error")
    assert page.evaluate("window.lab.lastError.field") == "V_th"
    assert "refused" in page.get_attribute(box, "class")
    assert page.input_value(box) == "-55"  # back to the model's value
    page.fill(box, "-60")
    page.press(box, "Enter")
    page.wait_for_function("window.lab.model.parameters[2].value === -60")
    assert page.is_hidden("#lab-error")


def test_the_pages_link_to_each_other(page, server):
    page.click("#to-playground")
    page.wait_for_selector("#to-lab")
    page.click("#to-lab")
    page.wait_for_function("window.lab && window.lab.model !== null")


def test_speed_and_reset(page):
    page.select_option("#lab-speed", "8")
    page.wait_for_function("window.lab.model.speed === 8")
    page.wait_for_function("window.lab.last.t - window.lab.last.t0 >= 39.9")  # 8 x 5 ms
    page.select_option("#lab-speed", "0.25")
    page.wait_for_function("window.lab.last.t - window.lab.last.t0 <= 1.3")
    page.wait_for_function("window.lab.last.t > 200")
    page.click("#lab-reset")
    page.wait_for_function("window.lab.last && window.lab.last.t < 50")
    assert page.evaluate("window.lab.samples.every((s) => s.t <= window.lab.last.t)")
