"""The words of the convolutional figures (:mod:`.conv`) and of the layer graph
(:mod:`.layer_graph`), in English and in Chinese.

``str.format`` templates keyed ``"<figure>.<what>"``; the Chinese follows d2l-zh
(卷积核, 输入通道, 特征图, 步幅, 填充, 活性值, 参数, 轮). Module types (Conv2d,
Linear ...) and shapes stay as PyTorch prints them. :func:`words` picks a
language (see :func:`._brain_text.words`).
"""

from __future__ import annotations

from . import _brain_text

EN = {
    "layer": "{layer}: ",
    "filters.channel": "input channel {channel}",
    "filters.weight": "weight",
    "filters.mean": "mean over {n} input channels",
    "filters.one_scale": "one scale, ±{peak:.3g}",
    "filters.own_scale": "each filter to its own max |w|",
    "filters.rgb": "RGB: grey = 0, brighter = positive weight; {meaning}",
    "filters.signed": "{colours}: orange < 0 < blue; {meaning}",
    "filters.bar": "weight",
    "filters.some": "{n} of {total}",
    "filters.all": "{total}",
    "filters.epoch": ", epoch {epoch}",
    "filters.head": "{which}{count} filters {kh}×{kw}, {n_in} input channel(s){at}",
    "maps.signed": "activation: orange < 0 < blue, grey = 0",
    "maps.unsigned": "activation: 0 dark, larger brighter",
    "maps.global": "; one scale for all, {lo:.3g} to {hi:.3g}",
    "maps.own": "; each map scaled to its own largest value",
    "maps.bar": "activation",
    "maps.some": "{n} of {total}",
    "maps.all": "{n}",
    "maps.head": "{which}{count} feature maps {height}×{width} for input {sample}",
    "graph.stride": "stride {value}",
    "graph.padding": "pad {value}",
    "graph.out": "out {shape}",
    "graph.scalar": "a scalar",
    "graph.params": "{n:,} params",
    "graph.shares": "shares {name!r}",
    "graph.frozen": "frozen",
    "graph.more": "+{n} more",
    "graph.input": "input {shape}",
    "graph.head": "{model}: {n} modules, {params:,} parameters",
    "graph.note": "\n(its layers in order; the neuron diagram is for MLPs)",
}

ZH = {
    "layer": "{layer}：",
    "filters.channel": "输入通道{channel}",
    "filters.weight": "权重",
    "filters.mean": "{n}个输入通道的平均",
    "filters.one_scale": "统一色标，±{peak:.3g}",
    "filters.own_scale": "每个卷积核按各自的最大|w|着色",
    "filters.rgb": "RGB：灰色 = 0，偏亮为正权重；{meaning}",
    "filters.signed": "{colours}：橙色 < 0 < 蓝色；{meaning}",
    "filters.bar": "权重",
    "filters.some": "{n}个（共{total}个）",
    "filters.all": "{total}个",
    "filters.epoch": "，第{epoch}轮",
    "filters.head": "{which}{kh}×{kw}卷积核{count}，{n_in}个输入通道{at}",
    "maps.signed": "活性值：橙色 < 0 < 蓝色，灰色 = 0",
    "maps.unsigned": "活性值：0为暗，越大越亮",
    "maps.global": "；统一色标，{lo:.3g}到{hi:.3g}",
    "maps.own": "；每张图按各自的最大值着色",
    "maps.bar": "活性值",
    "maps.some": "{n}张（共{total}张）",
    "maps.all": "{n}张",
    "maps.head": "{which}输入{sample}的{height}×{width}特征图{count}",
    "graph.stride": "步幅{value}",
    "graph.padding": "填充{value}",
    "graph.out": "输出{shape}",
    "graph.scalar": "标量",
    "graph.params": "{n:,}个参数",
    "graph.shares": "与{name!r}共享",
    "graph.frozen": "已冻结",
    "graph.more": "另有{n}个",
    "graph.input": "输入{shape}",
    "graph.head": "{model}：{n}个模块，{params:,}个参数",
    "graph.note": "\n（各层按顺序排列；神经元图只用于多层感知机）",
}

TEXT = {"en": EN, "zh": ZH}


def words(lang: str | None = None) -> dict:
    """The table of ``lang`` (None: the current language, ``ng.set_lang``);
    for Chinese, the CJK font is made available first."""
    return _brain_text.words(lang, TEXT)
