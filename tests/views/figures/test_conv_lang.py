"""The filters, the feature maps and the layer graph in Chinese
(``lang="zh"``): every drawn text is Chinese or a name PyTorch prints, none of
the English table's words is left, no glyph is missing; English unchanged."""

import re
import warnings
from types import SimpleNamespace

import numpy as np
from matplotlib.text import Text

import neuroglass as ng
from neuroglass.views.figures import _conv_text
from neuroglass.views.figures.conv import plot_feature_maps, plot_filters
from neuroglass.views.figures.layer_graph import layer_graph_data, plot_layer_graph

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z]{3,}")
WEIGHTS = np.random.default_rng(0).normal(size=(10, 2, 3, 3))


def template_words(table) -> set:
    found = set()
    for value in table.values():
        found |= set(WORD.findall(re.sub(r"\{[^}]*\}", " ", value)))
    return found


ENGLISH = template_words(_conv_text.EN) - template_words(_conv_text.ZH)


def assert_chinese(fig):
    """The texts of ``fig`` drawn: Chinese, no English word of the table, no
    missing glyph (the check itself is tested in test_brain_lang.py)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing
    texts = [t.get_text() for t in fig.findobj(Text) if t.get_visible()]
    assert sum(bool(CJK.search(t)) for t in texts) >= 2, texts
    left = {w for t in texts for w in WORD.findall(t) if w in ENGLISH}
    assert not left, (left, texts)
    return texts


def test_the_tables_match_and_name_the_english_words():
    assert _conv_text.EN.keys() == _conv_text.ZH.keys()
    assert {"filters", "channel", "activation", "modules", "params"} <= ENGLISH


def _run(weights):
    layers = [
        {"name": "features.0", "type": "Conv2d", "weight_shape": list(weights.shape)}
    ]
    snapshot = SimpleNamespace(
        epoch=4, layers=[SimpleNamespace(name="features.0", weights=weights)]
    )
    return SimpleNamespace(
        path="cnn.ngrun",
        config={"network": {"format": "torch.module", "layers": layers}},
        snapshot=lambda epoch=None: snapshot,
        metrics=lambda: None,
    )


def test_filters_in_chinese():
    ax = plot_filters(_run(WEIGHTS), max_filters=8, lang="zh")
    texts = assert_chinese(ax.figure)
    head, colours = ax.get_title().split("\n")
    assert head == "features.0：3×3卷积核8个（共10个），2个输入通道，第5轮"
    assert colours == "2个输入通道的平均：橙色 < 0 < 蓝色；统一色标，±" + (
        f"{np.abs(WEIGHTS[:8].mean(axis=1)).max():.3g}"
    )
    assert "权重" in texts  # the colour bar
    ax = plot_filters(WEIGHTS[:, :1], channels=0, scale="filter", lang="zh")
    assert ax.get_title() == (
        "3×3卷积核10个，1个输入通道\n"
        "输入通道0：橙色 < 0 < 蓝色；每个卷积核按各自的最大|w|着色"
    )
    rgb = np.random.default_rng(1).normal(size=(4, 3, 3, 3))
    ax = plot_filters(rgb, lang="zh")
    assert ax.get_title().split("\n")[1].startswith("RGB：灰色 = 0，偏亮为正权重")


def test_feature_maps_in_chinese():
    maps = np.maximum(np.random.default_rng(2).normal(size=(2, 6, 5, 5)), 0)
    with ng.language("zh"):
        ax = plot_feature_maps(maps, sample=1, layer="conv1", max_maps=4)
    texts = assert_chinese(ax.figure)
    head, colours = ax.get_title().split("\n")
    assert head == "conv1：输入1的5×5特征图4张（共6张）"
    assert colours.startswith("活性值：0为暗，越大越亮；统一色标，0到")
    assert "活性值" in texts
    ax = plot_feature_maps(maps - 0.5, scale="map", lang="zh")
    assert ax.get_title() == (
        "输入0的5×5特征图6张\n"
        "活性值：橙色 < 0 < 蓝色，灰色 = 0；每张图按各自的最大值着色"
    )


TREE = """Net(
  (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))
  (1): ReLU()
  (2): Flatten(start_dim=1, end_dim=-1)
  (3): Linear(in_features=128, out_features=10, bias=True)
)"""
LAYERS = [
    {"name": "0", "type": "Conv2d", "n_in": 1, "n_out": 8, "weight_shape": [8, 1, 3, 3],
     "bias_shape": [8], "output_shape": [8, 4, 4], "trainable": False},
    {"name": "3", "type": "Linear", "n_in": 128, "n_out": 10,
     "weight_shape": [10, 128], "bias_shape": [10], "shared_with": "0"},
]  # fmt: skip
NETWORK = {"format": "torch.module", "module": TREE, "n_params": 1370, "layers": LAYERS}


def test_layer_graph_in_chinese():
    ax = plot_layer_graph(NETWORK, lang="zh")
    texts = assert_chinese(ax.figure)
    assert ax.get_title() == (
        "Net：4个模块，1,370个参数\n（各层按顺序排列；神经元图只用于多层感知机）"
    )
    assert "Conv2d 1→8, 3×3, 步幅2, 填充1" in texts
    assert "'0' · 80个参数 · 已冻结 · 输出8×4×4" in texts
    assert "'3' · 0个参数 · 与'0'共享" in texts
    ax = plot_layer_graph(NETWORK, compact=True, max_boxes=2, lang="zh")
    texts = assert_chinese(ax.figure)
    assert "Conv2d 1→8, 3×3, 步幅2, 填充1 · 输出8×4×4" in texts
    assert "另有2个" in texts


def test_layer_graph_data_stays_english_unless_asked():
    with ng.language("zh"):  # the playground words its page itself
        boxes = layer_graph_data(NETWORK)["boxes"]
    assert boxes[0]["notes"] == "'0' · 80 params · frozen · out 8×4×4"
    assert layer_graph_data(NETWORK, lang="zh")["boxes"][0]["label"] == (
        "Conv2d 1→8, 3×3, 步幅2, 填充1"
    )
