"""Numbers, arrays and building blocks rendered as plain text, Markdown and LaTeX.

The words around the numbers (``min``, ``matrix``...) come from the
language's table (:mod:`._words`); the numbers are formatted here, by the same
code for every language. The blocks a worked example is made of are in
:mod:`._blocks`.
"""

from __future__ import annotations

import re

import numpy as np

from ._words import say

#: matrices with more rows or columns than this are summarised, not dumped
MAX_MATRIX = 8
#: vectors with more entries than this are summarised, not dumped
MAX_VECTOR = 10
#: leading entries shown of a summarised vector
LEAD = 6
#: width to which sentences are wrapped in plain text (formulas are not wrapped)
TEXT_WIDTH = 88
#: rows x columns of the corner shown of a summarised matrix
CORNER = (3, 5)

# what stands between the \text pieces of words written in LaTeX math mode
_LATEX_MATH = {
    "->": r"\to ",
    "<-": r"\leftarrow ",
    "_": r"\_",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "^": r"{}^{\wedge}",
    "~": r"\sim ",
    "\\": r"\backslash ",
    "×": r"\times ",
}


# -- numbers --------------------------------------------------------------------
def num(value) -> str:
    """A number with 4 significant digits: ``0.3053``, ``-2.59``, ``1.2e-05``."""
    value = float(value)
    if value == 0:
        return "0"  # also for -0.0
    return f"{value:.4g}"


def factor(value) -> str:
    """:func:`num`, in parentheses when negative, to stand in a product or sum."""
    text = num(value)
    return f"({text})" if text.startswith("-") else text


def latex_num(value) -> str:
    """:func:`num` in LaTeX: ``1.2e-05`` becomes ``1.2 \\times 10^{-5}``."""
    text = num(value)
    match = re.fullmatch(r"(-?[\d.]+)e([+-])0*(\d+)", text)
    if match:
        mantissa, sign, exponent = match.groups()
        sign = "-" if sign == "-" else ""
        return rf"{mantissa} \times 10^{{{sign}{exponent}}}"
    if text in ("inf", "-inf"):
        return text.replace("inf", r"\infty")
    if text == "nan":
        return r"\mathrm{NaN}"
    return text


def latex_factor(value) -> str:
    text = latex_num(value)
    return rf"\left({text}\right)" if text.startswith("-") else text


def latex_text(text: str, command: str = r"\text") -> str:
    r"""Plain words as LaTeX math-mode material: ``\text{...}`` pieces.

    Characters that are special in LaTeX (``_`` in ``dense_1``, ``%``, ``^``...)
    and the arrows ``->`` and ``<-`` are put between the ``\text`` pieces as math,
    where both LaTeX and MathJax accept them. ``command`` may be ``\textbf``.
    """
    out = []
    piece = ""
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        token = _LATEX_MATH.get(pair)
        step = 2
        if token is None:
            token = _LATEX_MATH.get(text[i])
            step = 1
        if token is None:
            piece += text[i]
        else:
            if piece:
                out.append(f"{command}{{{piece}}}")
                piece = ""
            out.append(token)
        i += step
    if piece:
        out.append(f"{command}{{{piece}}}")
    return "".join(out)


def stats(values, lang="en") -> str:
    """``min -0.08, mean 0.0001, max 0.08, std 0.04`` of an array."""
    values = np.asarray(values, dtype=float)
    return say(
        lang,
        "stats",
        min=num(values.min()),
        mean=num(values.mean()),
        max=num(values.max()),
        std=num(values.std()),
    )


def is_large_vector(values) -> bool:
    return np.size(values) > MAX_VECTOR


def is_large_matrix(values) -> bool:
    rows, cols = np.shape(values)
    return rows > MAX_MATRIX or cols > MAX_MATRIX


# -- arrays as text -------------------------------------------------------------
def vector_text(values, lang="en") -> str:
    """``[0.5, -1, 2]``; above :data:`MAX_VECTOR` entries the first few, ``...``
    and the summary statistics."""
    values = np.ravel(values)
    if not is_large_vector(values):
        return "[" + ", ".join(num(v) for v in values) + "]"
    lead = ", ".join(num(v) for v in values[:LEAD])
    summary = say(lang, "vector_summary", n=values.size, stats=stats(values, lang))
    return f"[{lead}, ...]{summary}"


def _corner(values):
    """The rows and columns of a matrix that are shown, and whether more follow."""
    rows, cols = values.shape
    large = is_large_matrix(values)
    n_rows = CORNER[0] if large and rows > MAX_MATRIX else rows
    n_cols = CORNER[1] if large and cols > MAX_MATRIX else cols
    return values[:n_rows, :n_cols], n_rows < rows, n_cols < cols


def matrix_text(values, indent: str, lang="en") -> list[str]:
    """Aligned rows ``[ 0.82  -0.34 ]``; large matrices as a summary and a corner."""
    values = np.asarray(values)
    corner, more_rows, more_cols = _corner(values)
    cells = [[num(v) for v in row] for row in corner]
    width = max(len(c) for row in cells for c in row)
    lines = []
    if more_rows or more_cols:
        rows, cols = values.shape
        summary = say(
            lang, "matrix_summary", rows=rows, cols=cols, stats=stats(values, lang)
        )
        lines.append(indent + summary)
    for row in cells:
        body = "  ".join(c.rjust(width) for c in row)
        if more_cols:
            body += "  ..."
        lines.append(f"{indent}[ {body} ]")
    if more_rows:
        lines.append(f"{indent}  ...")
    return lines


# -- arrays as Markdown ---------------------------------------------------------
def matrix_markdown(values, row_label=None, col_label=None, lang="en") -> list[str]:
    """A Markdown table, with row and column numbers (from 1)."""
    values = np.asarray(values)
    row_label = row_label or say(lang, "row")
    col_label = col_label or say(lang, "column")
    corner, more_rows, more_cols = _corner(values)
    header = [f"{row_label} \\ {col_label}"]
    header += [str(j + 1) for j in range(corner.shape[1])]
    if more_cols:
        header.append("…")
    lines = []
    if more_rows or more_cols:
        rows, cols = values.shape
        summary = say(
            lang,
            "matrix_summary_markdown",
            rows=rows,
            cols=cols,
            stats=stats(values, lang),
        )
        lines += [summary, ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---:|" * len(header))
    for i, row in enumerate(corner):
        cells = [f"**{i + 1}**", *(num(v) for v in row)]
        if more_cols:
            cells.append("…")
        lines.append("| " + " | ".join(cells) + " |")
    if more_rows:
        lines.append("| … |" + " … |" * (len(header) - 1))
    return lines


# -- arrays as LaTeX ------------------------------------------------------------
def vector_latex(values, lang="en") -> str:
    values = np.ravel(values)
    if not is_large_vector(values):
        return (
            r"\begin{bmatrix}"
            + " & ".join(latex_num(v) for v in values)
            + (r"\end{bmatrix}")
        )
    cells = " & ".join(latex_num(v) for v in values[:LEAD]) + r" & \cdots"
    return (
        r"\begin{bmatrix}"
        + cells
        + r"\end{bmatrix}"
        + r"\;"
        + latex_text(
            say(lang, "vector_summary", n=values.size, stats=stats(values, lang))
        )
    )


def matrix_latex(values, lang="en") -> str:
    values = np.asarray(values)
    corner, more_rows, more_cols = _corner(values)
    rows = []
    for row in corner:
        cells = [latex_num(v) for v in row]
        if more_cols:
            cells.append(r"\cdots")
        rows.append(" & ".join(cells))
    if more_rows:
        dots = [r"\vdots"] * corner.shape[1] + ([r"\ddots"] if more_cols else [])
        rows.append(" & ".join(dots))
    body = r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
    if more_rows or more_cols:
        n_rows, n_cols = values.shape
        summary = say(
            lang,
            "matrix_summary_latex",
            rows=n_rows,
            cols=n_cols,
            stats=stats(values, lang),
        )
        body += r"\;" + latex_text(summary)
    return body
