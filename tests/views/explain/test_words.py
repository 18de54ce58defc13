"""views/explain/_words.py: one table per language, filled alike."""

import string

import pytest

from neuroglass.views.explain import _en, _zh
from neuroglass.views.explain._words import Math, marked, phrase, plain, say


def test_the_tables_have_the_same_entries_with_the_same_fields():
    assert _en.WORDS.keys() == _zh.WORDS.keys()

    def fields(template):
        return [name for _, name, _, _ in string.Formatter().parse(template) if name]

    for key, english in _en.WORDS.items():
        assert fields(_zh.WORDS[key]) == fields(english), key


def test_phrase_keeps_formulas_apart_from_words():
    z = Math("z1 = a0 W1 + b1", r"z^{(1)} = a^{(0)} W^{(1)} + b^{(1)}")
    parts = phrase("zh", "weighted_sum", z=z)
    assert parts[0] == z and isinstance(parts[1], str) and "偏置" in parts[1]
    assert plain(parts).startswith("z1 = a0 W1 + b1：")
    assert marked(parts).startswith("`z1 = a0 W1 + b1`：")
    assert say("en", "unit", k=2) == "unit 2: " and say("zh", "unit", k=2) == "单元2："


def test_a_wrong_language_is_refused():
    with pytest.raises(ValueError, match="'en' or 'zh'; got 'de'"):
        say("de", "unit", k=1)
