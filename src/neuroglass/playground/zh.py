"""Chinese words the server sends beside its English ones (``zh`` fields).

Every refusal (an ``error`` message, an upload's or a download's JSON error) and
every event of a frame carries its Chinese wording, which the page shows when its
language is Chinese. :data:`FIELDS` names the settings and message fields in
Chinese; :func:`field` is the name a Chinese message gives a field.
"""

from __future__ import annotations

#: the Chinese name of every setting and message field a refusal can name
FIELDS = {
    "problem": "问题类型",
    "dataset": "数据集",
    "noise": "噪声",
    "train_ratio": "训练数据比例",
    "batch_size": "批大小",
    "seed": "权重种子",
    "data_seed": "数据种子",
    "features": "输入特征",
    "hidden": "隐藏层",
    "activation": "激活函数",
    "layer_activations": "各层的激活函数",
    "output": "输出 / 损失",
    "optimizer": "优化器",
    "learning_rate": "学习率",
    "schedule": "学习率计划",
    "regularization": "正则化",
    "reg_rate": "正则化率",
    "init": "初始化",
    "stop_epoch": "停止轮次",
    "config": "设置",
    "type": "消息类型",
    "layer": "层",
    "unit": "单元",
    "from": "起点神经元",
    "to": "终点神经元",
    "value": "数值",
    "sample": "训练点",
    "epoch": "轮次",
    "seq": "帧序号",
    "x": "横坐标",
    "y": "纵坐标",
    "label": "标签",
    "test": "测试点标记",
    "same_init": "相同初始权重标记",
    "model": "模型",
    "preset": "预设",
    "amplitude": "脉冲幅度",
    "duration": "脉冲时长",
    "name": "参数名",
}


def field(key) -> str:
    """The Chinese name of field ``key`` (the key itself if it has none)."""
    return FIELDS.get(key, str(key)) if isinstance(key, str) else str(key)


def listing(values) -> str:
    """Values listed the Chinese way: ``a、b、c``."""
    return "、".join(map(str, values))


class Bilingual(str):
    """English text that carries its Chinese wording as ``.zh`` (an upload's
    note: it goes where the English text went, and the page picks)."""

    zh: str

    def __new__(cls, en: str, zh: str):
        text = super().__new__(cls, en)
        text.zh = zh
        return text
