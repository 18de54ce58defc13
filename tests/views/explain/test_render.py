"""views/explain/_render.py: numbers and arrays written as text, Markdown, LaTeX."""

import numpy as np

from neuroglass.views.explain import _render as r


def test_numbers_have_four_significant_digits_and_no_negative_zero():
    assert r.num(0.305312) == "0.3053"
    assert r.num(-2.5900) == "-2.59"
    assert r.num(1.2e-05) == "1.2e-05"
    assert r.num(-0.0) == "0"
    assert r.factor(-0.5) == "(-0.5)" and r.factor(0.5) == "0.5"


def test_latex_numbers_use_powers_of_ten_and_name_non_finite_values():
    assert r.latex_num(1.2e-05) == r"1.2 \times 10^{-5}"
    assert r.latex_num(3e20) == r"3 \times 10^{20}"
    assert r.latex_num(float("inf")) == r"\infty"
    assert r.latex_num(float("-inf")) == r"-\infty"
    assert r.latex_num(float("nan")) == r"\mathrm{NaN}"
    assert r.latex_factor(-2.0) == r"\left(-2\right)"


def test_latex_text_escapes_what_latex_would_read_as_commands():
    out = r.latex_text("dense_1 -> 50% & more")
    assert r"\_" in out and r"\to" in out and r"\%" in out and r"\&" in out
    assert "_1" not in out.replace(r"\_1", "")  # no bare subscript left
    assert r.latex_text("a", r"\textbf") == r"\textbf{a}"


def test_small_vectors_are_written_whole_large_ones_summarised():
    assert r.vector_text([0.5, -1, 2]) == "[0.5, -1, 2]"
    big = np.arange(20.0)
    text = r.vector_text(big)
    assert text.startswith("[0, 1, 2, 3, 4, 5, ...]")
    assert "20 values" in text and "max 19" in text and "min 0" in text


def test_large_matrices_show_a_corner_and_their_statistics_in_every_format():
    m = np.arange(12 * 9, dtype=float).reshape(12, 9)
    text = r.matrix_text(m, "  ")
    assert text[0].startswith("  12 x 9 matrix") and text[-1] == "    ..."
    assert len(text) == 1 + r.CORNER[0] + 1
    assert all(line.endswith("...  ]") or "..." in line for line in text[1:-1])
    md = r.matrix_markdown(m)
    assert md[0].startswith("12 × 9 matrix") and "…" in md[2]
    latex = r.matrix_latex(m)
    assert r"\vdots" in latex and r"\ddots" in latex and r"\cdots" in latex


def test_small_matrices_are_written_whole_and_aligned():
    lines = r.matrix_text(np.array([[0.82, -0.34], [1.0, 10.5]]), "")
    assert lines == ["[  0.82  -0.34 ]", "[     1   10.5 ]"]
    md = r.matrix_markdown(np.array([[1.0, 2.0]]))
    assert md == ["| row \\ column | 1 | 2 |", "|---:|---:|---:|", "| **1** | 1 | 2 |"]
