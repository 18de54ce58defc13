"""The LaTeX of ng.explain typesets: every row parses as math (matplotlib's
mathtext, for the constructs it has), the key formulas are real math (\\tanh,
\\sigma, \\operatorname{ReLU}, \\frac{\\partial L}{\\partial W}, \\odot...), and
\\text{...} holds words only, never a formula."""

import functools
import json
import logging
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import neuroglass as ng

mathtext = pytest.importorskip("matplotlib.mathtext")

ENVIRONMENT = re.compile(r"\\begin\{(bmatrix|cases)\}(.*?)\\end\{\1\}")
TEXT = re.compile(r"\\text(?:bf)?\{([^{}]*)\}")
CJK = re.compile(r"[\u2e80-\uffef]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# what only a formula has: an equation, a power, a fraction of d's, code names
FORMULA = re.compile(r"=|\^|dL/|sum_|exp\(|log\(|tanh\(|sigmoid\(|f'\(|<-|\*")


def _networks():
    rng = np.random.default_rng(0)
    for act, loss, output, y in [
        ("tanh", "mse", None, 0.5),
        ("sigmoid", "bce", "sigmoid", 1),
        ("relu", "cross_entropy", "softmax", 2),
        ("leaky_relu", "mse", "softmax", [1.0, 0.0, 0.0]),
        ("elu", "mse", None, 0.5),
        ("gelu", "bce", "sigmoid", 0),
        ("swish", "cross_entropy", "softmax", 0),
        ("softplus", "mse", None, -1.0),
        ("identity", "mse", None, 2.0),
    ]:
        k = 1 if loss != "cross_entropy" and not isinstance(y, list) else 3
        net = ng.mlp([3, 4, k], activation=act, output=output, loss=loss, seed=0)
        yield act, loss, net, rng.normal(size=3), y
    wide = ng.mlp([20, 12, 10], activation="relu", loss="cross_entropy", seed=1)
    yield "relu", "cross_entropy", wide, rng.random(20), 3
    reg = ng.mlp([2, 3, 1], loss="mse", seed=0, l1=0.01, l2=0.1)
    yield "tanh", "mse", reg, np.array([0.5, -1.0]), 1.0


NETWORKS = list(_networks())


@functools.cache
def _latex(lang):
    """(activation, loss, kind, LaTeX) of every network, forward and backward."""
    out = []
    for act, loss, net, x, y in NETWORKS:
        out.append((act, loss, "forward", ng.explain.forward(net, x, lang=lang)))
        out.append((act, loss, "backward", ng.explain.backward(net, x, y, lang=lang)))
    return [(act, loss, kind, ex.to_latex()) for act, loss, kind, ex in out]


def _rows(latex):
    body = latex.removeprefix("\\begin{aligned}\n").removesuffix("\n\\end{aligned}")
    for row in body.split(" \\\\\n"):
        assert row.startswith("& "), row
        yield row[2:]


def _cells(environment_body):
    return [c for line in environment_body.split(r"\\") for c in line.split("&")]


def _for_mathtext(math):
    """The row as mathtext takes it: bmatrix and cases (checked cell by cell)
    stand as one symbol; \\textbf, \\underbrace and \\& as mathtext writes them;
    CJK characters (the font's business, not the syntax's) as letters."""
    cells = []

    def stand_in(match):
        cells.extend(_cells(match.group(2)))
        return "M"

    math = ENVIRONMENT.sub(stand_in, math)
    math = math.replace(r"\textbf{", r"\text{").replace(r"\underbrace", "")
    math = math.replace(r"\&", r"\text{and}")
    return [CJK.sub("x", piece) for piece in [math, *cells]]


@pytest.fixture(scope="module")
def parser():
    return mathtext.MathTextParser("path")


def test_every_row_parses_as_math(parser, caplog):
    caplog.set_level(logging.ERROR)
    # rows that differ only in their numbers or words are parsed once (mathtext
    # is slow; the numbers' own LaTeX is tested in test_render)
    pieces = {}
    cases = [(lang, case) for lang in ("en", "zh") for case in _latex(lang)]
    for lang, (act, loss, kind, latex) in cases:
        for row in _rows(latex):
            for piece in _for_mathtext(row):
                for words in TEXT.findall(piece):  # plain characters only
                    assert not re.search(r"[\\{}$%&#^_~]", words), piece
                shape = NUMBER.sub("1", TEXT.sub(r"\\text{w}", piece))
                pieces.setdefault(shape, f"{act}/{loss} {kind} ({lang})")
    assert len(pieces) > 60
    for piece, where in pieces.items():
        try:
            parser.parse(f"${piece}$")
        except ValueError as error:
            pytest.fail(f"{where}: {piece}\n{error}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_holds_words_never_a_formula(lang):
    for act, loss, kind, latex in _latex(lang):
        for piece in TEXT.findall(latex):
            assert not FORMULA.search(piece), f"{act}/{loss} {kind}: \\text{{{piece}}}"
        if lang == "zh":
            assert re.search(r"\\text\{[^{}]*[\u4e00-\u9fff]", latex)


def test_the_key_formulas_are_typeset():
    latex = {(act, loss, kind): text for act, loss, kind, text in _latex("en")}
    expected = {
        ("tanh", "mse", "forward"): [r"a = \tanh(z)", r"\tanh\left(z^{(1)}\right)"],
        ("sigmoid", "bce", "forward"): [r"\sigma(z) = \frac{1}{1 + e^{-z}}"],
        ("relu", "cross_entropy", "forward"): [
            r"\operatorname{ReLU}(z) = \max(z, 0)",
            r"a_j = \frac{e^{z_j}}{\sum_k e^{z_k}}",
        ],
        ("tanh", "mse", "backward"): [
            r"L = \frac{1}{n}\sum_{j=1}^{n} \left(a_j - y_j\right)^2",
            r"\delta = \frac{\partial L}{\partial a} \odot f'(z)",
            r"\frac{\partial L}{\partial W^{(1)}} = a^{(0)\top} \delta^{(1)}",
            r"\frac{\partial L}{\partial b^{(1)}} = \delta^{(1)}",
            r"\delta^{(1)} = \left(\delta^{(2)} W^{(2)\top}\right) \odot f'",
            r"f'\left(z^{(1)}\right) = 1 - \left(a^{(1)}\right)^{2}",
            r"w \leftarrow w - \eta \frac{\partial L}{\partial w}",
            r"\delta^{(2)} = \frac{\partial L}{\partial z^{(2)}}",
        ],
        ("sigmoid", "bce", "backward"): [
            r"L = -\frac{1}{n}\sum_{j=1}^{n} \left(y_j \log a_j",
            r"a^{(1)} \odot \left(1 - a^{(1)}\right)",
        ],
        ("relu", "cross_entropy", "backward"): [
            r"L = -\sum_k y_k \log a_k",
            r"\delta = a - y",
            r"\begin{cases} 1 & z^{(1)} > 0 \\ 0 & \text{otherwise} \end{cases}",
        ],
    }
    for key, formulas in expected.items():
        for formula in formulas:
            assert formula in latex[key], (key, formula)
    zh = ng.explain.backward(*[NETWORKS[2][i] for i in (2, 3, 4)], lang="zh")
    assert r"\text{否则}" in zh.to_latex()


KATEX = Path("/usr/share/javascript/katex/katex.js")  # Debian's libjs-katex
RENDER = """
const katex = require(process.argv[1]);
const items = JSON.parse(require("fs").readFileSync(0, "utf8"));
const problems = [];
for (const [where, tex] of items) {
  try {
    katex.renderToString(tex, {
      displayMode: true,
      throwOnError: true,
      strict: (code, message) => { problems.push(`${where}: ${code}: ${message}`); },
    });
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}
console.log(JSON.stringify(problems));
"""


@pytest.mark.skipif(
    shutil.which("node") is None or not KATEX.exists(),
    reason="needs node and Debian's libjs-katex (what the book typesets with)",
)
def test_katex_typesets_every_explanation_without_a_warning():
    """The book shows the LaTeX with KaTeX: the whole aligned block, bmatrix,
    cases, \\underbrace and \\text{中文} included, in strict mode."""
    items = [
        [f"{act}/{loss} {kind} ({lang})", latex]
        for lang in ("en", "zh")
        for act, loss, kind, latex in _latex(lang)
    ]
    items.append(["a broken formula", r"\begin{aligned}& a^{1}^{2}\end{aligned}"])
    result = subprocess.run(
        ["node", "-e", RENDER, str(KATEX)],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    problems = json.loads(result.stdout)
    assert len(problems) == 1 and problems[0].startswith("a broken formula"), problems
