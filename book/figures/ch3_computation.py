"""Chapter 3's computation graph: the 2-3-1 network of the chapter, one sample,
every node's value and the gradient of the loss with respect to it."""

import neuroglass as ng

TEXT = {
    "en": "x = (0.5, -1), label y = 1: in each box, the value | dL/d(that value)",
    "zh": "样本x = (0.5, -1)，标签y = 1：每个框中是“值 | 损失对该值的梯度dL/d(值)”",
}


def draw(lang: str):
    # the chapter's network and sample (book/algorithms.*.md)
    net = ng.mlp([2, 3, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    # the function's own size: its text is 9 pt there
    ax = ng.plot.computation(net, [0.5, -1.0], 1, lang=lang)
    ax.set_title(TEXT[lang])
    return ax.figure
