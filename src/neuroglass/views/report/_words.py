"""The report's words, one table per language (``TEXT["en"]``, ``TEXT["zh"]``).

Both tables have the same keys (a test checks it). The English table is the
report as it always read; the Chinese one uses the terms of d2l-zh (轮 for
epoch, 损失函数, 激活函数, 偏置 ...). Entries with ``{placeholders}`` are
filled with :meth:`str.format`; the values put in are numbers and names, never
words, so both languages show the same numbers.
"""

from __future__ import annotations

EN = {
    "meta": "neuroglass report, {date}; status <b>{status}</b>, {epochs} epochs",
    "configuration": "Configuration",
    "results": "Results",
    "diagnostics": "Diagnostics",
    "training_heading": "Training",
    "the_network": "The network",
    "worked_example": "Worked example: one sample, forward and backward",
    # configuration rows
    "network": "network",
    "framework": "framework",
    "processes": "{name} {version}, {world} process(es)",
    "activations": "activations",
    "loss": "loss",
    "optimizer": "optimizer",
    "training": "training",
    "dataset": "dataset",
    "seed": "seed",
    "parameters": "parameters",
    "library": "library",
    # results rows (the keys of run.summary())
    "final_loss": "final_loss",
    "final_accuracy": "final_accuracy",
    "final_val_loss": "final_val_loss",
    "final_val_accuracy": "final_val_accuracy",
    "best_val_loss": "best_val_loss",
    # diagnostics
    "no_problems": "No problems found: gradients, update sizes, units and "
    "validation loss all looked healthy.",
    "at_epoch": "epoch {epoch}",
    # figure captions
    "fig_loss": "loss",
    "fig_accuracy": "accuracy",
    "fig_gradient_flow": "gradient flow",
    "fig_update_ratios": "update-to-weight ratios",
    "fig_distributions": "weight distributions, layer 1",
    "no_epoch": "No epoch was completed.",
    "fig_weights": "weights at the end",
    "fig_activations": "activations of the probe batch",
    "fig_boundary": "decision boundary",
    "fig_neuron_maps": "every neuron over the input plane",
    "fig_landscape": "loss landscape",
    "fig_layer_graph": "layers in order, with their output shapes",
    "fig_unit_activity": "units on the probe batch",
    "fig_filters": "learned filters of {layer!r}",
    "module_note": "The neuron diagram, the decision boundary, the neuron "
    "maps and the worked example need a network of dense layers (an "
    "<code>ng.Network</code>): this run recorded a PyTorch model that is not "
    "a Sequential of Linear layers and activations. A layer's feature maps "
    "for one input: <code>neuroglass.torch.feature_maps(model, layer, x)</code> "
    "and <code>ng.plot.feature_maps</code>.",
}

#: a run's status (``Run.status``) in words; English shows the status as stored
STATUS = {
    "en": {},
    "zh": {
        "running": "运行中",
        "finished": "已完成",
        "interrupted": "已中断",
        "diverged": "已发散",
        "stopped": "已停止",
    },
}

ZH = {
    "meta": "neuroglass 报告，{date}；状态：<b>{status}</b>，共 {epochs} 轮",
    "configuration": "配置",
    "results": "结果",
    "diagnostics": "诊断",
    "training_heading": "训练过程",
    "the_network": "网络",
    "worked_example": "逐步计算示例：一个样本的前向传播与反向传播",
    "network": "网络结构",
    "framework": "框架",
    "processes": "{name} {version}，{world} 个进程",
    "activations": "激活函数",
    "loss": "损失函数",
    "optimizer": "优化器",
    "training": "训练设置",
    "dataset": "数据集",
    "seed": "随机种子",
    "parameters": "参数个数",
    "library": "neuroglass 版本",
    "final_loss": "最终训练损失",
    "final_accuracy": "最终训练准确率",
    "final_val_loss": "最终验证损失",
    "final_val_accuracy": "最终验证准确率",
    "best_val_loss": "最低验证损失",
    "no_problems": "没有发现问题：梯度、更新幅度、各单元和验证损失看起来都正常。",
    "at_epoch": "第 {epoch} 轮",
    "fig_loss": "损失",
    "fig_accuracy": "准确率",
    "fig_gradient_flow": "梯度流",
    "fig_update_ratios": "更新量与权重之比",
    "fig_distributions": "第 1 层的权重分布",
    "no_epoch": "还没有完成任何一轮训练。",
    "fig_weights": "训练结束时的权重",
    "fig_activations": "探测批次的激活值",
    "fig_boundary": "决策边界",
    "fig_neuron_maps": "每个神经元在输入平面上的输出",
    "fig_landscape": "损失曲面",
    "fig_layer_graph": "按顺序排列的各层及其输出形状",
    "fig_unit_activity": "探测批次上的各单元",
    "fig_filters": "{layer!r} 学到的卷积核",
    "module_note": "神经元示意图、决策边界、神经元图和逐步计算示例需要由全连接层组成的"
    "网络（<code>ng.Network</code>）：这次运行记录的是一个 PyTorch 模型，它不是由 "
    "Linear 层和激活函数组成的 Sequential。要看某一层对一个输入的特征图，可以用 "
    "<code>neuroglass.torch.feature_maps(model, layer, x)</code> 和 "
    "<code>ng.plot.feature_maps</code>。",
}

TEXT = {"en": EN, "zh": ZH}
