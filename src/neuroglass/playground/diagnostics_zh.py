"""The recorder's findings in Chinese, for the page's events (``zh``).

The recorder words each finding in English (:class:`Diagnostic`'s ``message``);
the page shows it in Chinese from the finding's rule, evidence and layer, with
the same numbers. What the evidence does not hold (which way a loss compares
with the chance level, the likely causes the message lists) is read from the
English message. A rule with no wording here (a rule added to the recorder
later) gets a general sentence, and ``tests/playground/test_diagnostics_zh.py``
fails until it has its own.
"""

from __future__ import annotations

import re

from ..recorder.diagnostics.thresholds import OVERFIT_SMOOTH

#: optimizers by name, as the page writes them
OPTIMIZERS = {"adam": "Adam", "rmsprop": "RMSprop", "sgd": "SGD", "momentum": "动量法"}

#: activations by name, as the page's menus write them
ACTIVATIONS = {
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "elu": "ELU",
    "gelu": "GELU",
    "linear": "线性",
    "identity": "线性",
}

#: what became NaN or infinite, by TrainingDiverged.cause (None: not known)
NOT_FINITE = {
    "loss": "损失变成了 NaN 或无穷大",
    "gradient": "损失仍然有限时，一个梯度变成了 NaN 或无穷大（它更新的权重也一样）",
    "weights": "损失仍然有限时，权重变成了 NaN 或无穷大（一次更新大到超出了数值范围）",
    "optimizer state": "损失和权重仍然有限时，优化器的状态（例如 Adam 的梯度平方"
    "平均值：梯度大到无法平方）变成了 NaN 或无穷大",
    None: "损失、权重或优化器的状态变成了 NaN 或无穷大",
}

#: a general sentence per rule, for a finding whose evidence is not as expected
GENERAL = {
    "vanishing_gradients": "梯度在反向传播中逐层消失，前面的层几乎学不到东西。",
    "exploding_gradients": "梯度爆炸：梯度大到让每一步都远远超出权重本身的大小。",
    "learning_rate_high": "学习率过高：训练来回跳动，无法稳定下来。",
    "learning_rate_low": "学习率过低：权重几乎不动。",
    "dead_units": "有一部分 ReLU 单元已经死亡：它们总是输出 0，不再学习。",
    "saturated_units": "有一部分单元已经饱和：它们停在激活函数平坦的两端，"
    "梯度几乎为零。",
    "loss_at_chance": "网络没有在学习：训练损失仍停留在随机猜测的水平。",
    "slow_convergence": "损失下降得太慢，在这么多轮内无法收敛。",
    "loss_not_finite": "训练发散了：数值不再有限，训练已停止。",
    "overfitting": "网络过拟合了：验证损失在上升，而训练损失还在下降。",
}

_CAUSES = {
    "vanishing gradients": "梯度消失",
    "exploding gradients": "梯度爆炸",
    "a learning rate that is too high": "学习率过高",
}
_UNIT_WORDS = {"dead": "死亡", "saturated": "饱和"}
_NUMBER = r"(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)"


def diagnostic_zh(d) -> str:
    """The Chinese wording of finding ``d`` (a recorder Diagnostic)."""
    words = RULES.get(d.rule)
    try:
        text = words(d, d.evidence or {}, d.message or "") if words else None
    except (KeyError, TypeError, ValueError, AttributeError):
        text = None  # evidence not as expected: the general sentence
    return text or GENERAL.get(
        d.rule, "训练中发现了一个问题（诊断规则：" + d.rule + "）。"
    )


def _pct(fraction) -> str:
    return f"{100 * fraction:.0f}%"


def _vs_chance(loss, chance) -> str:
    """``0.69（随机猜测水平 0.69 的 100%）``: a loss against the chance level."""
    return f"{loss:.3g}（随机猜测水平 {chance:.3g} 的 {_pct(loss / chance)}）"


def _loss_verdict(message) -> str:
    """What the recorder added to a unit finding once the loss told how much it
    matters (the loss is low, or it has stalled)."""
    at = rf"{_NUMBER} \((\d+)% of the chance level {_NUMBER}\)"
    low = re.search(r"The training loss is low, " + at, message)
    if low:
        loss, pct, chance = low.groups()
        return (
            f"训练损失已经很低（{loss}，随机猜测水平 {chance} 的 {pct}%），"
            "所以它们并不妨碍学习。"
        )
    stalled = re.search(r"The training loss has stalled at " + at, message)
    if stalled:
        loss, pct, chance = stalled.groups()
        return f"训练损失停滞在 {loss}（随机猜测水平 {chance} 的 {pct}%）。"
    return ""


def _causes(message) -> str:
    """The likely causes the message lists, in Chinese (or "")."""
    found = re.search(r"Likely causes, reported above: (.*?)\.(?:\s|$)", message)
    if not found:
        return ""
    causes = []
    for item in found.group(1).split("; "):
        units = re.fullmatch(r"(\w+) units in layer (\d+)", item)
        if units:
            kind = _UNIT_WORDS.get(units.group(1), units.group(1))
            causes.append(f"第 {units.group(2)} 层的单元{kind}")
        else:
            causes.append(_CAUSES.get(item, item))
    return "可能的原因（上面已报告）：" + "；".join(causes) + "。"


def _vanishing(d, ev, message):
    return (
        f"梯度在反向传播中逐层消失：第一层的梯度均方根为 "
        f"{ev['first_layer_grad_rms']:.2e}，是最后一层（"
        f"{ev['last_layer_grad_rms']:.2e}）的 {ev['ratio']:.1e} 倍，"
        "所以前面的层几乎学不到东西。"
    )


def _exploding(d, ev, message):
    layers = ""
    if "first layer's RMS gradient is" in message:
        layers = f"，第一层的梯度均方根是最后一层的 {ev['ratio']:.3g} 倍"
    if message.startswith("gradients are huge from the start"):
        return (
            f"梯度从一开始就非常大：权重的梯度是权重本身的 {ev['grad_to_weight']:.3g}"
            " 倍（‖dW‖ / ‖W‖，通常约为 0.01 到 1），所以任何常用学习率的一步都会让"
            f"权重的变化远远超出它们的大小（梯度范数 {ev['grad_norm']:.3g}）{layers}。"
        )
    return (
        f"梯度爆炸：梯度范数为 {ev['grad_norm']:.3g}（是最初的 "
        f"{ev['growth']:.3g} 倍）{layers}。"
    )


def _lr_high(d, ev, message):
    if "median_update_ratio" in ev:
        value = ev["median_update_ratio"]
        return (
            f"每一步都让权重改变其大小的 {_pct(value)}（‖dW‖ / ‖W‖ 的中位数为 "
            f"{value:.2g}；通常约为 1e-3），所以训练来回跳动，无法稳定下来。"
        )
    optimizer = OPTIMIZERS.get(ev["optimizer"], ev["optimizer"])
    lr = ev["lr"]
    return (
        f"{optimizer} 在学习率 {lr:g} 下太快了：无论梯度多大，它每一步都把每个权重"
        f"移动约 {lr:g}；训练损失从第 {d.epoch + 1} 轮（{ev['best_loss']:.3g}）"
        f"以来没有再改善，现在是 {_vs_chance(ev['loss'], ev['chance_loss'])}。"
    )


def _lr_low(d, ev, message):
    return (
        f"权重几乎不动：每一步只改变它们大小的 {ev['median_update_ratio']:.1e}"
        "（通常约为 1e-3）。"
    )


def _units(d, ev, message):
    kind = "dead" if d.rule == "dead_units" else "saturated"
    fraction = ev[f"{kind}_fraction"]
    named = re.search(r"of layer \d+ \([^,()]+, ([\w.]+)\)", message)
    activation = ""
    if named:
        activation = f"（{ACTIVATIONS.get(named.group(1), named.group(1))}）"
    what = (
        "已经死亡：它们对每个探测样本都输出 0，因此不再学习。"
        if kind == "dead"
        else "已经饱和：它们的输出停在曲线平坦的两端，那里的梯度几乎为零。"
    )
    return (
        f"第 {d.layer + 1} 层{activation}有 {_pct(fraction)} 的单元{what}"
        + _loss_verdict(message)
    )


def _chance_what(message) -> str:
    if "variance of the targets" in message:
        return "目标值的方差，即始终预测它们的均值得到的损失"
    return "始终按各类别的频率预测得到的损失"


def _at_chance(d, ev, message):
    where = "比" if "worse than the chance level" in message else "仍处于"
    end = "还差" if where == "比" else ""
    trend = ""
    fell = re.search(rf"fell by only {_NUMBER} over the last (\d+) epochs", message)
    if fell:
        trend = f"，而且最近 {fell.group(2)} 轮只下降了 {fell.group(1)}"
    elif flat := re.search(r"did not fall over the last (\d+) epochs", message):
        trend = f"，而且最近 {flat.group(1)} 轮没有下降"
    return (
        f"网络没有在学习：经过 {ev['epochs']} 轮（{ev['steps']} 步）后，训练损失为 "
        f"{ev['loss']:.3g}，{where}这个任务的随机猜测水平（{ev['chance_loss']:.3g}："
        f"{_chance_what(message)}）{end}{trend}。" + _causes(message)
    )


def _slow(d, ev, message):
    span = re.search(r"over the last (\d+) epochs", message)
    over = f"在最近 {span.group(1)} 轮中" if span else ""
    goal = (
        "随机猜测水平的四分之一"
        if "a quarter of the chance level" in message
        else "它趋于平稳处的 90%"
    )
    return (
        f"损失下降得太慢，{ev['epochs']} 轮内无法收敛：它最终为 "
        f"{_vs_chance(ev['loss'], ev['chance_loss'])}，{over}每轮下降 "
        f"{ev['rate']:.2g}；照这个速度，还需要大约 {ev['epochs_needed']:,.0f} 轮"
        f"才能降到 {ev['goal']:.3g}（{goal}）。" + _causes(message)
    )


def _not_finite(d, ev, message):
    return NOT_FINITE.get(ev.get("cause"), NOT_FINITE[None]) + "，训练已停止。"


def _overfitting(d, ev, message):
    train = re.search(rf"training loss fell from {_NUMBER} to {_NUMBER}", message)
    fell = f"，而训练损失从 {train.group(1)} 降到了 {train.group(2)}" if train else ""
    epoch = ev["best_epoch"] + 1
    losses = (
        f"验证损失（{OVERFIT_SMOOTH} 轮平均）在第 {epoch} 轮左右最低"
        f"（{ev['best_val_loss']:.4g}），之后升到了 {ev['val_loss']:.4g}{fell}"
    )
    then, now = ev.get("best_val_accuracy"), ev.get("val_accuracy")
    accuracies = None
    if then is not None and now is not None:
        accuracies = f"第 {epoch} 轮左右为 {100 * then:.1f}%，现在为 {100 * now:.1f}%"
    if d.severity == "info":
        return (
            f"{losses}。不过验证准确率保持住了（{accuracies}）：损失上升是因为网络"
            "判错的少数验证点被越来越自信地判错，而不是判错的点变多了。"
        )
    if accuracies is None:
        after = ""
    elif "validation accuracy fell" in message:
        after = f"，验证准确率也下降了（{accuracies}）"
    else:
        after = (
            f"；验证准确率（{accuracies}）并不比始终回答最常见类别的 "
            f"{100 * ev['chance_accuracy']:.1f}% 高多少"
        )
    return f"网络过拟合了：{losses}{after}。"


#: rule -> its wording, ``words(diagnostic, evidence, message) -> str``
RULES = {
    "vanishing_gradients": _vanishing,
    "exploding_gradients": _exploding,
    "learning_rate_high": _lr_high,
    "learning_rate_low": _lr_low,
    "dead_units": _units,
    "saturated_units": _units,
    "loss_at_chance": _at_chance,
    "slow_convergence": _slow,
    "loss_not_finite": _not_finite,
    "overfitting": _overfitting,
}
