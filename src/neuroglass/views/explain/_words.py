"""The words of the worked examples, one table per language (:mod:`._en`,
:mod:`._zh`), and formulas that stay formulas in every language.

A table entry is a template whose ``{fields}`` the code fills the same way in
every language: numbers arrive already formatted (by :func:`~._render.num`), and
formulas arrive as :class:`Math` pieces, which plain text and Markdown write as
their ``text`` and LaTeX as their ``latex`` (real math, never ``\\text``).

>>> say("en", "unit", k=1)
'unit 1: '
>>> phrase("zh", "after")
['更新之后']
"""

from __future__ import annotations

import string
from typing import NamedTuple

from ..lang import resolve_lang
from . import _en, _zh

TABLES = {"en": _en.WORDS, "zh": _zh.WORDS}


class Math(NamedTuple):
    """A formula inside a sentence: ``Math("z1 = a0 W1 + b1", r"z^{(1)} = ...")``."""

    text: str
    latex: str


def _template(lang: str, key: str) -> str:
    return TABLES[resolve_lang(lang)][key]


def say(lang: str, key: str, **fields) -> str:
    """The entry ``key`` filled in, as plain text (a :class:`Math` as its text)."""
    plain = {k: v.text if isinstance(v, Math) else v for k, v in fields.items()}
    return _template(lang, key).format(**plain)


def phrase(lang: str, key: str, **fields) -> list:
    """The entry ``key`` filled in, as a list of ``str`` and :class:`Math` pieces."""
    parts: list = []
    for literal, name, spec, _ in string.Formatter().parse(_template(lang, key)):
        if literal:
            parts.append(literal)
        if name is None:
            continue
        value = fields[name]
        parts.append(value if isinstance(value, Math) else format(value, spec))
    return join(parts)


def join(parts) -> list:
    """``parts`` with neighbouring strings merged and empty ones dropped."""
    out: list = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += part
                continue
        out.append(part)
    return out


def plain(parts) -> str:
    """The pieces as one line of plain text."""
    if isinstance(parts, str):
        return parts
    return "".join(p.text if isinstance(p, Math) else p for p in parts)


def marked(parts) -> str:
    """The pieces as Markdown: formulas as code spans."""
    if isinstance(parts, str):
        return parts
    return "".join(f"`{p.text}`" if isinstance(p, Math) else p for p in parts)
