"""Which language the command speaks (cli/lang.py) and its message tables."""

import re
import string
import subprocess
import sys

import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.cli.lang import from_argv, from_environment
from neuroglass.cli.messages import MESSAGES, usage_error

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW"}, "zh"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        # gettext's order: LC_ALL, then LC_MESSAGES, then LANG
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "", "LC_MESSAGES": "en_GB", "LANG": "zh_CN"}, "en"),
        # LANGUAGE comes first unless the locale is C (GNU gettext)
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LANGUAGE": "zh_CN:en", "LC_ALL": "C"}, "en"),
        # the library's own variable wins over the locale
        ({"NEUROGLASS_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
        ({"NEUROGLASS_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
        ({"NEUROGLASS_LANG": "zh_CN.UTF-8"}, "zh"),
    ],
)
def test_the_environment_chooses_as_gettext_does(environ, lang):
    assert from_environment(environ) == lang


def test_a_neuroglass_lang_that_is_no_language_is_refused():
    with pytest.raises(ValueError, match=r"NEUROGLASS_LANG is 'fr'; expected"):
        from_environment({"NEUROGLASS_LANG": "fr"})


def test_lang_on_the_command_line_is_read_before_parsing():
    assert from_argv(["--lang", "zh", "train"]) == "zh"
    assert from_argv(["train", "--epochs", "3", "--lang=zh"]) == "zh"
    assert from_argv(["--lang", "zh", "train", "--lang", "en"]) == "en"
    assert from_argv(["--lang", "fr"]) is None  # argparse names it
    assert from_argv(["train"]) is None


def test_both_tables_have_the_same_messages_and_placeholders(no_english):
    en, zh = MESSAGES["en"], MESSAGES["zh"]
    assert set(en) == set(zh)

    def fields(text):
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)

    for key in en:
        assert fields(en[key]) == fields(zh[key]), key
        no_english(zh[key], f"the Chinese message {key!r}: {zh[key]!r}")
    # the same English would fail: the check reads words
    assert any(HAN.search(text) for text in zh.values())


def _run(argv, env=None):
    return subprocess.run(
        [sys.executable, "-m", "neuroglass", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_the_locale_and_the_option_choose_in_a_real_process(tmp_path, monkeypatch):
    import os

    argv = ["brain", "presets"]
    chinese = {**os.environ, "LANG": "zh_CN.UTF-8"}
    assert "放电模式" in _run(argv, chinese).stdout
    assert "pattern" in _run([*argv, "--lang", "en"], chinese).stdout  # overrides
    assert "pattern" in _run(argv, {**os.environ, "LANG": "C"}).stdout
    assert "pattern" in _run(argv, {**os.environ, "LANG": "en_US.UTF-8"}).stdout
    assert "放电模式" in _run(["--lang", "zh", *argv]).stdout
    neuroglass_lang = {**os.environ, "NEUROGLASS_LANG": "zh"}
    assert "放电模式" in _run(argv, neuroglass_lang).stdout


def test_lang_goes_before_or_after_the_command(capsys):
    for argv in (
        ["--lang", "zh", "brain", "presets"],
        ["brain", "--lang", "zh", "presets"],
        ["brain", "presets", "--lang", "zh"],
        ["--lang=zh", "brain", "presets"],
    ):
        assert main(argv) == 0
        assert "放电模式" in capsys.readouterr().out, argv


def test_a_wrong_lang_is_a_clear_usage_error(capsys):
    assert main(["--lang", "fr", "info", "x.npz"]) == 2
    err = capsys.readouterr().err
    assert "argument --lang: invalid choice: 'fr'" in err and "'zh'" in err
    assert main(["train", "--lang", "de"]) == 2
    assert "argument --lang: invalid choice: 'de'" in capsys.readouterr().err


def test_a_wrong_neuroglass_lang_is_one_error_line(capsys, monkeypatch):
    monkeypatch.setenv("NEUROGLASS_LANG", "fr")
    assert main(["brain", "presets"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("neuroglass: error: the environment variable NEUROGLASS")
    assert main(["--lang", "en", "brain", "presets"]) == 0  # the option wins


def test_the_language_holds_only_while_the_command_runs(capsys):
    ng.set_lang("en")
    assert main(["--lang", "zh", "brain", "presets"]) == 0
    assert ng.get_lang() == "en"  # a caller's setting is not changed


def test_the_views_the_command_calls_follow_its_language(monkeypatch, capsys):
    import neuroglass.cli.brain as brain

    seen = []
    monkeypatch.setattr(brain, "_presets", lambda args: seen.append(ng.get_lang()))
    main(["--lang", "zh", "brain", "presets"])
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    main(["brain", "presets"])
    main(["--lang", "en", "brain", "presets"])
    assert seen == ["zh", "zh", "en"]


def test_argparse_messages_in_chinese():
    with ng.language("zh"):
        assert (
            usage_error("unrecognized arguments: --bogus") == "无法识别的参数：--bogus"
        )
        text = usage_error("argument --dataset: invalid choice: 'x' (choose from 'a')")
        assert text == "参数 --dataset：无效的选项：'x'（可选：'a'）"
        text = usage_error("argument --n: invalid int value: 'x'")
        assert text == "参数 --n：无效的值：'x'"
        text = usage_error("the following arguments are required: path")
        assert text == "缺少必需的参数：path"
    assert usage_error("unrecognized arguments: --x") == "unrecognized arguments: --x"
