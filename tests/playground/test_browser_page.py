"""The playground page in headless Chromium: numbers, panels, colours and layout.

Each test checks what a person sees (text, computed styles, boxes in the viewport,
canvas pixels) after a state change that used to leave the page wrong: a divergence,
a seek, a reset or a setting change, the dark theme, deep networks, a phone.
"""

import itertools
import re
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"
DIVERGING = (
    "#problem=regression&dataset=plane&output=linear_mse&activation=linear"
    "&features=x1,x2,x1^2,x2^2,x1*x2&learning_rate=10&seed=0"
)
NUMBER = r"^(–|NaN|−?∞|-?\d+(\.\d+)?(e-?\d+)?%?)$"


@pytest.fixture
def open_page(browser, server, request):
    """open_page(hash, width=1400, height=900, theme="light") -> a loaded page."""
    contexts = []

    def make(hash_="", width=1400, height=900, theme="light", **kw):
        ctx = browser.new_context(viewport={"width": width, "height": height}, **kw)
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.errors = []
        pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
        pg.add_init_script(f"localStorage.setItem('ng-theme', '{theme}')")
        pg.goto(server + "/" + hash_)
        pg.wait_for_selector(".neuron")
        pg.wait_for_function("window.playground.app.frame !== null")
        pg.wait_for_timeout(150)
        return pg

    yield make
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for k, ctx in enumerate(contexts):
        for pg in ctx.pages:
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{k}.png"))
            assert pg.errors == [], f"the page logged errors: {pg.errors}"
        ctx.close()


def _epoch(page) -> int:
    return int(re.sub(r"\D", "", page.text_content("#epoch")) or 0)


def _step(page, n):
    start = _epoch(page)
    for _ in range(n):
        page.click("#step")
        page.wait_for_timeout(60)
    page.wait_for_function(
        f"parseInt(document.querySelector('#epoch').textContent.replace(/\\D/g, '')) "
        f">= {start + n}"
    )


def _seek(page, epoch):
    page.evaluate(
        "(e) => { const t = document.querySelector('#timeline'); t.value = e;"
        " t.dispatchEvent(new Event('input')); t.dispatchEvent(new Event('change')); }",
        epoch,
    )
    page.wait_for_selector("#live:not([hidden])")
    page.wait_for_function(f"window.playground.app.frame.header.epoch === {epoch}")


def _chart_ticks(page, history, metric="loss"):
    """Draw the chart from ``history`` and return its tick labels and boxes."""
    return page.evaluate(
        """([h, metric]) => {
            const {app, chart} = window.playground;
            app.history.set(h);
            chart.metric = metric;
            chart.draw();
            return {...chart.ticks, log: chart.scale.log};
        }""",
        [history, metric],
    )


def _history(train, test=None):
    n = len(train)
    return {
        "epoch": list(range(1, n + 1)),
        "train_loss": train,
        "test_loss": test if test is not None else train,
        "train_accuracy": [None] * n,
        "test_accuracy": [None] * n,
    }


# -- 1. divergence: numbers, chart, one message per event, an action -----------------
def test_number_format_is_one_function(open_page):
    page = open_page("#seed=1")
    shown = page.evaluate(
        """async () => {
            const {fmt, fmtText} = await import('/static/protocol.js');
            return [fmt(1.2345e180), fmt(-3.3e-7), fmt(0.950123), fmt(123.456),
                    fmt(Infinity), fmt(NaN), fmt(null), fmt(2e6), fmt(0),
                    fmtText('loss 1.2345678e+180 after 123456789.25')];
        }"""
    )
    assert shown == [
        "1.23e180",
        "-3.3e-7",
        "0.95",
        "123",
        "∞",
        "NaN",
        "–",
        "2e6",
        "0",
        "loss 1.23e180 after 1.23e8",
    ]


def test_chart_of_a_diverging_loss_is_readable(open_page):
    page = open_page("#seed=1")
    losses = [0.5, 0.4, 3.0, 1e5, 1e40, 1.5e180, 1e302]
    ticks = _chart_ticks(page, _history(losses))
    assert ticks["log"], "a loss spanning 300 decades is drawn on a log scale"
    labels = [t["label"] for t in ticks["y"]]
    assert len(labels) >= 2
    for label in labels:
        assert "k" not in label and re.match(NUMBER, label), labels
        assert len(label) <= 7, labels
    for box in ticks["y"] + ticks["x"]:
        assert 0 <= box["left"] and box["right"] <= ticks["width"], box
        assert 0 <= box["top"] and box["bottom"] <= ticks["height"], box


def test_every_divergence_is_reported_once_with_an_action(open_page):
    page = open_page(DIVERGING)
    page.click("#play")
    page.wait_for_selector("#banner:not([hidden])", timeout=30_000)
    for selector in ("#test-loss", "#train-loss"):
        text = page.text_content(selector)
        assert re.match(NUMBER, text), text
        fits = page.eval_on_selector(
            selector, "e => e.scrollWidth <= e.parentElement.clientWidth + 1"
        )
        assert fits, f"{selector} overflows the metrics box: {text!r}"
    assert page.locator("#events li.diverged").count() == 1
    codes = page.eval_on_selector_all("#events li", "ls => ls.map(l => l.dataset.code)")
    assert "loss_not_finite" not in codes, codes  # the same event, said once
    assert "clip_norm" not in page.text_content("#panels")
    assert "clip_norm" not in page.text_content("#banner")
    assert not page.evaluate("window.playground.app.playing")
    # press Play again: it diverges again, and that is reported again
    page.click("#play")
    page.wait_for_function(
        "document.querySelectorAll('#events li.diverged').length === 2",
        timeout=30_000,
    )
    assert page.locator("#banner").is_visible()
    # the banner's action lowers the learning rate on the page
    button = page.locator("#banner button.lower-lr")
    assert "1" in button.text_content()
    button.click()
    page.wait_for_function("document.querySelector('#learning-rate').value === '1'")
    assert page.locator("#banner").is_hidden()


# -- 2. hovering while viewing an old epoch ------------------------------------------
def test_hover_while_viewing_an_old_epoch_stays_there(open_page):
    page = open_page("#seed=21")
    _step(page, 5)
    _seek(page, 2)
    page.locator(".neuron").nth(1).hover()
    page.wait_for_function("document.querySelector('#focus-label').textContent")
    page.wait_for_function("window.playground.app.frame.arrays.focus !== undefined")
    page.wait_for_timeout(300)
    header = page.evaluate("window.playground.app.frame.header")
    assert header["replay"] and header["epoch"] == 2
    assert _epoch(page) == 2
    assert page.locator("#live").is_visible()
    page.mouse.move(3, 3)
    page.wait_for_timeout(300)
    assert page.evaluate("window.playground.app.frame.header.epoch") == 2


# -- 3. stale panels -------------------------------------------------------------------
def test_panels_are_cleared_when_what_they_describe_changes(open_page):
    page = open_page(DIVERGING)
    page.click("#play")
    page.wait_for_selector("#events li.diverged", timeout=30_000)
    page.click("#reset")
    page.wait_for_function(
        "document.querySelector('#events').textContent.includes('Nothing to report')"
    )
    assert page.locator("#banner").is_hidden()

    page = open_page("#seed=22")
    page.locator(".neuron").first.click()
    page.wait_for_function("document.querySelector('#explain-body table')")
    assert "tanh" in page.text_content("#explain-body")
    page.select_option("#activation", "relu")
    page.wait_for_function("!document.querySelector('#explain-body table')")
    assert "tanh" not in page.text_content("#explain-body")
    # explained numbers go when the data change, and on a seek
    page.locator(".neuron").first.click()
    page.wait_for_function("document.querySelector('#explain-body table')")
    assert "relu" in page.text_content("#explain-body")
    page.click("#regenerate")
    page.wait_for_function("!document.querySelector('#explain-body table')")
    _step(page, 3)
    page.click("#trace")
    page.wait_for_function("document.querySelector('#trace-step').textContent")
    _seek(page, 1)
    assert page.text_content("#trace-step") == ""
    assert page.locator("#explain-body table").count() == 0
    # a click on a neuron while a seek is shown says explain is for the live network
    page.locator(".neuron").first.click()
    assert "live" in page.text_content("#explain-body").lower()


def test_preview_label_goes_when_the_mouse_leaves(open_page):
    page = open_page("#seed=23")
    page.locator('.feature[data-feature="x1*x2"]').hover()
    page.wait_for_function(
        "document.querySelector('#focus-label').textContent.includes('X₁X₂')"
    )
    page.mouse.move(3, 3)
    page.wait_for_function("document.querySelector('#focus-label').textContent === ''")
    assert page.locator("#focus-label").is_hidden()


# -- 4. rings and diagnostics from the same numbers ------------------------------------
def test_dead_unit_rings_match_the_diagnostic(open_page):
    # a circle needs three relu units: with two of four dead (bias -100, they never
    # fire) the loss stalls, and the dead_units warning comes once it has stalled
    page = open_page("#activation=relu&hidden=4&learning_rate=0.3&seed=3")
    for unit in (0, 1):
        page.locator(".bias").nth(unit).click()
        page.fill("#hovercard .edit-value", "-100")
        page.press("#hovercard .edit-value", "Enter")
        page.wait_for_function(f"window.playground.lastBiases[{unit}] === -100")
    # the rings come with the first frame of the edited network, before any training
    page.wait_for_function("document.querySelectorAll('.neuron.dead').length === 2")
    page.click("#play")
    page.wait_for_selector("#events li[data-code='dead_units']", timeout=60_000)
    page.click("#play")  # pause
    page.wait_for_function("!window.playground.app.frame.header.playing")
    text = page.text_content("#events li[data-code='dead_units']")
    match = re.search(r"(\d+)% of the units of layer (\d+)", text)
    assert match, text
    percent, layer = int(match.group(1)), int(match.group(2))
    header = page.evaluate("window.playground.app.frame.header")
    rings = page.eval_on_selector_all(
        f".neuron.dead[data-layer='{layer}']", "ns => ns.map(n => +n.dataset.unit)"
    )
    units = page.locator(f".neuron[data-layer='{layer}']").count()
    assert sorted(rings) == header["dead"][layer - 1] == [0, 1], (rings, header)
    assert round(100 * len(rings) / units) == percent == 50, (text, rings, units)
    assert round(100 * header["dead_fraction"][layer - 1]) == percent
    # only the frame's lists draw rings: a frame without dead units clears them
    page.evaluate(
        """() => {
            const {network, app} = window.playground;
            const h = app.frame.header;
            network.update(app.frame.arrays, {...h, dead: h.dead.map(() => [])});
        }"""
    )
    assert page.locator(".neuron.dead").count() == 0
    assert "dead" not in (page.get_attribute(".neuron", "title") or "").lower()


# -- 5. colours fade toward the background in both themes ------------------------------
def _rgb(css):
    if css.startswith("#"):
        return [int(css[i : i + 2], 16) for i in (1, 3, 5)]
    return [int(float(v)) for v in re.findall(r"[\d.]+", css)[:3]]


def _distance(a, b):
    return float(np.linalg.norm(np.subtract(a, b)))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_weak_weights_and_zero_values_fade_into_the_background(open_page, theme):
    page = open_page("#seed=24", theme=theme)
    background = _rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    colours = page.evaluate(
        """async () => {
            const h = await import('/static/heatmap.js');
            const px = new Uint32Array(1);
            h.fillValues(px, new Uint8Array([128]), 1);  // the value 0 on a heat map
            const v = px[0];
            const {network, lastWeights} = window.playground;
            const order = network.edges
              .map((e) => [Math.abs(lastWeights[e.index]), e.c])
              .sort((a, b) => a[0] - b[0]);
            const preview = document.querySelector('.dataset canvas')
              .getContext('2d').getImageData(1, 1, 1, 1).data;
            return {zero: h.cssColor(0), weakest: order[0], strongest: order.at(-1),
                    map: [v & 255, (v >> 8) & 255, (v >> 16) & 255],
                    preview: Array.from(preview.slice(0, 3))};
        }"""
    )
    weak, strong = colours["weakest"], colours["strongest"]
    assert _distance(_rgb(colours["zero"]), background) < 60, colours
    assert _distance(colours["map"], background) < 60, colours
    assert _distance(colours["preview"], background) < 30, colours
    assert _distance(_rgb(weak[1]), background) < _distance(
        _rgb(strong[1]), background
    ), colours


# -- 6. layout -------------------------------------------------------------------------
def test_top_bar_is_one_row_at_1400_px(open_page):
    page = open_page("#seed=25")
    tops = page.eval_on_selector_all(
        "#topbar > *:not([hidden])",
        "es => es.map(e => e.getBoundingClientRect().bottom)",
    )
    assert max(tops) - min(tops) < 30, tops
    assert (
        page.eval_on_selector("#topbar", "e => e.getBoundingClientRect().height") < 90
    )


@pytest.mark.parametrize("size", [(1400, 900), (1920, 1080)])
def test_the_output_node_of_a_deep_wide_network_is_on_screen(open_page, size):
    page = open_page("#hidden=32,32,32,32,32,32,32,32&seed=26", *size)
    page.wait_for_function("document.querySelectorAll('.neuron').length === 257")
    box = page.locator(".output-unit").bounding_box()
    frame = page.locator("#network-scroll").bounding_box()
    assert (
        box["x"] >= frame["x"]
        and box["x"] + box["width"] <= frame["x"] + frame["width"]
    ), (box, frame)
    assert box["x"] + box["width"] <= size[0] and box["y"] + box["height"] <= size[1]


def test_chart_always_has_two_ticks_and_keeps_its_labels_inside(open_page):
    page = open_page("#seed=27")
    for train in (
        [0.25] * 5,
        [0.0] * 3,
        [0.31, 0.312, 0.309],
        [0.011, 0.0105],
        [120.0, 100.0, 99.0],
        [1.0, 0.99, 0.98] * 40,
        [1.7e178, 1.72e178, 1.74e178],
        [1.0000001, 1.0000002, 1.0000004],
    ):
        ticks = _chart_ticks(page, _history(train))
        labels = [t["label"] for t in ticks["y"]]
        assert len(labels) >= 2, (train, labels)
        assert len(set(labels)) == len(labels), (train, labels)
        for box in ticks["y"] + ticks["x"]:
            assert 0 <= box["left"] and box["right"] <= ticks["width"], (train, box)
    accuracy = _chart_ticks(
        page,
        {**_history([0.5] * 100), "train_accuracy": [1.0] * 100},
        metric="accuracy",
    )
    assert "100%" in [t["label"] for t in accuracy["y"]]
    for box in accuracy["x"]:
        assert box["right"] <= accuracy["width"], box


def test_sparklines_are_lines_across_their_width(open_page):
    page = open_page("#seed=28")
    spans = page.evaluate(
        """() => {
            const {sparks} = window.playground;
            sparks.clear();
            for (const v of [0.5, 0.02, 0.001, 0, 1e-6]) sparks.push([v, 0.3, v]);
            sparks.draw();
            return sparks.rows.map(({canvas}) => {
                const d = canvas.getContext('2d')
                  .getImageData(0, 0, canvas.width, canvas.height).data;
                const cols = new Set();
                for (let i = 3; i < d.length; i += 4)
                  if (d[i] > 0) cols.add(((i - 3) / 4) % canvas.width);
                return [Math.min(...cols), Math.max(...cols), canvas.width];
            });
        }"""
    )
    for left, right, width in spans:
        assert left <= 3 and right >= width - 3, spans


def test_multi_class_legend_names_the_classes(open_page):
    page = open_page("#dataset=spirals3&seed=29")
    page.wait_for_function("!document.querySelector('#class-legend').hidden")
    names = page.evaluate("window.playground.app.state.class_names")
    assert len(names) == 3
    text = page.text_content("#class-legend")
    for name in names:
        assert str(name) in text
    assert page.locator(".legend").is_hidden()


def test_phone_shows_the_output_map_near_the_controls(open_page):
    page = open_page(
        "#seed=30", width=390, height=844, device_scale_factor=2, is_mobile=True
    )
    play = page.locator("#play").bounding_box()
    chart = page.locator("#output-map").bounding_box()
    assert chart["y"] - (play["y"] + play["height"]) < 450, (play, chart)
    assert chart["y"] + chart["height"] / 2 < 844  # visible without scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 391


# -- 7. the loss shown is named, and is what the label says ----------------------------
def test_loss_is_labelled_and_is_the_mean_squared_error(open_page):
    page = open_page("#seed=31")
    assert "as in TF Playground" not in page.text_content("body")
    assert page.text_content(".loss-name") == "(MSE)"
    assert "½·MSE" in page.text_content("#loss-note")
    state = page.evaluate("window.playground.app.state")
    weights = np.array(page.evaluate("window.playground.lastWeights"))
    biases = np.array(page.evaluate("window.playground.lastBiases"))
    sizes = state["sizes"]
    points = np.array(state["train"], dtype=float)
    h, target = points[:, :2], 2.0 * points[:, 2] - 1.0  # x1, x2; labels +-1
    w_at = b_at = 0
    for n_in, n_out in itertools.pairwise(sizes):
        W = weights[w_at : w_at + n_in * n_out].reshape(n_in, n_out)
        h = np.tanh(h @ W + biases[b_at : b_at + n_out])
        w_at += n_in * n_out
        b_at += n_out
    mse = float(np.mean((h[:, 0] - target) ** 2))
    shown = float(page.text_content("#train-loss"))
    assert shown == pytest.approx(mse, rel=5e-3), (shown, mse, mse / 2)
    page.select_option("#output", "sigmoid_bce")
    page.wait_for_function(
        "document.querySelector('.loss-name').textContent === '(BCE)'"
    )


# -- 8. what the server now says: busy, custom data, the task of a CSV -----------------
def test_a_command_dropped_by_a_busy_session_is_a_passing_notice(open_page):
    page = open_page("#hidden=8,8&batch_size=1&train_ratio=10&seed=40")
    hash_ = page.evaluate("location.hash")
    # many more commands than the session's mailbox holds (64), faster than it trains
    page.evaluate(
        """() => {
            const ws = window.playground.app.ws;
            for (let i = 0; i < 300; i++) ws.send(JSON.stringify({type: "step"}));
        }"""
    )
    page.wait_for_selector("#notice:not([hidden])", timeout=20_000)
    text = page.text_content("#notice")
    assert "busy" in text and "'step'" in text, text
    assert re.search(r"\(×\d+\)$", text), text  # counted, not one notice per command
    assert page.eval_on_selector(
        "#notice", "e => getComputedStyle(e).pointerEvents"
    ) == ("none")
    assert "busy" not in (page.text_content("#toast") or "")
    assert "busy" not in page.text_content("#events")
    # nothing was refused: the settings and the page stay as they were
    page.click("#play")  # the notice takes no clicks: Play under the corner works
    # (the steps still waiting ahead of play are answered first, an epoch apiece:
    # the page plays once the session reaches the play command. The network is
    # small so that 64 epochs take seconds, not minutes, on a loaded machine;
    # one epoch still outlasts the burst of 300 sends, which fills the mailbox)
    page.wait_for_function("window.playground.app.playing", timeout=90_000)
    assert page.evaluate("location.hash") == hash_
    page.wait_for_selector("#notice", state="hidden", timeout=10_000)


def test_regenerate_is_disabled_for_custom_data(open_page):
    page = open_page("#seed=41")
    button = page.locator("#regenerate")
    assert button.is_enabled()
    assert "seed" in button.get_attribute("title")
    page.click("#clear-points")
    page.wait_for_function("location.hash.includes('dataset=custom')")
    page.wait_for_function("document.querySelector('#regenerate').disabled")
    title = button.get_attribute("title")
    assert "custom" in title and "drawn or uploaded" in title, title
    page.click("#lang")
    page.wait_for_function("document.documentElement.lang.startsWith('zh')")
    assert "自定义" in button.get_attribute("title")
    page.click("#lang")
    page.click(".dataset[data-dataset='xor']")
    page.wait_for_function("!document.querySelector('#regenerate').disabled")
    assert "custom" not in button.get_attribute("title")


@pytest.mark.parametrize(
    "labels, task, generated",
    [
        (list(range(12)), "Regression", "plane"),
        ([0, 1, 2], "Classification with 3 classes", "circle"),
    ],
)
def test_the_task_chosen_for_a_csv_is_said_once(
    open_page, tmp_path, labels, task, generated
):
    rng = np.random.default_rng(0)
    path = tmp_path / "points.csv"
    rows = [
        f"{a:.3f},{b:.3f},{labels[k % len(labels)]}"
        for k, (a, b) in enumerate(rng.uniform(-5, 5, size=(60, 2)))
    ]
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    page = open_page("#seed=42")
    page.set_input_files("#upload", str(path))
    page.wait_for_function(
        f"document.querySelector('#upload-note').textContent.startsWith({task!r})"
    )
    note = page.text_content("#upload-note")
    # the frame that carries the same text as a csv_task event has been drawn
    page.wait_for_function("document.querySelector('#regenerate').disabled")
    page.wait_for_timeout(600)
    assert page.text_content("body").count(note) == 1, note
    assert page.locator("#events li[data-code='csv_task']").count() == 0
    assert page.locator("#upload-note").is_visible()
    page.click(f".dataset[data-dataset='{generated}']")
    page.wait_for_function("document.querySelector('#upload-note').textContent === ''")


def test_the_hidden_layer_count_reads_right(open_page):
    page = open_page("#hidden=4&seed=43")
    assert page.text_content(".hidden-head h2").split() == ["1", "hidden", "layer"]
    page.click("#add-layer")
    page.wait_for_function("document.querySelector('#layer-count').textContent === '2'")
    assert page.text_content(".hidden-head h2").split() == ["2", "hidden", "layers"]


def _value_csv(path, n=300):
    """A regression CSV whose values are whole numbers 0..11 (a tilted plane)."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-6, 6, size=(n, 2))
    y = np.clip(np.floor((X[:, 0] + X[:, 1] + 12) / 2), 0, 11).astype(int)
    rows = [f"{a:.4f},{b:.4f},{v}" for (a, b), v in zip(X, y)]
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    return path


def _pixels(page, selector, points):
    """[r, g, b] of a canvas at css ``points`` [(x, y)]."""
    return page.evaluate(
        """([sel, pts]) => { const c = document.querySelector(sel);
        const k = c.width / c.getBoundingClientRect().width;
        const ctx = c.getContext('2d');
        const at = (v) => Math.round(v * k);
        return pts.map(([x, y]) =>
          Array.from(ctx.getImageData(at(x), at(y), 1, 1).data).slice(0, 3)); }""",
        [selector, points],
    )


@pytest.mark.slow
def test_an_uploaded_regression_beyond_minus_one_to_one_is_learned(open_page, tmp_path):
    """Values 0..11 from a CSV (chosen as regression): the page trains them scaled
    to [-1, 1] with a linear output, learns them (R² > 0.5), draws the map and the
    points across the whole colour range and labels the legend 0 and 11 (it was a
    solid blue map, R² -2 and every point full blue)."""
    page = open_page("#seed=7&learning_rate=0.03")
    assert page.input_value("#output") == "tanh_mse"  # the classification default
    page.set_input_files("#upload", str(_value_csv(tmp_path / "values.csv")))
    page.wait_for_function(
        "document.querySelector('#upload-note').textContent.startsWith('Regression')"
    )
    note = page.text_content("#upload-note")
    assert "scaled to [-1, 1]" in note and "0 to 11" in note, note
    page.wait_for_function("window.playground.app.state?.config.dataset === 'custom'")
    page.wait_for_function("window.playground.app.state?.target_scale !== null")
    assert page.input_value("#output") == "linear_mse"  # said on the output setting
    assert page.text_content("#legend-low") == "0"
    assert page.text_content("#legend-high") == "11"
    assert "0" in page.text_content("#legend-note") and page.is_visible("#legend-note")
    page.click("#play")
    page.wait_for_function(
        "(() => { const h = window.playground.app.frame?.header;"
        " return h && h.epoch >= 30 && h.r2 > 0.5; })()",
        timeout=60_000,
    )
    page.click("#play")  # pause
    page.wait_for_function("!window.playground.app.playing")
    r2 = float(page.text_content("#test-accuracy"))
    assert r2 > 0.5
    # the map spans the colours: orange (low values) at the bottom left, blue at
    # the top right; the points too (from both ends of the scale)
    size = page.evaluate("window.playground.map.size")
    low, high = _pixels(
        page, "#output-map", [(22 + 15, size - 15), (22 + size - 15, 15)]
    )
    assert low[0] > low[2] + 40, low  # orange: red well above blue
    assert high[2] > high[0] + 40, high  # blue
    colours = page.evaluate(
        """() => { const s = window.playground.app.state;
        const lo = s.target_scale.low, hi = s.target_scale.high;
        return [lo, hi]; }"""
    )
    assert colours == [0, 11]
    options = page.eval_on_selector_all(
        "#draw-class option", "os => os.map(o => o.value)"
    )
    assert options[0] == "0" and options[-1] == "11", options


def test_notes_read_as_notes_and_warnings_as_warnings_in_both_languages(open_page):
    """A real warning (the loss stuck at chance at a learning rate of 1e-5) and an
    info note (saturated units on a run that learns) get their own badge, style
    and a hint with the page's own controls, in English and in Chinese."""
    page = open_page("#learning_rate=0.00001&seed=3")
    page.click("#play")
    page.wait_for_selector(
        "#events li[data-code='loss_at_chance']", state="attached", timeout=30_000
    )
    page.click("#play")
    page.evaluate(
        """() => window.playground.diagnostics.add([{kind: 'diagnostic',
        code: 'saturated_units', severity: 'info', message: '50% of the units of layer'
        + ' 2 are saturated. The training loss is low, so they do not stop it.',
        hint: 'Nothing needs fixing now; if training stalls, standardize'
        + ' the inputs.'}])"""
    )
    warning = page.locator("#events li[data-code='loss_at_chance']")
    note = page.locator("#events li[data-code='saturated_units']")
    assert warning.get_attribute("data-severity") == "warning"
    assert note.get_attribute("data-severity") == "info"
    assert warning.locator(".badge").text_content() == "Warning"
    assert note.locator(".badge").text_content() == "Note"
    hint = warning.locator(".hint").text_content()
    # the page's controls: a rate from its own list, neurons, features, keep training
    assert "Raise the learning rate (it is 0.00001" in hint or "1e-5" in hint, hint
    assert "try 0.0001" in hint and "Adam" in hint and "input features" in hint, hint
    assert "epochs" not in hint and "fit(" not in hint
    assert note.locator(".hint").text_content().startswith("Nothing needs fixing now")
    assert "standardize" not in note.locator(".hint").text_content()  # a script's

    def style(row, prop):
        return row.locator(".badge").evaluate(
            f"b => getComputedStyle(b).getPropertyValue('{prop}')"
        )

    assert style(note, "background-color") != style(warning, "background-color")
    assert style(note, "background-color") in ("rgba(0, 0, 0, 0)", "transparent")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#diagnostics").screenshot(path=str(ARTIFACTS / "diagnostics-en.png"))
    page.click("#lang")
    page.locator("#diagnostics").screenshot(path=str(ARTIFACTS / "diagnostics-zh.png"))
    assert warning.locator(".badge").text_content() == "警告"
    assert note.locator(".badge").text_content() == "提示"
    assert "提高学习率" in warning.locator(".hint").text_content()
    assert note.locator(".hint").text_content().startswith("现在无需处理")
