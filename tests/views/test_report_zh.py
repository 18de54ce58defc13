"""The HTML report in Chinese: every word of the report's own table in Chinese,
the same numbers as the English report, the figures and the worked example in
Chinese; lang=None follows the process language (neuroglass --lang zh)."""

import base64
import html
import re

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.views.report import build_report
from neuroglass.views.report._words import EN, STATUS, TEXT, ZH
from neuroglass.views.text import config_rows

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
IMAGE = re.compile(r'src="data:image/png;base64,([^"]+)"')
CJK = re.compile(r"[\u4e00-\u9fff]")

# ASCII words the Chinese report may show: names of the library, of its
# functions and of things in a run (activations, losses, the data set)
NAMES = {"neuroglass", "ngrun", "tanh", "sigmoid", "bce", "circle", "dense", "sgd"}


@pytest.fixture(scope="module")
def reports(recorded):
    """(path, X, y, {lang: html}, config) of a small recorded run."""
    path, X, y = recorded
    with ng.open_run(path) as run:
        pages = {lang: build_report(run, (X, y), lang=lang) for lang in ("en", "zh")}
        config = run.config
    return path, X, y, pages, config


def _visible(page, drop=()):
    """The text a reader sees: no style, no tags, entities decoded; the
    elements named in ``drop`` (e.g. "pre", "code") left out."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    for tag in drop:
        page = re.sub(rf"<{tag}>.*?</{tag}>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _words(text):
    return {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)}


def test_the_page_says_its_language(reports):
    pages = reports[3]
    assert pages["zh"].startswith("<!DOCTYPE html><html lang='zh'>")
    assert pages["en"].startswith("<!DOCTYPE html><html lang='en'>")


def test_no_english_word_of_the_report_is_left(reports):
    _, _, _, pages, config = reports
    # the words of the English table (the code the note quotes is no word)
    english = _words(" ".join(re.sub(r"<code>.*?</code>", " ", v) for v in EN.values()))
    english -= NAMES
    # the worked example is ng.explain's (tested there); config_rows' values
    # are views/text.py's, in Chinese too
    text = _visible(pages["zh"], drop=("pre", "code"))
    rows = dict(config_rows(config, lang="zh"))
    assert all(value in text for value in rows.values()), rows
    assert CJK.search(rows["optimizer"]) and CJK.search(rows["training"]), rows
    left = _words(text) & english
    assert not left, left
    assert _words(text) <= NAMES, _words(text) - NAMES
    # the check can fail: the English page holds those words
    assert len(_words(_visible(pages["en"])) & english) > 20
    for key in ("configuration", "results", "diagnostics", "worked_example"):
        assert f"<h2>{ZH[key]}</h2>" in pages["zh"]
    assert f"<b>{STATUS['zh']['finished']}</b>" in pages["zh"]
    assert f"<p class='ok'>{ZH['no_problems']}</p>" in pages["zh"]


def test_the_same_numbers_as_in_english(reports):
    pages = reports[3]
    en = NUMBER.findall(_visible(pages["en"]))
    zh = NUMBER.findall(_visible(pages["zh"]))
    assert len(en) > 100 and zh == en


def test_figures_are_drawn_in_chinese(reports):
    pages = reports[3]
    en, zh = IMAGE.findall(pages["en"]), IMAGE.findall(pages["zh"])
    assert len(zh) == len(en) >= 9
    for data in zh:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    # each one drawn again with lang="zh": its words differ, so its pixels do
    assert all(a != b for a, b in zip(en, zh))
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", pages["zh"])
    assert len(captions) == len(zh) and all(CJK.search(c) for c in captions)
    assert ZH["fig_boundary"] in captions and ZH["fig_landscape"] in captions


def test_the_worked_example_is_chinese(reports):
    _, X, y, pages, _ = reports
    with ng.open_run(reports[0]) as run:
        net = run.network()
    x = np.asarray(X)[0]
    expected = str(ng.explain.forward(net, x, lang="zh"))
    expected += "\n\n" + str(ng.explain.backward(net, x, y[:1], lang="zh"))
    assert f"<pre>{html.escape(expected)}</pre>" in pages["zh"]
    assert "前向传播" in expected and "反向传播" in expected


def test_the_fonts_name_the_common_chinese_families_after_the_latin_ones(reports):
    css = re.search(r"body \{ font-family: ([^;]+);", reports[3]["zh"]).group(1)
    families = [f.strip().strip('"') for f in css.split(",")]
    cjk = [
        "PingFang SC",
        "Hiragino Sans GB",
        "Microsoft YaHei",
        "Noto Sans CJK SC",
        "Source Han Sans SC",
    ]
    start = families.index("PingFang SC")
    assert families[start : start + len(cjk)] == cjk
    assert families.index("Segoe UI") < start and families[-1] == "sans-serif"
    # ng.explain's Chinese text counts a character as two columns: the worked
    # example prefers the monospaced CJK font that draws it so (Noto Sans Mono CJK)
    mono = re.search(r":lang\(zh\) pre \{ font-family: ([^;]+);", reports[3]["zh"])
    assert mono.group(1).startswith('"Noto Sans Mono CJK SC"')


def test_the_tables_have_the_same_entries():
    assert set(EN) == set(ZH) and set(TEXT) == {"en", "zh"}
    fields = re.compile(r"\{(\w+)")
    for key in EN:
        assert fields.findall(EN[key]) == fields.findall(ZH[key]), key
    for key, value in ZH.items():
        assert CJK.search(value), key


def test_a_wrong_language_is_refused_before_drawing(reports):
    with ng.open_run(reports[0]) as run:
        with pytest.raises(ValueError, match=r"lang must be 'en' or 'zh'; got 'fr'"):
            build_report(run, lang="fr")
    with pytest.raises(ValueError, match="'de'"):
        build_report(ng.mlp([2, 1], seed=0), lang="de")


def test_neuroglass_lang_zh_report_writes_chinese(reports, tmp_path, capsys):
    """No lang= given: the report follows the command's language."""
    out = tmp_path / "zh.html"
    assert main(["--lang", "zh", "report", str(reports[0]), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html><html lang='zh'>")
    assert f"<h2>{ZH['training_heading']}</h2>" in page
    assert ng.get_lang() == "en"  # the command's language did not leak


def test_diagnostics_in_chinese_words_around_the_recorders_finding(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 10
    y = X @ np.array([3.0, -2.0])
    path = tmp_path / "nan.ngrun"
    with pytest.raises(ng.TrainingDiverged):
        ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0).fit(
            X, y, epochs=30, batch_size=10, lr=5.0, callbacks=[ng.Recorder(path)]
        )
    with ng.open_run(path) as run, ng.language("zh"):  # lang=None follows it
        page = build_report(run)
        epoch = run.diagnostics()[0].epoch + 1
        finding = run.diagnostics()[0].text("zh")
    assert page.startswith("<!DOCTYPE html><html lang='zh'>")
    # the recorder's Chinese wording of its finding, no English left
    assert f"<b>训练发散</b>（第 {epoch} 轮）：{finding.message}<br>" in page
    assert f"<i>{html.escape(finding.suggestion)}</i>" in page
    diag = re.search(r"<div class='diag error'>(.*?)</div>", page).group(1)
    assert not {w.lower() for w in re.findall(r"[A-Za-z]{2,}", diag)} - {
        "b",
        "br",
        "nan",
        "fit",
        "clip",
        "norm",
    }, diag
    assert "English" not in page and "只有英文" not in page
    assert f"<b>{STATUS['zh']['diverged']}</b>" in page
