"""The pages in Chinese, in headless Chromium: every string a learner meets.

Each test switches a page to Chinese and walks it (every panel, menu and
option, titles and hovercards, the explain panel and the step-through, real
diagnostics, a divergence, the server's refusals, an upload, the dashboard, the
neuron lab), collecting every text node and every title, placeholder,
aria-label and alt. No English word may remain but the names, units and symbols
of ``test_zh.ALLOWED`` and this file's ``NAMES``: a string added later without
its Chinese fails here. Screenshots in Chinese land in test-artifacts/playground.
"""

import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.playground import create_app
from neuroglass.playground.events import diagnostic_events

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"
DIVERGING = (
    "#problem=regression&dataset=plane&output=linear_mse&activation=linear"
    "&features=x1,x2,x1^2,x2^2,x1*x2&learning_rate=10&seed=0"
)


def _helpers():
    """test_zh.py, loaded by path (the tests are no package)."""
    path = Path(__file__).with_name("test_zh.py")
    spec = importlib.util.spec_from_file_location("playground_test_zh", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ZH = _helpers()
#: names on the pages that stay as they are in Chinese: product names, the
#: language switch ("EN", "English"), the Izhikevich presets, file types
NAMES = {
    *"TF Playground EN English Python npz ngrun svg png".split(),
    *"IB CH FS TC RZ LTS PyTorch".split(),
}
#: the ASCII notation of ng.explain's worked formulas (delta3 = dL/dz3,
#: L = mean((a - y)^2), w <- w - lr * dW, a3 = identity(z3))
NOTATION = {*"delta dL dz da db lr mean mse identity".split()}

#: every text node of the body, and the attributes a person reads
COLLECT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || el.closest("script, style")) continue;
    const text = node.textContent.trim();
    if (text) out.push([el.id || el.className || el.tagName, text]);
  }
  for (const el of document.querySelectorAll("*")) {
    for (const a of ["title", "placeholder", "aria-label", "alt"]) {
      const v = el.getAttribute(a);
      if (v) out.push([`${el.id || el.tagName}@${a}`, v]);
    }
  }
  out.push(["document.title", document.title]);
  return out;
}"""


def english(page, where: str) -> list:
    """What of the page is still English, as ``(where, element, text, words)``."""
    found = []
    for element, text in page.evaluate(COLLECT):
        # code the page quotes: a value sent ('step'), a command (`neuroglass report`)
        prose = re.sub(r"'[^']*'|`[^`]*`", " ", text)
        # an API's name: explain.forward
        prose = re.sub(r"(?<![A-Za-z])[a-z]+\.[a-z_.]*[a-z](?![A-Za-z])", " ", prose)
        words = [w for w in ZH.english_words(prose) if w not in NAMES | NOTATION]
        if words:
            found.append((where, element, text[:160], words))
    return found


@pytest.fixture
def open_zh(browser, server, request):
    """open_zh(url_or_hash, base=server) -> a page in Chinese, loaded; every
    page's screenshot is kept, and a page error fails the test."""
    contexts = []

    def make(target="", base=None, width=1400, height=950, ready=".neuron"):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.errors = []
        pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
        pg.add_init_script("localStorage.setItem('ng-lang', 'zh')")
        pg.goto((base or server) + "/" + target)
        if ready:
            pg.wait_for_selector(ready)
        return pg

    yield make
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for k, ctx in enumerate(contexts):
        for pg in ctx.pages:
            name = f"{request.node.name}-zh-{k}.png"
            pg.screenshot(path=str(ARTIFACTS / name), full_page=True)
            assert pg.errors == [], f"the page logged errors: {pg.errors}"
        ctx.close()


def _live(page):
    page.wait_for_function("window.playground.app.frame !== null")
    page.wait_for_timeout(200)


def _send(page, message):
    page.evaluate("(m) => window.playground.app.ws.send(JSON.stringify(m))", message)


def _walk_explain(page, leaks):
    """Hover a weight, explain a neuron (its formula too), step through a point."""
    page.locator(".bias").first.hover()
    page.wait_for_function("document.querySelector('#hovercard').textContent")
    leaks += english(page, "hovercard")
    page.mouse.move(5, 5)
    page.locator(".neuron").nth(1).click()
    page.wait_for_selector("#explain-body .explain-title")
    page.locator("#explain-body summary").click()
    assert "神经元" in page.text_content("#explain-body pre")
    leaks += english(page, "explain")
    page.click("#trace")
    page.wait_for_selector("#explain-body .trace-head, #explain-body .formula.big")
    page.locator("#explain-body details.worked summary").click()
    worked = page.text_content("#explain-body details.worked pre")
    assert "反向传播" in worked, worked[:300]  # ng.explain.backward(lang="zh")
    leaks += english(page, "the worked example")
    for step in range(20):
        leaks += english(page, f"trace step {step + 1}")
        if page.locator("#trace-next").is_disabled():
            break
        page.click("#trace-next")


def _walk_refusals(page, leaks):
    """The server's refusals: a toast, a notice, an upload's error and note."""
    _send(page, {"type": "config", "config": {"learning_rate": 20}})
    page.wait_for_selector("#toast:not([hidden])")
    assert "学习率必须是" in page.text_content("#toast")
    leaks += english(page, "a refused setting")
    _send(page, {"type": "explain", "layer": 9, "unit": 0})
    page.wait_for_function(
        "document.querySelector('#toast').textContent.includes('层')"
    )
    leaks += english(page, "a refused explain")
    _send(page, {"type": "no_such_thing"})
    page.wait_for_selector("#notice:not([hidden])")
    assert "未知的消息类型" in page.text_content("#notice")
    page.set_input_files(
        "#upload",
        files=[
            {
                "name": "少于四行.csv",
                "mimeType": "text/csv",
                "buffer": b"x1,x2,label\n1,2,0\n",
            }
        ],
    )
    page.wait_for_function("document.querySelector('#upload-error').textContent")
    assert page.text_content("#upload-name") == "少于四行.csv"
    assert "至少需要 4 行" in page.text_content("#upload-error")
    leaks += english(page, "a refused upload")
    rng = np.random.default_rng(0)
    rows = "\n".join(
        f"{a:.3f},{b:.3f},{k % 3}"
        for k, (a, b) in enumerate(rng.uniform(-5, 5, (60, 2)))
    )
    page.set_input_files(
        "#upload",
        files=[
            {
                "name": "三个类别.csv",
                "mimeType": "text/csv",
                "buffer": ("x1,x2,label\n" + rows).encode(),
            }
        ],
    )
    page.wait_for_function(
        "document.querySelector('#upload-note').textContent.includes('分类')"
    )
    page.wait_for_selector("#class-legend:not([hidden])")
    leaks += english(page, "an upload of three classes")


def _walk_events(page, leaks):
    """Every finding the recorder words differently, as the server sends it,
    and a stop at an epoch."""
    events = diagnostic_events(ZH.findings())
    page.evaluate(
        "(evs) => window.playground.diagnostics.add(evs)",
        json.loads(json.dumps(events)),
    )
    # the list skips an event equal to the one before it and keeps 30
    keys = [(e["kind"], e["code"], e["message"]) for e in events]
    shown = sum(1 for k, key in enumerate(keys) if k == 0 or key != keys[k - 1])
    assert page.locator("#events li.event").count() >= min(30, shown) - 1
    leaks += english(page, "every diagnostic")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = str(ARTIFACTS / "diagnostics-all-zh.png")
    page.locator("#diagnostics").screenshot(path=shot)
    page.fill("#stop-epoch", "2")
    page.dispatch_event("#stop-epoch", "change")
    page.click("#play")
    page.wait_for_selector(
        "#events li[data-code='stop_epoch']", state="attached", timeout=30_000
    )
    assert "已按设置在第 2 轮停止" in page.text_content("#events")
    leaks += english(page, "stopped at an epoch")


def test_every_string_of_the_playground_is_chinese(open_zh):
    """Walk the live page in Chinese: no English word is left anywhere."""
    page = open_zh("#seed=1")
    _live(page)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    leaks = english(page, "start")
    _walk_explain(page, leaks)
    page.select_option("#problem", "regression")
    page.wait_for_function("window.playground.app.config.problem === 'regression'")
    page.wait_for_timeout(600)
    leaks += english(page, "regression")
    page.select_option("#problem", "classification")
    page.click(".dataset[data-dataset='spirals3']")
    page.wait_for_function("window.playground.app.state.classes === 3")
    page.wait_for_timeout(600)
    leaks += english(page, "three classes")
    _walk_refusals(page, leaks)
    _walk_events(page, leaks)
    assert not leaks, "English left on the Chinese page:\n" + "\n".join(map(str, leaks))


def test_a_real_diagnostic_and_a_divergence_are_chinese(open_zh):
    """The recorder's own finding (the loss stuck at chance at a learning rate
    of 1e-5) and a divergence, as the server sends them, read in Chinese."""
    page = open_zh("#learning_rate=0.00001&seed=3")
    _live(page)
    page.click("#play")
    row = page.locator("#events li[data-code='loss_at_chance']")
    row.wait_for(state="attached", timeout=30_000)
    page.click("#play")
    assert row.locator(".message").text_content().strip().startswith("网络没有在学习")
    leaks = english(page, "a real diagnostic")
    diverging = open_zh(DIVERGING)
    _live(diverging)
    diverging.click("#play")
    diverging.wait_for_selector("#banner:not([hidden])", timeout=30_000)
    assert "训练在第" in diverging.text_content("#banner")
    leaks += english(diverging, "a divergence")
    diverging.screenshot(path=str(ARTIFACTS / "divergence-zh.png"))
    diverging.click("#lang")  # and back in English, the same events in English
    assert "Training diverged in epoch" in diverging.text_content("#banner")
    assert "Training diverged in epoch" in diverging.text_content("#events")
    assert not leaks, "English left on the Chinese page:\n" + "\n".join(map(str, leaks))


@pytest.fixture(scope="module")
def script_run(tmp_path_factory):
    """A run recorded by a script (its data kept: the page says so, in notes)."""
    folder = tmp_path_factory.mktemp("zh-replay")
    X, y = ng.datasets.spirals(n=200, classes=3, seed=0)
    net = ng.mlp([2, 6, 3], loss="cross_entropy", seed=0)
    path = folder / "script.ngrun"
    net.fit(
        X,
        y,
        epochs=6,
        batch_size=20,
        optimizer="adam",
        lr=0.01,
        callbacks=[ng.Recorder(path)],
    )
    return path


def test_the_dashboard_is_chinese(open_zh, script_run, serve_app):
    """`neuroglass dashboard RUN`: the replayed run, its notes and timeline."""
    with serve_app(create_app(script_run.parent, replay=script_run)) as url:
        page = open_zh(base=url)
        page.wait_for_function("window.playground.app.frame !== null")
        page.wait_for_timeout(300)
        assert page.locator("#mode-badge").text_content() == "回放"
        leaks = english(page, "the dashboard")
        page.evaluate(
            "(() => { const t = document.querySelector('#timeline'); t.value = 2;"
            " t.dispatchEvent(new Event('input'));"
            " t.dispatchEvent(new Event('change')); })()"
        )
        page.wait_for_function("window.playground.app.frame.header.epoch <= 3")
        page.locator(".neuron").nth(0).hover()
        leaks += english(page, "the dashboard at epoch 2")
        _send(page, {"type": "play"})
        page.wait_for_selector("#notice:not([hidden])")
        assert "不适用于回放的运行" in page.text_content("#notice")
        leaks += english(page, "a refusal of the dashboard")
        page.screenshot(path=str(ARTIFACTS / "dashboard-zh.png"), full_page=True)
    assert not leaks, "English left on the Chinese page:\n" + "\n".join(map(str, leaks))


def test_the_neuron_lab_is_chinese(open_zh):
    """The lab: every panel, a refused parameter, the mystery neuron."""
    page = open_zh("lab", ready=None)
    page.wait_for_function("window.lab.model !== null && window.lab.frames > 3")
    leaks = english(page, "the lab")
    for model in ("izhikevich", "hh"):
        page.select_option("#lab-model", model)
        page.wait_for_function(f"window.lab.model.model === '{model}'")
        page.wait_for_timeout(400)
        leaks += english(page, f"the lab, {model}")
    field = page.locator("#lab-params input").first
    field.fill("100000")
    field.dispatch_event("change")
    page.wait_for_selector("#lab-error:not([hidden])")
    leaks += english(page, "a refused parameter")
    page.click("#lab-mystery-start")
    page.wait_for_selector("#lab-mystery-panel:not([hidden])")
    page.click("#lab-answer-I")
    page.wait_for_selector("#lab-mystery-result:not([hidden])")
    leaks += english(page, "the mystery neuron")
    assert not leaks, "English left on the Chinese page:\n" + "\n".join(map(str, leaks))


@pytest.mark.parametrize("path", ["", "lab"])
def test_the_pages_name_the_chinese_fonts_of_every_platform(open_zh, path):
    page = open_zh(path, ready="body")
    stack = page.evaluate("getComputedStyle(document.body).fontFamily")
    names = [
        "PingFang SC",
        "Hiragino Sans GB",
        "Microsoft YaHei",
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "WenQuanYi Micro Hei",
    ]
    at = [stack.find(f'"{name}"') for name in names]
    assert -1 not in at and at == sorted(at), stack
    assert stack.find("system-ui") < at[0] and stack.rstrip().endswith("sans-serif")
    # Chinese text drawn in that stack is a CJK font's (about 1 em a character)
    width = page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '20px ' + getComputedStyle(document.body).fontFamily;
        return c.measureText('神经网络').width; }"""
    )
    assert width > 70, width


#: PyTorch's module names, as a recorded model's layer graph shows them
MODULES = {"Conv", "Linear", "Flatten", "MaxPool", "Sequential", "ReLU", "Tanh"}


def test_a_pytorch_runs_dashboard_is_chinese(
    open_zh, serve_app, tmp_path, record_tiny_cnn
):
    """A recorded CNN's dashboard: the layer graph's boxes (the server words
    them in both languages), their numbers, the note and the curves."""
    pytest.importorskip("torch")
    path = record_tiny_cnn(tmp_path / "cnn.ngrun", epochs=2)[0]
    with serve_app(create_app(tmp_path, replay=path)) as url:
        page = open_zh(base=url, ready="#network .gbox")
        page.wait_for_function("window.playground?.app.frame?.header.layers")
        page.wait_for_timeout(300)
        found = english(page, "a CNN's dashboard")
        leaks = [(*f[:3], [w for w in f[3] if w not in MODULES]) for f in found]
        leaks = [f for f in leaks if f[3]]
        page.screenshot(path=str(ARTIFACTS / "dashboard-cnn-zh.png"), full_page=True)
    assert not leaks, "English left on the Chinese page:\n" + "\n".join(map(str, leaks))


@pytest.mark.parametrize(
    "path, button, ready",
    [
        ("#seed=1&dataset=spirals3", "#lang", ".neuron"),
        ("lab", "#lab-lang", "#lab-model"),
    ],
)
def test_switching_to_chinese_rewords_what_the_page_already_shows(
    browser, server, path, button, ready
):
    """Opened in English, then switched: what was drawn before the switch (the
    draw-class options were) is worded again in Chinese."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 950})
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/{path}")
    page.wait_for_selector(ready)
    page.wait_for_timeout(800)
    page.click(button)
    page.wait_for_function("document.documentElement.lang.startsWith('zh')")
    page.wait_for_timeout(400)
    leaks = english(page, f"{path} after the switch")
    ctx.close()
    assert not errors, errors
    assert not leaks, "English left after switching:\n" + "\n".join(map(str, leaks))
