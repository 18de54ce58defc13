"""The playground in a real headless Chromium (Debian's), driven by Playwright.

`make test` installs Chromium; without it these tests fail (they are not skipped).
Screenshots land in test-artifacts/playground/ for a person to look at.
"""

import json
import re
import time
from pathlib import Path

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.playground import create_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" else None,
    )
    pg.base = server
    pg.errors = errors
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert errors == [], f"the page logged errors: {errors}"


def _open(page, hash_=""):
    page.goto(page.base + "/" + hash_)
    page.wait_for_function("document.querySelector('#epoch').textContent.length > 0")
    page.wait_for_selector(".neuron")


def _epoch(page) -> int:
    return int(re.sub(r"\D", "", page.text_content("#epoch")) or 0)


def _number(page, selector) -> float:
    text = page.text_content(selector) or ""
    match = re.search(r"-?\d+(\.\d+)?", text)
    return float(match.group()) if match else float("nan")


def test_play_trains_circle_until_the_test_loss_is_low(page):
    _open(page, "#learning_rate=0.1&seed=1")
    first_loss = _number(page, "#test-loss")
    assert _epoch(page) == 0
    page.click("#play")
    page.wait_for_function(
        "parseFloat(document.querySelector('#test-loss').textContent"
        ".match(/-?[0-9.]+/)) < 0.05",
        timeout=60_000,
    )
    epoch = _epoch(page)
    assert epoch > 0
    assert _number(page, "#test-loss") < first_loss
    page.click("#play")  # pause
    page.wait_for_timeout(300)
    paused = _epoch(page)
    page.wait_for_timeout(500)
    assert _epoch(page) == paused


def test_step_add_layer_and_neurons(page):
    _open(page, "#seed=2")
    page.click("#step")
    page.wait_for_function("document.querySelector('#epoch').textContent.match(/1/)")
    assert _epoch(page) == 1
    before = page.locator(".neuron").count()  # 4 + 2 hidden + the output
    page.click("#add-layer")
    page.wait_for_function(f"document.querySelectorAll('.neuron').length > {before}")
    assert page.locator(".neuron").count() == before + 2  # a new layer has 2
    assert "hidden=4%2C2%2C2" in page.url or "hidden=4,2,2" in page.url
    page.locator(".add-neuron").first.click()
    page.wait_for_function(
        f"document.querySelectorAll('.neuron').length == {before + 3}"
    )


def test_switch_dataset_and_toggle_a_feature(page):
    _open(page, "#seed=3")
    page.click(".dataset[data-dataset='spiral']")
    page.wait_for_function("location.hash.includes('dataset=spiral')")
    page.click(".feature[data-feature='x1^2']")
    page.wait_for_function("decodeURIComponent(location.hash).includes('x1^2')")
    page.click("#step")
    page.wait_for_function("document.querySelector('#epoch').textContent.match(/1/)")


def test_the_url_reproduces_the_setup(page, browser):
    _open(page, "#dataset=xor&hidden=3&activation=relu&seed=77&learning_rate=0.3")
    assert page.input_value("#activation") == "relu"
    assert page.input_value("#learning-rate") in ("0.3", "0.30")
    assert page.locator(".neuron").count() == 3 + 1
    weights = page.evaluate("JSON.stringify(window.playground?.lastWeights ?? null)")
    other = browser.new_page()
    other.goto(page.url)
    other.wait_for_selector(".neuron")
    other.wait_for_timeout(500)
    assert other.evaluate("location.hash") == page.evaluate("location.hash")
    again = other.evaluate("JSON.stringify(window.playground?.lastWeights ?? null)")
    other.close()
    assert weights == again and weights != "null"


def test_language_and_theme(page):
    _open(page)
    english = page.text_content("body")
    page.click("#lang")
    page.wait_for_function("document.documentElement.lang.startsWith('zh')")
    chinese = page.text_content("body")
    assert chinese != english
    assert re.search(r"[\u4e00-\u9fff]", chinese)
    page.click("#theme")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"


def test_upload_a_csv_and_a_bad_one(page, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(-5, 5, size=(80, 2))
    good = tmp_path / "mine.csv"
    good.write_text(
        "x1,x2,label\n" + "".join(f"{a:.3f},{b:.3f},{int(a * b > 0)}\n" for a, b in X)
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2\n3,4,5\n")
    _open(page)
    page.set_input_files("#upload", str(good))
    page.wait_for_function("location.hash.includes('dataset=custom')")
    page.set_input_files("#upload", str(bad))
    page.wait_for_function("document.querySelector('#upload-error').textContent.length")
    assert "column" in page.text_content("#upload-error")
    # Chromium logs every 4xx reply, fetch included; that one is expected
    page.errors[:] = [e for e in page.errors if "status of 400" not in e]


def test_export_the_model_and_load_it(page, tmp_path):
    _open(page, "#seed=5&hidden=3")
    page.click("#step")
    page.wait_for_function("document.querySelector('#epoch').textContent.match(/1/)")
    with page.expect_download() as info:
        page.click("#export-model")
    path = tmp_path / "model.npz"
    info.value.save_as(path)
    net = ng.load(path)
    assert net.sizes == [2, 3, 1]


def test_explain_a_neuron(page):
    _open(page, "#seed=6")
    page.locator(".neuron").first.click()
    page.wait_for_function(
        "document.querySelector('#explain').textContent.includes('z')"
    )
    assert "tanh" in page.text_content("#explain")


def test_divergence_shows_an_explanation(page):
    state = {
        "problem": "regression",
        "dataset": "plane",
        "output": "linear_mse",
        "activation": "linear",
        "features": "x1,x2,x1^2,x2^2,x1*x2",
        "learning_rate": 10,
        "seed": 0,
    }
    _open(page, "#" + "&".join(f"{k}={v}" for k, v in state.items()))
    page.click("#play")
    page.wait_for_function(
        "document.querySelector('#banner').textContent.toLowerCase()"
        ".includes('learning rate')",
        timeout=30_000,
    )
    assert page.locator("#banner").is_visible()


def test_phone_sized_screen_does_not_overflow(browser, server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    pg = context.new_page()
    pg.goto(server + "/")
    pg.wait_for_selector(".neuron")
    pg.wait_for_timeout(300)
    width = pg.evaluate("document.documentElement.scrollWidth")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "phone.png"), full_page=True)
    context.close()
    assert width <= 390 + 1


@pytest.mark.timing
def test_first_page_load_is_quick(page):
    start = time.perf_counter()
    _open(page)
    elapsed = time.perf_counter() - start
    timing = json.loads(
        page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0])")
    )
    assert timing["domContentLoadedEventEnd"] < 1000, timing
    assert elapsed < 10  # generous: the machine may be busy


def test_draw_points_on_the_map(page):
    _open(page, "#seed=8")
    page.click("#clear-points")
    page.wait_for_function("location.hash.includes('dataset=custom')")
    page.check("#draw")
    box = page.locator("#output-map").bounding_box()
    for k, (fx, fy) in enumerate([(0.3, 0.3), (0.7, 0.7), (0.3, 0.7), (0.7, 0.3)]):
        page.select_option("#draw-class", index=k % 2)
        page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        page.wait_for_timeout(150)
    page.wait_for_timeout(500)
    points = page.evaluate("window.playground.pointCount()")
    assert points == 4


def test_seek_back_then_live(page):
    _open(page, "#seed=9")
    for _ in range(5):
        page.click("#step")
        page.wait_for_timeout(80)
    page.wait_for_function("document.querySelector('#epoch').textContent.match(/5/)")
    page.evaluate(
        "(() => { const t = document.querySelector('#timeline'); t.value = 2;"
        " t.dispatchEvent(new Event('input')); t.dispatchEvent(new Event('change'));"
        " })()"
    )
    page.wait_for_selector("#live:not([hidden])")
    page.click("#live")
    page.wait_for_selector("#live[hidden]", state="attached")
    assert _epoch(page) == 5


@pytest.fixture(scope="module")
def replay_run(tmp_path_factory):
    """A script's run: 12 epochs of a 2-8-3 network on three spirals."""
    folder = tmp_path_factory.mktemp("replay")
    X, y = ng.datasets.spirals(n=300, classes=3, seed=0)
    net = ng.mlp([2, 8, 3], loss="cross_entropy", seed=0)
    path = folder / "script.ngrun"
    net.fit(
        X,
        y,
        epochs=12,
        batch_size=20,
        optimizer="adam",
        lr=0.01,
        callbacks=[ng.Recorder(path)],
    )
    return path


@pytest.fixture(scope="module")
def replay_server(replay_run, serve_app):
    with serve_app(create_app(replay_run.parent, replay=replay_run)) as url:
        yield url


def test_dashboard_replays_a_script_run_in_the_page(browser, replay_server):
    pg = browser.new_page(viewport={"width": 1400, "height": 950})
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(replay_server + "/")
    pg.wait_for_selector(".neuron")
    pg.wait_for_function("document.querySelector('#epoch').textContent.match(/12/)")
    assert not pg.locator("#play").is_visible()  # nothing to train
    assert pg.locator(".neuron").count() == 8 + 3
    pg.evaluate(
        "(() => { const t = document.querySelector('#timeline'); t.value = 3;"
        " t.dispatchEvent(new Event('input')); t.dispatchEvent(new Event('change'));"
        " })()"
    )
    pg.wait_for_function("document.querySelector('#epoch').textContent.match(/3/)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    pg.close()
    assert errors == []


def test_dashboard_draws_the_runs_gradient_sparklines(
    browser, replay_server, replay_run
):
    with ng.open_run(replay_run) as run:
        epochs = [int(e) for e in run.snapshot_epochs]
        norms = [
            [la.norms["grad_weights"] for la in run.snapshot(e).layers] for e in epochs
        ]
    pg = browser.new_page(viewport={"width": 1400, "height": 950})
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(replay_server + "/")
    pg.wait_for_function("window.playground?.sparks.rows.length === 2")
    pg.wait_for_function("window.playground.app.frame?.header.epoch === 12")
    pg.wait_for_timeout(200)

    def drawn():
        return pg.evaluate(
            """() => window.playground.sparks.rows.map(({canvas, value}, l) => {
                const d = canvas.getContext('2d')
                  .getImageData(0, 0, canvas.width, canvas.height).data;
                const cols = new Set();
                for (let i = 3; i < d.length; i += 4)
                  if (d[i] > 0) cols.add(((i - 3) / 4) % canvas.width);
                return {raw: window.playground.sparks.raw[l], value: value.textContent,
                        left: Math.min(...cols), right: Math.max(...cols),
                        width: canvas.width};
            })"""
        )

    rows = drawn()
    for layer, row in enumerate(rows):
        # one point per snapshot of the run, each the run's own norm, drawn end to end
        assert row["raw"] == pytest.approx([n[layer] for n in norms], rel=1e-6)
        assert row["left"] <= 3 and row["right"] >= row["width"] - 3, row
        assert row["value"] not in ("", "NaN", "–"), row
    # a seek marks the snapshot on view and shows its value
    pg.evaluate(
        "(() => { const t = document.querySelector('#timeline'); t.value = 3;"
        " t.dispatchEvent(new Event('input')); t.dispatchEvent(new Event('change'));"
        " })()"
    )
    pg.wait_for_function("window.playground.app.frame.header.epoch === 3")
    pg.wait_for_timeout(200)
    marker = pg.evaluate("window.playground.sparks.marker")
    assert epochs[marker] + 1 == 3, (marker, epochs)
    shown = pg.evaluate(
        "async (v) => (await import('/static/protocol.js')).fmt(v, 2)",
        norms[marker][0],
    )
    assert drawn()[0]["value"] == shown
    # another history replaces the lines: they are not appended to the old ones
    pg.evaluate(
        """() => window.playground.app.ws.onmessage({data: JSON.stringify({
            type: 'history', epoch: [1, 2], train_loss: [1, 0.5], test_loss: [1, 0.6],
            train_accuracy: [null, null], test_accuracy: [null, null],
            grad_epochs: [1, 2], grad_norms: [[0.5, 0.25, 0.1], [0.4, 0.2, 0.1]]})})"""
    )
    pg.wait_for_timeout(100)
    rows = drawn()
    assert [r["raw"] for r in rows] == [[0.5, 0.4], [0.25, 0.2], [0.1, 0.1]]
    pg.close()
    assert errors == []


def test_hover_a_neuron_and_edit_a_bias(page):
    _open(page, "#seed=10")
    page.locator(".neuron").nth(1).hover()
    page.wait_for_function("document.querySelector('#focus-label').textContent")
    page.mouse.move(5, 5)
    bias = page.locator(".bias").first
    bias.hover()
    page.wait_for_function("document.querySelector('#hovercard').textContent")
    assert "Bias is 0.1" in page.text_content("#hovercard")  # TF's initial bias
    bias.click()
    page.fill("#hovercard .edit-value", "1.5")
    page.press("#hovercard .edit-value", "Enter")
    page.wait_for_function("window.playground.lastBiases[0] === 1.5")


def test_gradient_view_redraws_the_edges(page):
    _open(page, "#seed=12")
    page.click("#step")
    page.wait_for_function("document.querySelector('#epoch').textContent.match(/1/)")

    def widths():
        return page.eval_on_selector_all(
            ".edge", "es => es.map(e => e.getAttribute('stroke-width'))"
        )

    before = widths()
    page.select_option("#edge-mode", "gradients")
    page.wait_for_timeout(200)
    assert widths() != before
