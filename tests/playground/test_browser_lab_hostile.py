"""The neuron lab's page in Chromium, used roughly: refusals during a mystery
are shown, a full lab says so, every control works from the keyboard, and a
phone-width page fits (screenshots in test-artifacts/playground)."""

from pathlib import Path

import pytest

from neuroglass.playground import lab_socket

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"


@pytest.fixture
def page(lab_page):
    return lab_page


def test_a_refusal_during_a_mystery_is_shown_beside_the_controls(page):
    """The only error box was under the parameter table, which a mystery
    hides: a refused pulse or current said nothing."""
    page.click("#lab-mystery-start")
    page.wait_for_function("window.lab.model.model === 'mystery'")
    page.fill("#lab-pulse-amp", "500")
    page.click("#lab-pulse")
    page.wait_for_function("window.lab.lastError && window.lab.lastError.field")
    assert page.is_visible("#lab-notice")
    assert "amplitude" in page.text_content("#lab-notice")
    page.fill("#lab-pulse-amp", "5")
    page.click("#lab-pulse")  # a new command clears the old refusal
    assert page.is_hidden("#lab-notice")


def test_a_full_lab_says_so(open_lab, monkeypatch):
    monkeypatch.setattr(lab_socket, "MAX_SESSIONS", 1)
    first, one = open_lab()
    one.wait_for_function("window.lab.frames > 3")
    second, two = open_lab()
    two.wait_for_function("window.lab.closed")
    text = two.text_content("#lab-notice")
    assert "already serves 1 pages" in text and "1013" in text
    assert two.is_visible("#lab-notice")
    assert two.get_attribute("#lab-play", "aria-pressed") == "false"
    two.evaluate("document.querySelector('#lab-lang').click()")
    assert "连接已关闭" in two.text_content("#lab-notice")
    first.close()
    second.close()


def test_every_control_works_from_the_keyboard(page):
    page.wait_for_function("window.lab.fi !== null")
    page.focus("#lab-current")
    for _ in range(100):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("window.lab.last && window.lab.last.I >= 0.99")
    page.focus("#lab-pulse")
    page.keyboard.press("Enter")
    page.wait_for_function("window.lab.samples.some((s) => s.I > 1.5)")
    page.focus("#lab-speed")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("window.lab.model.speed === 2")
    page.focus("#lab-play")
    page.keyboard.press("Space")
    page.wait_for_function("window.lab.model && !window.lab.running")
    page.focus("#lab-reset")
    page.keyboard.press("Enter")
    page.wait_for_function("window.lab.last === null || window.lab.last.t < 50")
    page.focus("#lab-model")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("window.lab.model.model === 'izhikevich'")
    page.focus("#lab-preset")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("window.lab.model.preset === 'IB'")
    page.focus("#lab-mystery-start")
    page.keyboard.press("Enter")
    page.wait_for_function("window.lab.model.model === 'mystery'")
    page.focus("#lab-answer-I")
    page.keyboard.press("Enter")
    page.wait_for_function("window.lab.reveal !== null")
    page.focus("#lab-lang")
    page.keyboard.press("Enter")
    assert page.get_attribute("html", "lang") == "zh"
    page.focus("#lab-theme")
    page.keyboard.press("Enter")
    assert page.get_attribute("html", "data-theme") == "dark"


@pytest.mark.parametrize(("lang", "theme"), [("en", "light"), ("zh", "dark")])
def test_a_phone_width_page_fits(open_lab, lang, theme):
    ctx, pg = open_lab(390, 844, lang, theme)
    pg.wait_for_function("window.lab.frames > 3 && window.lab.fi !== null")
    pg.evaluate(
        "() => { const s = document.querySelector('#lab-current'); s.value = 1.5;"
        " s.dispatchEvent(new Event('input')); }"
    )
    pg.wait_for_timeout(500)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"lab_phone_{lang}_{theme}.png"), full_page=True)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    # the model's name is not cut: its select is as wide as its longest choice
    fits = pg.evaluate(
        "() => { const s = document.querySelector('#lab-model');"
        " const c = document.createElement('canvas').getContext('2d');"
        " c.font = getComputedStyle(s).font;"
        " const longest = Math.max(...[...s.options].filter((o) => !o.hidden)"
        "   .map((o) => c.measureText(o.text).width));"
        " return s.getBoundingClientRect().width - longest; }"
    )
    assert fits > 20, f"the model select is {fits:.0f} px short of its text"
    assert pg.errors == []
    ctx.close()
