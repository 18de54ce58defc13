"""The report of a recorded PyTorch model that is no ng.Network, in Chinese: its
layer graph, units and filters drawn in Chinese, captions and the note too."""

import html
import re

import pytest

import neuroglass as ng
from neuroglass.views.report import build_report
from neuroglass.views.report._words import ZH

pytest.importorskip("torch")
pytestmark = pytest.mark.slow  # records a run: importing torch and opening it

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_chinese_report_of_a_cnn_run(tmp_path, record_tiny_cnn):
    path, _, _, _ = record_tiny_cnn(
        tmp_path / "cnn.ngrun", epochs=2, probe=4, val=False
    )
    with ng.open_run(path) as run:
        en, zh = build_report(run, lang="en"), build_report(run, lang="zh")
    assert "Conv2d(1, 4) -&gt; Linear(64, 3)" in zh
    assert "<td>框架</td><td>torch " in zh and "个进程</td>" in zh
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", zh)
    assert all(CJK.search(c) for c in captions)
    assert captions[-3:] == [
        ZH["fig_layer_graph"],
        ZH["fig_unit_activity"],
        html.escape(ZH["fig_filters"].format(layer="0")),
    ]
    images = re.findall(r'base64,([^"]+)"', zh)
    assert len(images) == len(captions)
    assert not set(images) & set(re.findall(r'base64,([^"]+)"', en))
    assert ZH["module_note"] in zh and CJK.search(ZH["module_note"])
    assert "need a network of dense layers" in en
