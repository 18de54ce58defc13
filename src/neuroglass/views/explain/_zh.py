"""The words of the worked examples in Chinese (see :mod:`._words`).

Written for Chinese readers with the terms of d2l-zh (前向传播, 反向传播, 权重,
偏置, 激活函数, 损失, 梯度, 学习率, 均方误差, 交叉熵, 独热编码...), Chinese
punctuation, and no space between Chinese and Latin letters or numbers. The
fields come in the same order as in English, so the numbers read in the same
order too (a test compares them).
"""

WORDS = {
    # titles and section headings
    "title_forward": "一个样本经过{sizes}网络的前向传播",
    "title_backward": "一个样本经过{sizes}网络的反向传播，以及一步SGD（学习率{lr}）",
    "input": "输入",
    "output": "输出",
    "layer": "第{i}层：{name}，{n_in} -> {n_out}，{act}",
    "forward_brief": "前向传播（简要；explain.forward给出每一步）",
    "loss": "损失（{name}）",
    "output_delta": "第{i}层（输出层）：{delta}",
    "hidden_delta": "第{i}层：{delta}",
    "gradients": "第{i}层：梯度{dw}和{db}",
    "sgd_step": "一步随机梯度下降（SGD），学习率{lr}",
    "after": "更新之后",
    # the forward pass
    "intro": (
        "每一层先计算{z}（每个单元一个加权和），再计算{a}；{a0}就是输入x。"
        "单元和输入都从1开始编号。"
    ),
    "batch": (
        "x含有{n}个样本；这里只解释样本{s}（第{s}行）。在整个批量上训练时，"
        "每个样本的梯度dW和db要在这{n}个样本上取平均，因为损失是整个批量上的均值。"
    ),
    "weighted_sum": (
        "{z}：每个单元把每个输入乘以它的权重，加起来，再加上偏置。以单元1为例展开："
    ),
    "activation": "{a}，其中{f}：{formula}",
    "unit": "单元{k}：",
    "more_terms": "（其余{n}项，合计{value}）",
    "more_terms_short": "其余{n}项",
    "prediction_class": "预测：类别{c}（最大的输出，单元{u}），概率为{p}。",
    "p_class_1": "p(类别1)",
    "prediction_binary": "预测：{p}，因此是类别{c}（阈值0.5）。",
    "prediction_labels": "预测：标签{labels}（看每个输出是否 > 0.5）。",
    "prediction_output": "输出（即预测）：{v}。",
    # the loss
    "one_hot": "y = 类别{c}，独热编码",
    "regularized": (
        "网络带有正则化（{l1}，{l2}）：它最小化的损失还要加上所有权重（不含偏置）的"
        "{penalty}。"
    ),
    # backpropagation
    "shortcut": "捷径（损失与输出层合并计算）：",
    "why_bce": (
        "sigmoid输出配合bce损失时，{grad}与{slope}相互抵消，于是{delta}。"
        "这正是bce从z计算的原因：梯度从不除以{a1a}，而sigmoid饱和时它等于0。"
    ),
    "why_cross_entropy": (
        "softmax输出配合交叉熵损失时，{grad}与softmax的雅可比矩阵{jacobian}相乘，"
        "结果是{delta}：预测的概率减去独热编码的目标。"
    ),
    "general_rule": "一般规则（链式法则）：{rule}。",
    "one_squared_error": "对一个平方误差，{grad}。",
    "mean_squared_error": "对{k}个平方误差的均值，{grad}。",
    "softmax_couples": (
        "softmax把同一层的单元耦合在一起（每个a_j都依赖于所有的z_k），"
        "所以{delta}，其中{g}。"
    ),
    "blame": (
        "第{i}层的单元j连到第{up}层的每个单元，经过的是{w}第j行的权重，"
        "所以它分摊到的误差是{grad}；激活函数再把它乘以{slope}（{act}）。"
    ),
    "gradient_rule": (
        "{dw}：权重{w}把输入j连到单元k，所以它的梯度是{product}；而{db}。"
    ),
    "for_example": "例如：",
    # the step
    "sgd": (
        "每个参数都沿着梯度的反方向移动一小步：{w}，{b}。"
        "（动量法或Adam会以不同的方式缩放这一步；这里是最朴素的SGD。）"
    ),
    "a_few_weights": "第{i}层的几个权重：",
    "largest": "   （|dW|最大）",
    "loss_on_sample": "这个样本上的L：",
    "not_finite": (
        "损失已经不是有限的数：{lr}的步长太大了（数值溢出）。请用小得多的学习率。"
    ),
    "went_up": (
        "损失上升了：对这个样本来说，{lr}的步长太大（更新越过了最低点）。"
        "请用更小的学习率。"
    ),
    "went_down": "损失下降了：这一步让权重沿下坡方向移动。",
    "unchanged": "损失没有变化（{lr}，或者所有梯度都是0）。",
    # activations whose formula has words in it (the engine's text in English)
    "formula_leaky_relu": "a = z（当z > 0），否则为0.01 z",
    "formula_elu": "a = z（当z > 0），否则为exp(z) - 1",
    # f'(z) in words, with the layer's own symbols
    "slope_relu": "1（当{z} > 0），否则为0",
    "slope_leaky_relu": "1（当{z} > 0），否则为0.01",
    "slope_elu": "1（当{z} > 0），否则为{a} + 1",
    "slope_gelu": "gelu在{z}处的斜率",
    "slope_swish": "s + {a} * (1 - s)，其中s = sigmoid({z})",
    "otherwise": "否则",
    # arrays
    "stats": "最小值{min}，均值{mean}，最大值{max}，标准差{std}",
    "vector_summary": "（{n}个值：{stats}）",
    "matrix_summary": "{rows} × {cols}矩阵（{stats}）；左上角：",
    "matrix_summary_markdown": "{rows} × {cols}矩阵（{stats}）；左上角：",
    "matrix_summary_latex": "（{rows} × {cols}：{stats}）",
    "matrix_shape": "（{rows} × {cols}；行：输入，列：单元）=",
    "row": "行",
    "column": "列",
    "input_label": "输入",
    "unit_label": "单元",
}
