"""The blocks a worked example is made of: :class:`Heading`, :class:`Prose` and
:class:`Eq`. Each writes itself as plain text, Markdown and LaTeX, so the three
renderings show the same numbers.

Headings and sentences are lists of words (``str``) and formulas
(:class:`~._words.Math`): plain text shows the formulas as they are, Markdown as
code spans, LaTeX as math between ``\\text{...}`` pieces that hold only words.
Sentences are wrapped to :data:`~._render.TEXT_WIDTH` columns (a Chinese
character is two columns wide), never inside a formula or an English word, and
never before a closing Chinese punctuation mark.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from ._render import (
    TEXT_WIDTH,
    latex_text,
    matrix_latex,
    matrix_markdown,
    matrix_text,
    vector_latex,
    vector_text,
)
from ._words import Math, join, marked, plain, say

# a line may not start with these, nor end with the opening ones
_CLOSING = set("，。、；：？！）」』”’》】,.;:!?)]")
_OPENING = set("（「『“‘《【([")


# -- wrapping ---------------------------------------------------------------------
def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _fragments(parts):
    """Words, spaces and formulas; a CJK character is a fragment of its own."""
    for part in parts:
        if isinstance(part, Math):
            yield part
        else:
            yield from re.findall(r"\s+|[^\s\u2e80-\uffef]+|[\u2e80-\uffef]", part)


def _breakable(left, right) -> bool:
    """Whether a line may break between two neighbouring fragments."""
    if _is_space([left]) or _is_space([right]):
        return True
    first = right if isinstance(right, str) else right.text
    last = left if isinstance(left, str) else left.text
    if first[:1] in _CLOSING or last[-1:] in _OPENING:
        return False
    return (isinstance(right, str) and _is_wide(first[0])) or (
        isinstance(left, str) and _is_wide(last[-1])
    )


def _chunks(parts):
    """Runs of fragments that no line may break inside."""
    chunks: list[list] = []
    previous = None
    for fragment in _fragments(parts):
        if previous is None or _breakable(previous, fragment):
            chunks.append([fragment])
        else:
            chunks[-1].append(fragment)
        previous = fragment
    return chunks


def _is_space(chunk) -> bool:
    return len(chunk) == 1 and isinstance(chunk[0], str) and chunk[0].isspace()


def wrap(parts, columns: int = TEXT_WIDTH) -> list[list]:
    """``parts`` as lines of at most ``columns`` columns (a longer unbreakable
    run gets a line of its own), spaces at the line ends dropped."""
    lines: list[list] = [[]]
    used = 0
    for chunk in _chunks(parts):
        size = width(plain(chunk))
        if _is_space(chunk):
            if lines[-1]:
                lines[-1].append(chunk)
                used += size
            continue
        if lines[-1] and used + size > columns:
            lines.append([])
            used = 0
        lines[-1].append(chunk)
        used += size
    out = []
    for line in lines:
        while line and _is_space(line[-1]):
            line.pop()
        out.append(join(fragment for chunk in line for fragment in chunk))
    return [line for line in out if line] or [[]]


def latex_parts(parts, command: str = r"\text") -> str:
    """Words as ``\\text`` (or ``\\textbf``) pieces, formulas as math."""
    return "".join(
        p.latex if isinstance(p, Math) else latex_text(p, command) for p in parts
    )


# -- blocks -----------------------------------------------------------------------
class Heading:
    """A section title: ``Layer 1: dense_1, 3 -> 4, tanh``."""

    def __init__(self, parts):
        self.parts = join([parts] if isinstance(parts, str) else parts)

    def to_text(self, lang="en") -> list[str]:
        return ["", plain(self.parts)]

    def to_markdown(self, lang="en") -> list[str]:
        return [f"**{plain(self.parts)}**", ""]

    def to_latex(self, lang="en") -> list[str]:
        return [r"& " + latex_parts(self.parts, r"\textbf")]


class Prose:
    """A sentence of words and formulas (:class:`~._words.Math`); Markdown
    shows the formulas as code spans."""

    def __init__(self, parts):
        self.parts = join([parts] if isinstance(parts, str) else parts)

    def to_text(self, lang="en") -> list[str]:
        return ["  " + plain(line) for line in wrap(self.parts, TEXT_WIDTH - 2)]

    def to_markdown(self, lang="en") -> list[str]:
        return [marked(self.parts), ""]

    def to_latex(self, lang="en") -> list[str]:
        # display math does not wrap: one row per line of the wrapped sentence
        return [r"& " + latex_parts(line) for line in wrap(self.parts)]


class Eq:
    """A formula, optionally followed by its value (a vector or a matrix).

    Parameters
    ----------
    text, latex : str
        The formula, e.g. ``"z1 = a0 W1 + b1"`` and ``"z^{(1)} = ..."``.
    value : array, optional
        Shown after ``=``: vectors inline, matrices as aligned rows, a
        Markdown table or a ``bmatrix``, summarised when large.
    matrix : bool
        Show ``value`` as a matrix (rows = inputs, columns = units).
    indent : int
        Spaces before the line in plain text.
    """

    def __init__(self, text, latex, value=None, *, matrix=False, indent=2):
        self.indent = " " * indent
        self.text = text
        self.latex = latex
        self.value = None if value is None else np.asarray(value, dtype=float)
        self.matrix = matrix

    def to_text(self, lang="en") -> list[str]:
        pad = self.indent
        if self.value is None:
            return [pad + self.text]
        if not self.matrix:
            return [f"{pad}{self.text} = {vector_text(self.value, lang)}"]
        return [f"{pad}{self.text} =", *matrix_text(self.value, pad + " " * 4, lang)]

    def to_markdown(self, lang="en") -> list[str]:
        if self.value is None:
            return [f"`{self.text}`", ""]
        if not self.matrix:
            return [f"`{self.text}` = `{vector_text(self.value, lang)}`", ""]
        rows, cols = self.value.shape
        labels = say(lang, "input_label"), say(lang, "unit_label")
        return [
            f"`{self.text}`{say(lang, 'matrix_shape', rows=rows, cols=cols)}",
            "",
            *matrix_markdown(self.value, *labels, lang=lang),
            "",
        ]

    def to_latex(self, lang="en") -> list[str]:
        if self.value is None:
            return [r"& " + self.latex]
        if self.matrix:
            shown = matrix_latex(self.value, lang)
        else:
            shown = vector_latex(self.value, lang)
        return [rf"& {self.latex} = {shown}"]
