"""The language setting every view follows."""

import threading

import pytest

import neuroglass as ng
from neuroglass.views import lang as lang_module


def test_default_is_english_and_the_context_restores_it():
    assert ng.get_lang() == "en"
    with ng.language("zh"):
        assert ng.get_lang() == "zh"
        assert lang_module.resolve_lang(None) == "zh"
        assert lang_module.resolve_lang("en") == "en"  # an explicit lang wins
    assert ng.get_lang() == "en"


def test_the_context_restores_the_language_after_an_exception():
    with pytest.raises(KeyError), ng.language("zh"):
        raise KeyError("boom")
    assert ng.get_lang() == "en"


def test_a_wrong_language_is_named_with_the_choices():
    for bad in ("cn", "ZH", None, 1):
        with pytest.raises(ValueError, match=r"'en' or 'zh'") as info:
            ng.set_lang(bad)
        assert repr(bad) in str(info.value)
    with pytest.raises(ValueError, match="Did you mean 'zh'"):
        lang_module.resolve_lang("ZH")


def test_set_lang_in_a_thread_stays_in_that_thread():
    seen = []

    def worker():
        ng.set_lang("zh")
        seen.append(ng.get_lang())

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == ["zh"] and ng.get_lang() == "en"


@pytest.mark.parametrize(
    "value, expected",
    [("zh", "zh"), ("zh_CN.UTF-8", "zh"), ("en_US", "en"), ("", "en")],
)
def test_the_environment_sets_the_default(monkeypatch, value, expected):
    monkeypatch.setenv("NEUROGLASS_LANG", value)
    assert ng.get_lang() == expected


def test_a_wrong_environment_value_is_named(monkeypatch):
    monkeypatch.setenv("NEUROGLASS_LANG", "klingon")
    with pytest.raises(ValueError, match="NEUROGLASS_LANG is 'klingon'"):
        ng.get_lang()


def test_pick_reads_the_table_of_the_language():
    table = {"en": "loss", "zh": "损失"}
    assert lang_module.pick(table, "zh") == "损失"
    with ng.language("zh"):
        assert lang_module.pick(table) == "损失"
