"""A run's diagnostics as ``runs show`` prints them, in the command's language.

The recorder's :class:`~neuroglass.recorder.diagnostics.Diagnostic` is English
(``str(d)``: ``[warning] dead_units (epoch 3): ...``). In Chinese each finding is
written again from its rule (``d.rule``), its severity, where it started and
its evidence (``d.evidence``), with the same numbers in the same format. A
rule this table does not know is printed in English, as recorded.
"""

from __future__ import annotations

import math

from ..recorder.diagnostics.thresholds import (
    CHANCE_FRACTION,
    EXPLODING_GROWTH,
    EXPLODING_SCALE,
)
from ..views.lang import get_lang

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}

#: the rule's name and what to try, by rule
RULES = {
    "loss_not_finite": (
        "损失不再是有限值",
        "把学习率降低约 10 倍、标准化输入，或用 fit(clip_norm=1.0) 裁剪梯度。",
    ),
    "vanishing_gradients": (
        "梯度消失",
        "使用 relu 或 leaky_relu 并配合 He 初始化，减少层数，"
        "或为这个深度使用更大的学习率。",
    ),
    "exploding_gradients": (
        "梯度爆炸",
        "降低学习率，裁剪梯度（fit(clip_norm=1.0)），或使用更小的初始化（glorot/he）"
        "并标准化输入。",
    ),
    "learning_rate_high": ("学习率过高", "尝试把学习率降低约 10 倍。"),
    "learning_rate_low": (
        "学习率过低",
        "尝试把学习率提高 10 到 100 倍，或使用 optimizer='adam'。",
    ),
    "loss_at_chance": (
        "损失停在随机水平",
        "调整学习率，增加神经元或隐藏层，加入更有信息量的输入特征（如 x1*x2、x1^2、"
        "sin(x1)），或训练更多轮。（如果标签大多是噪声，这已经是最好的结果。）",
    ),
    "slow_convergence": (
        "收敛太慢",
        "提高学习率，增加神经元或输入特征，或训练更多轮。",
    ),
    "dead_units": (
        "死亡单元",
        "降低学习率，使用 leaky_relu 或 elu，或使用 He 初始化。",
    ),
    "saturated_units": (
        "饱和单元",
        "标准化输入，使用更小的初始化或更低的学习率，或换成 relu。",
    ),
    "overfitting": (
        "过拟合",
        "在验证损失最低的那一轮附近停止训练，加入 L2 正则化，使用更多训练数据，"
        "或减少神经元。",
    ),
}

NOT_FINITE = {
    "loss": "损失变成了 NaN 或无穷大",
    "gradient": "损失仍是有限值时，梯度（以及它更新的权重）变成了 NaN 或无穷大",
    "weights": "损失仍是有限值时，权重变成了 NaN 或无穷大（一次更新超出了数值范围）",
    "optimizer state": "损失和权重仍是有限值时，优化器的状态（如 Adam "
    "的梯度平方平均）变成了 NaN 或无穷大",
    None: "损失、权重或优化器的状态变成了 NaN 或无穷大",
}


def describe(d) -> str:
    """One line for the finding ``d``: ``str(d)`` in English."""
    if get_lang() == "en" or d.rule not in RULES:
        return str(d)
    name, suggestion = RULES[d.rule]
    where = "开始时" if d.epoch is None else f"第 {d.epoch + 1} 轮"
    if d.step is not None:
        where += f"，第 {d.step + 1} 步"
    what = _what(d)
    if d.severity == "info":  # a note: the remedy only if it gets worse
        worse = "验证准确率开始下降" if d.rule == "overfitting" else "训练停滞"
        suggestion = f"现在无需处理；如果{worse}，再{suggestion}"
    severity = SEVERITY.get(d.severity, d.severity)
    return f"[{severity}] {name}（{where}）：{what}。{suggestion}"


def _what(d) -> str:
    e = d.evidence
    writer = {
        "loss_not_finite": lambda: (
            NOT_FINITE.get(e.get("cause"), NOT_FINITE[None]) + "，训练已停止"
        ),
        "vanishing_gradients": lambda: (
            f"第一层的均方根梯度为 {e['first_layer_grad_rms']:.2e}，是最后一层"
            f"（{e['last_layer_grad_rms']:.2e}）的 {e['ratio']:.1e} 倍，"
            "所以前面的层几乎学不到东西"
        ),
        "exploding_gradients": lambda: _exploding(e),
        "learning_rate_high": lambda: _lr_high(e),
        "learning_rate_low": lambda: (
            f"权重几乎不动：每一步只改变它们自身大小的 {e['median_update_ratio']:.1e}"
            "（通常约为 1e-3）"
        ),
        "loss_at_chance": lambda: _at_chance(e),
        "slow_convergence": lambda: (
            f"损失下降太慢，{e['epochs']} 轮内无法收敛：最终损失为 {e['loss']:.3g}"
            f"（随机水平为 {e['chance_loss']:.3g}），每轮只下降 {e['rate']:.2g}；"
            f"照这个速度，还需要约 {e['epochs_needed']:,.0f} 轮才能降到 "
            f"{e['goal']:.3g}"
        ),
        "dead_units": lambda: _units(
            d, "dead_fraction", "已经死亡：对每个探测样本都输出 0，因此不再学习"
        ),
        "saturated_units": lambda: _units(
            d,
            "saturated_fraction",
            "已经饱和：输出停在曲线平坦的两端，那里的梯度几乎为零",
        ),
        "overfitting": lambda: _overfitting(d),
    }
    try:
        return writer[d.rule]()
    except (KeyError, TypeError, ValueError):  # evidence of another shape
        return d.message


def _at_chance(e) -> str:
    worse = e["loss"] > (2 - CHANCE_FRACTION) * e["chance_loss"]
    where = (
        "比这个任务的随机水平（{:.3g}）还差"
        if worse
        else "仍在这个任务的随机水平（{:.3g}）附近"
    )
    return (
        f"网络没有在学习：{e['epochs']} 轮（{e['steps']} 步）之后，训练损失为 "
        f"{e['loss']:.3g}，" + where.format(e["chance_loss"])
    )


def _exploding(e) -> str:
    scale, growth = e.get("grad_to_weight"), e.get("growth") or 0.0
    if scale is not None and scale > EXPLODING_SCALE and growth <= EXPLODING_GROWTH:
        return (
            f"梯度从一开始就很大：权重的梯度是权重本身的 {scale:.3g} 倍"
            "（||dW|| / ||W||，通常约为 0.01 到 1），梯度范数为 "
            f"{e['grad_norm']:.3g}"
        )
    text = f"梯度范数为 {e['grad_norm']:.3g}（是最初的 {growth:.3g} 倍）"
    ratio = e.get("ratio")
    if ratio is not None and math.isfinite(ratio):
        text += f"，第一层的均方根梯度是最后一层的 {ratio:.3g} 倍"
    return text


def _lr_high(e) -> str:
    if "median_update_ratio" in e:
        value = e["median_update_ratio"]
        return (
            f"每一步都把权重改变其自身大小的 {100 * value:.0f}%"
            f"（||dW|| / ||W|| 的中位数为 {value:.2g}，通常约为 1e-3），"
            "训练来回跳动，无法稳定下来"
        )
    return (
        f"{e['optimizer']} 的学习率 {e['lr']:g} 太大：无论梯度如何，每一步都把每个权重"
        f"移动约 {e['lr']:g}，训练损失停在 {e['best_loss']:.3g} 后没有再改善，现在为 "
        f"{e['loss']:.3g}（随机水平 {e['chance_loss']:.3g} 的 "
        f"{100 * e['loss'] / e['chance_loss']:.0f}%）；"
        f"{e['optimizer']} 的学习率通常为 0.001 到 0.01，可以试试 "
        f"{min(e['lr'] / 10, 0.01):g}"
    )


def _units(d, field, what) -> str:
    return f"第 {d.layer + 1} 层 {100 * d.evidence[field]:.0f}% 的单元{what}"


def _overfitting(d) -> str:
    e = d.evidence
    text = (
        f"验证损失在第 {e['best_epoch'] + 1} 轮左右最低（{e['best_val_loss']:.4g}），"
        f"之后升到 {e['val_loss']:.4g}，而训练损失降到了 {e['train_loss']:.4g}"
    )
    then, now = e.get("best_val_accuracy"), e.get("val_accuracy")
    if then is None or now is None:
        return "网络过拟合了：" + text
    accuracies = (
        f"第 {e['best_epoch'] + 1} 轮左右为 {100 * then:.1f}%，现在为 {100 * now:.1f}%"
    )
    if d.severity == "info":
        return (
            f"{text}。不过验证准确率保持住了（{accuracies}）：损失上升，是因为网络"
            "对少数判错的验证点越来越自信地判错，而不是判错的点变多了"
        )
    return f"网络过拟合了：{text}，验证准确率（{accuracies}）"
