"""Chinese wherever the page meets a learner (issue 14), without a browser: the
string tables of the pages have the same keys in both languages, every refusal
the server can send carries its Chinese (``zh``), and every finding the
recorder can report is worded in Chinese with its numbers."""

import ast
import importlib.util
import math
import re
from pathlib import Path

import numpy as np
import pytest

import neuroglass.playground as playground
from neuroglass.playground import config as cfg
from neuroglass.playground import data as pdata
from neuroglass.playground.events import diagnostic_events, diverged_event

PACKAGE = Path(playground.__file__).parent
STATIC = PACKAGE / "static"

#: what a Chinese text may keep of the Latin alphabet: names, symbols, units
ALLOWED = {
    *"NaN ReLU Leaky ELU GELU tanh sigmoid Adam SGD RMSprop MSE BCE CE Softmax".split(),
    *"Tanh Sigmoid Softplus Swish".split(),
    *"softmax dW Hz ms mV nA cm mS Hopf".split(),
    *"LIF Izhikevich Hodgkin Huxley STDP LTP LTD".split(),
    *"CSV UTF MB JSON csv sin inf RS II exp dt neuroglass Glorot He".split(),
    # the recorder's wording names settings as they are typed in code
    *"adam relu glorot he elu sgd rmsprop".split(),
}


def english_words(text: str) -> list:
    """The words of ``text`` a Chinese reader would have to read in English
    (identifiers such as w_max and names in ALLOWED do not count)."""
    text = re.sub(r"\b\w*_\w*\b", " ", text)  # identifiers: tau_m, w_max
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED]


# -- the string tables -----------------------------------------------------------
def table_keys(path: Path, lang: str) -> set:
    """The keys of the ``lang`` block of a page's STRINGS table."""
    text = path.read_text()
    block = text.split(f"\n  {lang}: {{", 1)[1].split("\n  }", 1)[0]
    keys = set(re.findall(r'(?:^|[\s,{])(\w+|"[^"]+"):\s*"', block, re.M))
    assert len(keys) > 20, f"{path.name}: {lang} table not found"
    return keys


@pytest.mark.parametrize("name", ["i18n.js", "lab_i18n.js", "lab_stdp_strings.js"])
def test_every_english_string_has_a_chinese_one_and_back(name):
    en, zh = table_keys(STATIC / name, "en"), table_keys(STATIC / name, "zh")
    assert not en - zh, f"{name}: no Chinese for {sorted(en - zh)}"
    assert not zh - en, f"{name}: no English for {sorted(zh - en)}"


def test_every_choice_of_the_page_has_words_in_both_tables():
    """Each option of every select (and each data set) names an i18n key."""
    text = (STATIC / "controls.js").read_text()
    labels = text.split("const LABELS = {", 1)[1].split("\n};", 1)[0]
    en = table_keys(STATIC / "i18n.js", "en")
    options = cfg.options()
    choices = {
        "activation": options["activation"],
        "regularization": options["regularization"],
        "problem": list(options["datasets"]),
        "optimizer": options["optimizer"],
        "output": [o for outs in options["output"].values() for o in outs],
        "init": options["init"],
        "schedule": options["schedule"],
        "dataset": [d for sets in options["datasets"].values() for d in sets],
    }
    for kind, values in choices.items():
        entry = re.search(rf"\b{kind}: \{{(.*?)\}}", labels, re.S).group(1)
        for value in values:
            found = re.search(rf"\b{value}: (\"(\w+)\"|null)", entry)
            assert found, f"{kind} {value!r} has no entry in controls.js LABELS"
            if found.group(2):
                assert found.group(2) in en, f"{kind} {value!r}: no {found.group(2)}"


# -- the server's refusals -------------------------------------------------------
#: calls that make a refusal, and the position of their Chinese argument
REFUSALS = {
    "error": 2,
    "ConfigMessageError": 2,
    "DataMessageError": 1,
    "PointError": 2,
    "_NoSample": 1,
    "Refusal": 2,
    "_refused": 1,
}


def test_every_refusal_the_server_makes_says_it_in_chinese():
    """Every ``msg.error(...)`` and every refusal exception built in the
    playground's Python passes its Chinese wording: a new English-only refusal
    fails here."""
    missing = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            if name not in REFUSALS or (path.name == "messages.py" and name == "error"):
                continue
            if name == "error" and not (
                isinstance(func, ast.Attribute)
                and getattr(func.value, "id", "") == "msg"
            ):
                continue
            given = len(node.args) > REFUSALS[name] or any(
                k.arg == "zh" for k in node.keywords
            )
            if not given:
                missing.append(f"{path.name}:{node.lineno} {name}(...)")
    assert not missing, "refusals without Chinese: " + ", ".join(missing)


@pytest.mark.parametrize(
    "partial, words",
    [
        ({"learning_rate": 20}, "学习率必须是 (0, 10] 内的数；收到的是 20。"),
        ({"noise": 51}, "噪声必须是 0 到 50 之间的整数；收到的是 51。"),
        ({"optimizer": "adamw"}, "优化器必须是 sgd、momentum、adam 之一"),
        ({"features": []}, "至少要选择一个输入特征"),
        ({"colour": 1}, "未知的设置 'colour'"),
    ],
)
def test_a_refused_setting_says_why_in_chinese(partial, words):
    with pytest.raises(cfg.ConfigMessageError) as info:
        cfg.merge(dict(cfg.DEFAULTS), partial)
    assert words in info.value.zh
    # the same value and range as the English
    for number in re.findall(r"\d+", str(info.value)):
        assert number in info.value.zh, (str(info.value), info.value.zh)


@pytest.mark.parametrize(
    "csv_text, words",
    [
        ("x1,x2,label\n1,2,0\n", "至少需要 4 行"),
        ("x1,x2,label\n1,2,a\n3,4,1\n5,6,0\n7,8,1\n", "第 3 列（'label'）含有文字"),
        ("1,2\n", "第 1 行有 2 列"),
    ],
)
def test_an_upload_refused_says_why_in_chinese(csv_text, words):
    with pytest.raises(pdata.DataMessageError) as info:
        pdata.parse_csv(csv_text)
    assert words in info.value.zh and not english_words(
        re.sub(r"'[^']*'|x1,x2", "", info.value.zh)
    ), info.value.zh


def test_an_uploads_note_is_in_both_languages():
    X = np.random.default_rng(0).uniform(-6, 6, (20, 2))
    *_, note = pdata.parse_csv(
        "x1,x2,label\n"
        + "\n".join(f"{a},{b},{k % 3}" for (a, b), k in zip(X, range(20)))
    )
    assert note.startswith("Classification with 3 classes")
    assert note.zh.startswith("分类，共 3 个类别") and "0、1、2" in note.zh
    *_, note = pdata.parse_csv(
        "x1,x2,label\n" + "\n".join(f"{a},{b},{10 * a:.3f}" for a, b in X)
    )
    assert note.startswith("Regression") and "scaled to [-1, 1]" in note
    assert note.zh.startswith("回归") and "缩放到 [-1, 1]" in note.zh
    assert not english_words(note.zh)


# -- the recorder's findings -----------------------------------------------------
def findings() -> list:
    """A real finding of every kind the recorder words differently: the
    recorder's own test builds them (tests/recorder/diagnostics/test_wording_zh.py,
    which checks the Chinese wording itself: every rule, the numbers, no
    English); here only that the page's events carry it."""
    path = Path(__file__).parents[1] / "recorder" / "diagnostics" / "test_wording_zh.py"
    spec = importlib.util.spec_from_file_location("recorder_test_wording_zh", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.findings()


def test_every_event_of_a_frame_carries_its_chinese():
    found = findings()
    assert len(found) > 20
    events = diagnostic_events(found)
    assert [e["zh"] for e in events] == [d.text("zh").message for d in found]
    assert all(re.search("[\u4e00-\u9fff]", e["zh"]) for e in events)

    class Diverged(Exception):
        cause, loss = "loss", math.nan

    event = diverged_event(Diverged(), 7, 0.3)
    assert event["zh"] == (
        "训练在第 7 轮发散：损失变成了 NaN。网络保留了最后一组损失仍然有限的权重。"
    )
