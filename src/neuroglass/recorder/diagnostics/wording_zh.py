"""Every finding of the Diagnoser in Chinese, written from the same evidence
as the English (``Diagnostic.evidence``), with the same numbers in the same
formats.

:func:`wording` gives a finding's severity, rule name, where it started, its
message and what to try; :meth:`Diagnostic.text` and :meth:`Diagnostic.line`
call it for ``lang="zh"``. ``WRITERS`` holds one writer per rule the Diagnoser
can report (``tests/recorder/diagnostics/test_wording_zh.py`` finds the rules
in the package's source and fails on a rule without one). A finding recorded
before a key was added to its evidence is worded without what the key says; a
finding whose evidence is not as expected gets its rule's general sentence.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from .advice import round_up, tries
from .thresholds import (
    CHANCE_FRACTION,
    EXPLODING_GROWTH,
    EXPLODING_RATIO,
    EXPLODING_SCALE,
    GOOD_FRACTION,
    OVERFIT_ACCURACY_DROP,
    OVERFIT_SMOOTH,
)

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}

#: each rule's name, as the figures and the report title a finding
NAMES = {
    "loss_not_finite": "训练发散",
    "vanishing_gradients": "梯度消失",
    "exploding_gradients": "梯度爆炸",
    "learning_rate_high": "学习率过高",
    "learning_rate_low": "学习率过低",
    "loss_at_chance": "损失停在随机猜测水平",
    "slow_convergence": "收敛太慢",
    "dead_units": "死亡单元",
    "saturated_units": "饱和单元",
    "overfitting": "过拟合",
}

#: what became NaN or infinite, by TrainingDiverged.cause (None: not known)
NOT_FINITE = {
    "loss": "损失变成了 NaN 或无穷大",
    "gradient": "损失仍然有限时，一个梯度变成了 NaN 或无穷大（它更新的权重也一样）",
    "weights": "损失仍然有限时，权重变成了 NaN 或无穷大（一次更新大到超出了数值范围）",
    "optimizer state": "损失和权重仍然有限时，优化器的状态（例如 adam 的梯度平方"
    "平均值：梯度大到无法平方）变成了 NaN 或无穷大",
    None: "损失、权重或优化器的状态变成了 NaN 或无穷大",
}

#: a general sentence per rule, for a finding whose evidence is not as expected
GENERAL = {
    "loss_not_finite": "训练发散了：数值不再有限，训练已停止。",
    "vanishing_gradients": "梯度在反向传播中逐层消失，前面的层几乎学不到东西。",
    "exploding_gradients": "梯度爆炸：梯度大到让每一步都远远超出权重本身的大小。",
    "learning_rate_high": "学习率过高：训练来回跳动，无法稳定下来。",
    "learning_rate_low": "学习率过低：权重几乎不动。",
    "loss_at_chance": "网络没有在学习：训练损失仍停留在随机猜测水平。",
    "slow_convergence": "损失下降得太慢，在这么多轮内无法收敛。",
    "dead_units": "一部分 relu 单元已经死亡：它们总是输出 0，不再学习。",
    "saturated_units": "一部分单元已经饱和：它们停在激活函数平坦的两端，梯度几乎为零。",
    "overfitting": "网络过拟合了：验证损失在上升，而训练损失还在下降。",
}

_OVERFIT_REMEDY = (
    "提前停止训练（fit(early_stopping=True)），加入 L2 正则化（l2=1e-3），"
    "使用更多数据或更小的网络。"
)


class Wording(NamedTuple):
    """A finding in words: severity, rule name, where it started, message and
    what to try."""

    severity: str
    name: str
    where: str
    message: str
    suggestion: str


def wording(d) -> Wording | None:
    """Finding ``d`` (a :class:`Diagnostic`) in Chinese; None for a rule with
    no Chinese here (a rule this version does not know)."""
    writer = WRITERS.get(d.rule)
    if writer is None:
        return None
    try:
        message, suggestion = writer(d, d.evidence or {})
    except (KeyError, TypeError, ValueError, AttributeError, ZeroDivisionError):
        message, suggestion = GENERAL[d.rule], ""  # evidence of another shape
    if d.severity == "info" and d.rule in ("dead_units", "saturated_units"):
        suggestion = "现在无需处理；如果训练停滞，再" + suggestion
    where = "开始时" if d.epoch is None else f"第 {d.epoch + 1} 轮"
    if d.step is not None:
        where += f"，第 {d.step + 1} 步"
    severity = SEVERITY.get(d.severity, d.severity)
    return Wording(severity, NAMES[d.rule], where, message, suggestion)


# -- pieces ---------------------------------------------------------------------
def _vs_chance(loss, chance) -> str:
    """``0.69（随机猜测水平 0.693 的 100%）``, as LossCurve.words in English."""
    return f"{loss:.3g}（随机猜测水平 {chance:.3g} 的 {100 * loss / chance:.0f}%）"


def _remedies(e, more_epochs=True) -> list[str]:
    """advice.tries, in Chinese (from the evidence's ``remedy`` facts)."""
    return [
        TRIES[kind](*args) for kind, *args in tries(e.get("remedy") or {}, more_epochs)
    ]


TRIES = {
    "regularization": lambda p: (
        "减少正则化（" + "，".join(f"{k} 为 {v:g}" for k, v in p) + "）"
    ),
    "lower_lr": lambda lr: f"降低学习率（现在为 {lr:g}，试试 {lr / 10:g}）",
    "higher_lr": lambda lr: (
        f"提高学习率（现在为 {lr:g}，试试 {3 * lr:g} 到 {10 * lr:g}），"
        "或换用 adam 优化器（学习率 0.01）"
    ),
    "adaptive_higher": lambda opt, lr: (
        f"提高学习率（{opt} 现在为 {lr:g}，通常 0.001 到 0.01 效果较好）"
    ),
    "adaptive_lower": lambda opt, lr: (
        f"降低学习率（{opt} 现在为 {lr:g}，通常 0.001 到 0.01 效果较好）"
    ),
    "wider": lambda: "加宽网络（每层更多单元）",
    "features": lambda: "加入更有信息量的输入特征（如 x1*x2、x1^2、sin(x1)）",
    "epochs": lambda: "训练更多轮",
}

_UNIT_CAUSES = {"dead_units": "死亡", "saturated_units": "饱和"}
_CAUSES = {"vanishing": "梯度消失", "exploding": "梯度爆炸", "lr_high": "学习率过高"}


def _causes(e) -> str:
    """The likely causes the evidence lists (advice.cause_keys), or ""."""
    found = []
    for key, layer in e.get("causes") or []:
        if layer is None:
            found.append(_CAUSES.get(key, key))
        else:
            found.append(f"第 {layer + 1} 层的单元{_UNIT_CAUSES.get(key, key)}")
    return "可能的原因（上面已报告）：" + "；".join(found) + "。" if found else ""


# -- the rules ---------------------------------------------------------------------
def _not_finite(d, e):
    what = NOT_FINITE.get(e.get("cause"), NOT_FINITE[None])
    return (
        f"{what}，训练已停止。",
        "把学习率降低约 10 倍，标准化输入，或用 fit(clip_norm=1.0) 裁剪梯度。",
    )


def _vanishing(d, e):
    return (
        "梯度在反向传播中逐层消失：第一层的均方根梯度为 "
        f"{e['first_layer_grad_rms']:.2e}，是最后一层（{e['last_layer_grad_rms']:.2e}）"
        f"的 {e['ratio']:.1e} 倍，所以前面的层几乎学不到东西。",
        "使用 relu 或 leaky_relu 并配合 He 初始化，减少层数，"
        "或为这个深度使用更大的学习率。",
    )


def _exploding(d, e):
    scale, growth, ratio = e.get("grad_to_weight"), e.get("growth") or 0.0, e["ratio"]
    kind = e.get("kind") or (
        "from_start"
        if scale is not None and scale > EXPLODING_SCALE and growth <= EXPLODING_GROWTH
        else "growing"
    )
    layers = f"，第一层的均方根梯度是最后一层的 {ratio:.3g} 倍"
    finite = ratio is not None and math.isfinite(ratio)
    if kind == "from_start":
        return (
            f"梯度从一开始就非常大：权重的梯度是权重本身的 {scale:.3g} 倍"
            "（||dW|| / ||W||，通常约为 0.01 到 1），所以任何常用学习率的一步"
            f"都会让权重的变化远远超出它们自身的大小（梯度范数为 {e['grad_norm']:.3g}）"
            + (layers if finite and ratio > EXPLODING_RATIO else "")
            + "。",
            "标准化输入（回归任务还要标准化目标值），使用更小的初始化（glorot/he），"
            "裁剪梯度（fit(clip_norm=1.0)）或降低学习率。",
        )
    return (
        f"梯度爆炸：梯度范数为 {e['grad_norm']:.3g}（是最初的 {growth:.3g} 倍）"
        + (layers if finite else "")
        + "。",
        "降低学习率，裁剪梯度（fit(clip_norm=1.0)），"
        "或使用更小的初始化（glorot/he）并标准化输入。",
    )


def _lr_high(d, e):
    if "median_update_ratio" in e:
        value = e["median_update_ratio"]
        return (
            f"每一步都把权重改变其自身大小的 {100 * value:.0f}%"
            f"（||dW|| / ||W|| 的中位数为 {value:.2g}，通常约为 1e-3），"
            "所以训练来回跳动，无法稳定下来。",
            "尝试把学习率降低约 10 倍。",
        )
    opt, lr = e["optimizer"], e["lr"]
    since = "开始" if d.epoch is None else f"第 {d.epoch + 1} 轮"
    return (
        f"{opt} 在学习率 {lr:g} 下太快了：无论梯度多大，它每一步都把每个权重"
        f"移动约 {lr:g}；训练损失从{since}（{e['best_loss']:.3g}）以来没有再改善，"
        f"现在为 {_vs_chance(e['loss'], e['chance_loss'])}。",
        f"{opt} 的学习率通常为 0.001 到 0.01：试试 {min(lr / 10, 0.01):g}。",
    )


def _lr_low(d, e):
    return (
        "权重几乎不动：每一步只改变它们自身大小的 "
        f"{e['median_update_ratio']:.1e}（通常约为 1e-3）。",
        "尝试把学习率提高 10 到 100 倍，或使用 optimizer='adam'。",
    )


def _units(d, e):
    dead = d.rule == "dead_units"
    fraction = e["dead_fraction" if dead else "saturated_fraction"]
    named = ""
    if e.get("layer_name") is not None:
        named = f"（{e['layer_name']}，{e.get('activation')}）"
    what = (
        "已经死亡：它们对每个探测样本都输出 0，因此不再学习。"
        if dead
        else "已经饱和：它们的输出停在曲线平坦的两端，那里的梯度几乎为零。"
    )
    message = f"第 {d.layer + 1} 层{named}有 {100 * fraction:.0f}% 的单元{what}"
    if e.get("verdict") == "learning":
        message += (
            f"训练损失已经很低，为 {_vs_chance(e['loss'], e['chance_loss'])}，"
            "所以它们并不妨碍学习。"
        )
    elif e.get("verdict") == "stalled":
        message += f"训练损失停滞在 {_vs_chance(e['loss'], e['chance_loss'])}。"
    suggestion = (
        "降低学习率，使用 leaky_relu 或 elu，或使用 He 初始化。"
        if dead
        else "标准化输入，使用更小的初始化或更低的学习率，或换成 relu。"
    )
    return message, suggestion


def _chance_what(e, d) -> str:
    if "loss_name" in e:
        mse = e["loss_name"] == "mse"
    else:  # recorded before the evidence said
        mse = "variance of the targets" in (d.message or "")
    if mse:
        return "目标值的方差，即始终预测它们的均值得到的损失"
    return "始终按各类别的频率预测得到的损失"


def _at_chance(d, e):
    chance = e["chance_loss"]
    level = f"这个任务的随机猜测水平（{chance:.3g}：{_chance_what(e, d)}）"
    if e["loss"] > (2 - CHANCE_FRACTION) * chance:
        where = f"比{level}还差"
    else:
        where = f"仍处于{level}"
    trend = ""
    if e.get("fall_epochs"):
        span, fall = e["fall_epochs"], e["fall"]
        trend = (
            f"，而且最近 {span} 轮只下降了 {fall:.2g}"
            if fall > 0
            else f"，而且最近 {span} 轮没有下降"
        )
    return (
        f"网络没有在学习：{e['epochs']} 轮（{e['steps']} 步）之后，训练损失为 "
        f"{e['loss']:.3g}，{where}{trend}。" + _causes(e),
        "可以尝试：" + "；".join(_remedies(e)) + "。"
        "（如果标签大多是噪声，这已经是最好的结果。）",
    )


def _slow(d, e):
    n, needed, goal = e["epochs"], e["epochs_needed"], e["goal"]
    quarter = math.isclose(goal, GOOD_FRACTION * e["chance_loss"])
    over = f"最近 {e['window']} 轮" if e.get("window") else ""
    return (
        f"损失下降得太慢，{n} 轮内无法收敛：它最终为 "
        f"{_vs_chance(e['loss'], e['chance_loss'])}，{over}每轮下降 {e['rate']:.2g}；"
        f"照这个速度，还需要约 {needed:,.0f} 轮才能降到 {goal:.3g}"
        + (
            "（随机猜测水平的四分之一）。"
            if quarter
            else "（到趋于平稳处 90% 的路程）。"
        )
        + _causes(e),
        "可以尝试："
        + "；".join(_remedies(e, more_epochs=False))
        + f"；或训练更久（epochs={round_up(n + needed)}）。",
    )


def _overfitting(d, e):
    epoch = e["best_epoch"] + 1
    fell = f"从 {e['best_train_loss']:.4g} " if "best_train_loss" in e else ""
    losses = (
        f"验证损失（{OVERFIT_SMOOTH} 轮平均）在第 {epoch} 轮左右最低"
        f"（{e['best_val_loss']:.4g}），之后升到了 {e['val_loss']:.4g}，"
        f"而训练损失{fell}降到了 {e['train_loss']:.4g}"
    )
    then, now = e.get("best_val_accuracy"), e.get("val_accuracy")
    accuracies = None
    if then is not None and now is not None:
        accuracies = f"第 {epoch} 轮左右为 {100 * then:.1f}%，现在为 {100 * now:.1f}%"
    if d.severity == "info":
        return (
            f"{losses}。不过验证准确率保持住了（{accuracies}）：损失上升是因为网络"
            "判错的少数验证点被越来越自信地判错，而不是判错的点变多了。",
            "现在无需处理；如果验证准确率开始下降（下降 "
            f"{100 * OVERFIT_ACCURACY_DROP:g} 个百分点或更多），再" + _OVERFIT_REMEDY,
        )
    if accuracies is None:
        after = ""
    elif then - now >= OVERFIT_ACCURACY_DROP or e.get("chance_accuracy") is None:
        after = f"，验证准确率也下降了（{accuracies}）"
    else:
        after = (
            f"；验证准确率（{accuracies}）并不比始终回答最常见类别的 "
            f"{100 * e['chance_accuracy']:.1f}% 高多少"
        )
    return f"网络过拟合了：{losses}{after}。", _OVERFIT_REMEDY


#: rule -> ``writer(diagnostic, evidence) -> (message, suggestion)``
WRITERS = {
    "loss_not_finite": _not_finite,
    "vanishing_gradients": _vanishing,
    "exploding_gradients": _exploding,
    "learning_rate_high": _lr_high,
    "learning_rate_low": _lr_low,
    "dead_units": _units,
    "saturated_units": _units,
    "loss_at_chance": _at_chance,
    "slow_convergence": _slow,
    "overfitting": _overfitting,
}
