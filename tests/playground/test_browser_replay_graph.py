"""A recorded PyTorch CNN replayed in a real headless Chromium: the layer graph
in place of the neuron diagram, each layer's numbers per snapshot, the curves,
and the note on what the page cannot show (never an empty page)."""

from pathlib import Path

import pytest

from neuroglass.playground import create_app

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.browser
HOSTS = {"127.0.0.1", "localhost", "testserver"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"


@pytest.fixture(scope="module")
def cnn_run(tmp_path_factory, record_tiny_cnn):
    """A tiny CNN trained 3 epochs on random 8x8 images, recorded."""
    path = tmp_path_factory.mktemp("runs") / "cnn.ngrun"
    return record_tiny_cnn(path, epochs=3)[0]


def test_the_page_replays_a_cnn_run_as_its_layer_graph(
    tmp_path, cnn_run, browser, serve_app
):
    app = create_app(tmp_path / "runs", replay=cnn_run, allowed_hosts=HOSTS)
    with serve_app(app) as url:
        pg = browser.new_page(viewport={"width": 1400, "height": 950})
        errors = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.goto(url + "/")
        pg.wait_for_function("window.playground?.app.frame?.header.layers")
        pg.wait_for_timeout(300)  # the charts draw on the next animation frame
        boxes = pg.locator("#network .gbox")
        assert boxes.count() == 6  # the input and five modules
        assert boxes.nth(0).inner_text() == "input 1×8×8"
        assert "Conv2d 1→4, 3×3, pad 1" in boxes.nth(1).inner_text()
        assert "out 4×4×4" in boxes.nth(3).inner_text()
        conv = pg.locator('#network .gbox[data-name="0"] .graph-stats').inner_text()
        assert "‖∇W‖" in conv and "dead" in conv
        assert pg.locator("#graph-note").is_visible()
        assert "Conv2d, Linear" in pg.locator("#graph-note").inner_text()
        for hidden in ("#map-wrap", "#confusion-wrap", ".features-head"):
            assert not pg.locator(hidden).is_visible()
        assert pg.locator("#test-accuracy").inner_text().endswith("%")
        assert pg.locator("#train-loss").inner_text() != "–"
        assert "decision boundary" in pg.locator("#graph-note").inner_text()
        assert pg.locator(".loss-name").first.inner_text() == ""  # not "(MSE)"
        assert pg.evaluate("window.playground.app.history.epoch.length") == 3
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "replay_cnn.png"), full_page=True)
        # the timeline: an earlier snapshot's numbers
        before = conv
        pg.evaluate(
            "(() => { const t = document.getElementById('timeline');"
            " t.value = '1'; t.dispatchEvent(new Event('input'));"
            " t.dispatchEvent(new Event('change')); })()"
        )
        pg.wait_for_function("window.playground.app.frame.header.epoch === 1")
        after = pg.locator('#network .gbox[data-name="0"] .graph-stats').inner_text()
        assert after != before
        # the other language relabels the page, the graph stays
        pg.click("#lang")
        assert pg.locator("#network .gbox").count() == 6
        assert "卷积核" in pg.locator("#graph-note").inner_text()
        pg.close()
    assert errors == []
