"""The language of the text a learner reads: ``"en"`` (the default) or ``"zh"``.

Every view that writes words (figures, ``ng.explain``, reports) takes ``lang=``;
left out, it follows :func:`set_lang` (or ``with ng.language("zh"):``), whose
default comes from the ``NEUROGLASS_LANG`` environment variable, else English.
The setting is a context variable: a thread or an asyncio task that changes it
changes it for itself only.

>>> import neuroglass as ng
>>> with ng.language("zh"):
...     ng.get_lang()
'zh'
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar

from ..engine.validation import check_choice

LANGUAGES = ("en", "zh")
ENV = "NEUROGLASS_LANG"


def _from_environment() -> str:
    value = os.environ.get(ENV, "").strip().lower()
    if not value:
        return "en"
    # "zh_CN.UTF-8", "zh-Hans", "zh" -> "zh"
    base = value.replace("-", "_").split("_")[0].split(".")[0]
    if base not in LANGUAGES:
        raise ValueError(
            f"the environment variable {ENV} is {value!r}; expected 'en' or 'zh'. "
            f"Unset it for English, or set {ENV}=zh."
        )
    return base


_current: ContextVar[str | None] = ContextVar("neuroglass_lang", default=None)


def get_lang() -> str:
    """The language views use when they are not given ``lang=``."""
    value = _current.get()
    return value if value is not None else _from_environment()


def set_lang(lang: str) -> None:
    """Make ``lang`` (``"en"`` or ``"zh"``) the default of every view."""
    _current.set(check_choice(lang, LANGUAGES, "lang"))


@contextmanager
def language(lang: str):
    """``with ng.language("zh"):`` views inside write Chinese; the previous
    language comes back afterwards, also on an exception."""
    token = _current.set(check_choice(lang, LANGUAGES, "lang"))
    try:
        yield lang
    finally:
        _current.reset(token)


def resolve_lang(lang: str | None = None) -> str:
    """``lang`` checked (a clear error names a wrong one), or the current
    default when it is None."""
    if lang is None:
        return get_lang()
    return check_choice(lang, LANGUAGES, "lang")


def pick(table: dict, lang: str | None = None):
    """``table[lang]`` from an ``{"en": ..., "zh": ...}`` table."""
    return table[resolve_lang(lang)]
