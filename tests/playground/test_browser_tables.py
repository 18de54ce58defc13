"""The page keeps no copy of the server's tables: its choices, its defaults, the
settings its links hold and the feature maps it previews all come from the
server (Debian's Chromium, driven by Playwright)."""

import numpy as np
import pytest

from neuroglass.playground import config as cfg
from neuroglass.playground import create_app
from neuroglass.playground import messages as msg

pytestmark = pytest.mark.browser


@pytest.fixture
def tabled_page(browser, serve_app, tmp_path, monkeypatch):
    """The page of a server whose tables say what no copy in the page could:
    a learning rate of 0.042 (the default), three activations, links without
    the initialisation, and every feature a constant plane."""
    rates = sorted({*cfg.LEARNING_RATES, 0.042})
    monkeypatch.setattr(cfg, "LEARNING_RATES", tuple(rates))
    monkeypatch.setitem(cfg.DEFAULTS, "learning_rate", 0.042)
    monkeypatch.setattr(cfg, "ACTIVATIONS", ("tanh", "relu", "sigmoid"))
    # a server whose links do not hold the initialisation
    settings = {k: v for k, v in cfg.SETTINGS.items() if k != "init"}
    monkeypatch.setattr(cfg, "SETTINGS", settings)
    monkeypatch.setattr(
        msg, "playground_features", lambda X, names: np.ones((len(X), len(names)))
    )
    with serve_app(create_app(tmp_path / "runs")) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url + "/")
        page.wait_for_selector(".neuron")
        page.wait_for_function("window.playground.app.frame !== null")
        yield page
        page.screenshot(path=str(tmp_path / "tables.png"))
        assert errors == [], errors
        ctx.close()


def _options(page, select):
    return page.eval_on_selector_all(f"{select} option", "os => os.map(o => o.value)")


def test_the_controls_offer_the_servers_choices_and_defaults(tabled_page):
    page = tabled_page
    assert "0.042" in _options(page, "#learning-rate")
    assert page.input_value("#learning-rate") == "0.042"
    assert _options(page, "#activation") == ["tanh", "relu", "sigmoid"]
    # the link the page writes: the server's settings, in the server's order
    hash_ = page.evaluate("location.hash")
    assert "learning_rate=0.042" in hash_
    keys = [part.split("=")[0] for part in hash_.lstrip("#").split("&")]
    assert [k for k in keys if k in cfg.DEFAULTS] == list(cfg.SETTINGS)
    assert "init" not in keys


def test_a_features_preview_is_the_servers_map(tabled_page):
    """Every feature is a constant +1 plane on this server: the preview of x1^2
    (not an input now) is blue all over, where x1^2 itself is 0 in the middle."""
    page = tabled_page
    page.hover('.node.feature[data-feature="x1^2"]')
    page.wait_for_function("window.playground.app.preview === 'x1^2'")
    page.wait_for_timeout(100)
    blue = page.evaluate(
        """() => {
            const c = document.querySelector('#output-map');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let blue = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i + 2] > d[i] + 60) blue++;
            return blue / (d.length / 4);
        }"""
    )
    assert blue > 0.6, blue
