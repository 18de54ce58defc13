"""The Explanation document: Markdown, well-formed LaTeX, value lookup."""

import re

import pytest

import neuroglass as ng


def assert_latex_well_formed(latex):
    assert latex.count("{") == latex.count("}")
    for env in set(re.findall(r"\\begin\{(\w+)\}", latex)):
        assert latex.count(rf"\begin{{{env}}}") == latex.count(rf"\end{{{env}}}"), env
    # no double superscripts or subscripts such as a^{(1)}^{T} (a LaTeX error)
    i, used, last_end = 0, set(), -1
    while i < len(latex):
        char = latex[i]
        if char in "^_" and latex[i - 1] != "\\":
            if i != last_end:
                used = set()  # a new base
            assert char not in used, latex[max(0, i - 40) : i + 10]
            used.add(char)
            j = i + 1
            if latex[j] == "{":
                level = 0
                while True:
                    level += {"{": 1, "}": -1}.get(latex[j], 0)
                    j += 1
                    if level == 0:
                        break
            else:
                j += 1
            i = last_end = j
            continue
        i += 1


# -- Markdown and LaTeX ----------------------------------------------------------------
def test_markdown(seed):
    net, X, y = seed
    ex = ng.explain.backward(net, X[0], y[0])
    markdown = ex.to_markdown()
    assert markdown == ex._repr_markdown_()
    assert markdown.startswith("### Backward pass")
    assert "**Loss (mse)**" in markdown
    assert "`w <- w - lr * dW`" in markdown
    assert "| input \\ unit | 1 | 2 | 3 | 4 |" in markdown  # dW1 as a table
    assert "| **1** | 2.605 | 2.638 | -2.433 | 0.02343 |" in markdown
    assert markdown.count("`") % 2 == 0
    forward = ng.explain.forward(net, X[0]).to_markdown()
    assert "| **1** | 0.8202 | -0.3401 | 0.4117 | -0.6932 |" in forward


def test_latex(seed, big):
    net, X, y = seed
    ex = ng.explain.backward(net, X[0], y[0])
    latex = ex.to_latex()
    assert latex.startswith(r"\begin{aligned}") and latex.endswith(r"\end{aligned}")
    for token in [r"\begin{bmatrix}", r"\delta^{(1)}", r"\odot", r"\frac{\partial L}"]:
        assert token in latex, token
    assert r"W^{(2)\top}" in latex
    assert ex._repr_latex_() == "$$" + latex + "$$"
    assert_latex_well_formed(latex)
    assert_latex_well_formed(ng.explain.forward(net, X[0]).to_latex())
    big_net, x = big
    big_latex = ng.explain.backward(big_net, x, 3).to_latex()
    assert_latex_well_formed(big_latex)
    assert r"\cdots" in big_latex and r"\vdots" in big_latex
    assert r"Loss (cross}\_\textbf{entropy)}" in big_latex  # "_" escaped
    forward = ng.explain.forward(big_net, x).to_latex()
    assert "dense_1" not in forward and r"dense}\_\textbf{1" in forward


def test_latex_escapes_special_characters():
    net = ng.mlp([2, 2, 1], seed=0)
    net.layers[0].name = "100%_sure & #1 {x}^~\\"
    latex = ng.explain.forward(net, [1.0, 2.0]).to_latex()
    assert_latex_well_formed(latex)
    assert r"\%" in latex and r"\&" in latex and r"\#" in latex


def test_value_names_what_exists(seed):
    net, X, _ = seed
    ex = ng.explain.forward(net, X[0])
    with pytest.raises(KeyError, match=r"no step 'delta'.*\('z', 1\)"):
        ex.value("delta", 1)
    assert "Explanation" in repr(ex) and "steps" in repr(ex)
