"""``neuroglass --help`` in Chinese: the parser's help texts translated.

gettext's model: the English text is the key (``msgid``) and this table holds
its Chinese (``msgstr``). :func:`translate` walks a built parser and replaces
every help text, description, group title and the examples' headings it finds
here; ``build_parser`` calls it when the language is Chinese, so the modules
that add the options keep writing plain English. A text missing here stays
English, and ``tests/cli/test_help.py`` fails on it.
"""

from __future__ import annotations

import argparse

from .. import datasets
from ..datasets.task import AUTO_MAX_CLASSES

_NAMES = ", ".join(datasets.NAMES)
_RUNS_DATA = "（默认：这次运行的数据集，若它是内置数据集）"

HELP = {
    # -- argparse's own words and the top level --------------------------------------
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示这条帮助信息并退出",
    "show program's version number and exit": "显示程序的版本号并退出",
    "neuroglass: neural networks you can see through.": "neuroglass：看得见内部的神经"
    "网络。",
    "Train small networks on TensorFlow Playground's datasets, real data or your own\n"
    "CSV file, and look at every number inside them.": "在 TensorFlow Playground "
    "的数据集、真实数据或你自己的 CSV 文件上训练小型网络，并查看网络内部的每一个数。",
    "examples:": "示例：",
    "language: English by default; Chinese with --lang zh, or when NEUROGLASS_LANG or\n"
    "the locale (LC_ALL, LC_MESSAGES, LANG) starts with zh. --lang en overrides both"
    ".": (
        "语言：默认是英文；传入 --lang zh，或者 NEUROGLASS_LANG 或区域设置（LC_ALL、"
        "LC_MESSAGES、LANG）以 zh 开头时为中文。--lang en 优先于这两者。"
    ),
    "the language of the messages: en or zh (default: NEUROGLASS_LANG, else the "
    "locale, else en); also accepted after the command": "输出信息的语言：en 或 zh"
    "（默认：NEUROGLASS_LANG，否则看区域设置，否则为 en）；也可以写在子命令之后",
    # -- the commands ----------------------------------------------------------------
    "train a network on the two-spirals dataset and show what it learned": "在双螺旋"
    "数据集上训练一个网络，并展示它学到了什么",
    "train a network and report its test metrics": "训练一个网络，并报告它的测试指标",
    "describe a saved model file": "描述一个保存的模型文件",
    "list and inspect recorded runs (.ngrun)": "列出并查看记录下来的运行（.ngrun）",
    "draw a figure of a model (.npz) or a run (.ngrun) to PNG/SVG/PDF": "把模型（.npz）"
    "或运行（.ngrun）的图画成 PNG/SVG/PDF 文件",
    "a self-contained HTML report of a run (figures, diagnostics, math)": "一次运行的"
    "独立 HTML 报告（图、诊断、数学推导）",
    "the live browser playground (TensorFlow Playground, on this engine)": "在浏览器中"
    "实时运行的游乐场（TensorFlow Playground，基于本库的引擎）",
    "replay a recorded run (.ngrun) in the playground's page": "在游乐场页面中回放一次"
    "记录下来的运行（.ngrun）",
    "simulate spiking neurons: a model, an f-I curve, a network, presets": "模拟脉冲"
    "神经元：单个模型、f-I 曲线、网络、预设",
    # -- demo ------------------------------------------------------------------------
    "Train a 2-16-16-1 tanh network on TensorFlow Playground's spiral, then print its "
    "summary, accuracy and decision regions.": "在 TensorFlow Playground 的螺旋数据集上"
    "训练一个 2-16-16-1 的 tanh 网络，然后打印它的汇总、准确率和决策区域。",
    "default: %(default)s": "默认：%(default)s",
    "no progress bar": "不显示进度条",
    # -- train -----------------------------------------------------------------------
    "Train a multi-layer perceptron and print its test metrics.": "训练一个多层感知机，"
    "并打印它的测试指标。",
    "data": "数据",
    "model": "模型",
    "training": "训练",
    "built-in dataset": "内置数据集",
    "train on a CSV file instead": "改为在 CSV 文件上训练",
    "the CSV column to predict: a name, or an index from 0 (negative from the end) "
    "(default: the last column)": "要预测的 CSV 列：列名，或从 0 开始的序号（负数从末尾"
    "数起）（默认：最后一列）",
    "classify or regress the target; auto: whole numbers with at most "
    f"{AUTO_MAX_CLASSES} distinct values (and at most half the rows) are classes, "
    "anything else is regressed": f"把目标当作分类还是回归；auto：不超过 "
    f"{AUTO_MAX_CLASSES} 个不同值（且不超过行数一半）的整数视为类别，其余都做回归",
    "samples to generate (generated sets; default: the set's own)": "生成的样本数"
    "（用于生成的数据集；默认：数据集自己的）",
    "noise of a generated set, 0-0.5 (default: 0)": "生成的数据集的噪声，0-0.5（默认："
    "0）",
    "input features for 2-D sets, comma separated, e.g. x1,x2,x1^2,sin(x1)": "二维"
    "数据集的输入特征，以逗号分隔，例如 x1,x2,x1^2,sin(x1)",
    "share of data held out": "留作测试的数据比例",
    "hidden widths, e.g. 8,8": "隐藏层宽度，例如 8,8",
    "hidden activation": "隐藏层的激活函数",
    "output activation (default: from the loss)": "输出层的激活函数（默认：由损失函数"
    "决定）",
    "mse, bce or cross_entropy (default: from data)": "mse、bce 或 cross_entropy"
    "（默认：由数据决定）",
    "initializer (default: from the activation)": "初始化方法（默认：由激活函数决定）",
    "sgd, momentum, nesterov, ...": "sgd、momentum、nesterov 等",
    "learning rate": "学习率",
    "L2 regularization": "L2 正则化",
    "L1 regularization": "L1 正则化",
    "save the trained model to PATH (.npz is added when missing)": "把训练好的模型保存"
    "到 "
    "PATH（缺少 .npz 后缀时自动加上）",
    "record the run into DIR (a new .ngrun file) or into a .ngrun path": "把这次运行"
    "记录到 DIR（新建一个 .ngrun 文件）或一个 .ngrun 路径",
    # -- info and runs ---------------------------------------------------------------
    "a model saved with --save or net.save()": "用 --save 或 net.save() 保存的模型",
    "a table of the runs in a folder": "列出文件夹中的运行记录",
    "everything about one run": "一次运行的全部信息",
    "default: the current folder": "默认：当前文件夹",
    "a .ngrun file": "一个 .ngrun 文件",
    # -- plot and report -------------------------------------------------------------
    "Draw a figure of a saved model or a recorded run.": "画出保存的模型或记录下来的"
    "运行的一幅图。",
    "neurons and connections with their weights": "神经元和连接，以及它们的权重",
    "the decision boundary over the input plane, with the data": "输入平面上的决策边界"
    "，"
    "以及数据",
    "every neuron's output over the input plane": "每个神经元在输入平面上的输出",
    "loss curves (a run)": "损失曲线（运行）",
    "the loss landscape (and the optimizer's path, for a run)": "损失曲面（对运行还有"
    "优化器的路径）",
    "weights per layer over training, as bands (a run)": "训练过程中每层权重的分布带"
    "（运行）",
    "gradient norms per layer over training (a run)": "训练过程中每层的梯度范数（运行"
    "）",
    "log10 ||dW|| / ||W|| per layer over training (a run)": "训练过程中每层的 "
    "log10 ||dW|| / ||W||（运行）",
    "the probe batch's activations, dead/saturated units marked": "探测批量上的激活值，"
    "标出死亡或饱和的单元",
    "the main panels of a run in one figure": "把一次运行的主要面板画在一张图里",
    "what to draw (see above)": "要画什么（见上）",
    "a model saved with --save, or a .ngrun run": "用 --save 保存的模型，或一个 .ngrun"
    " 运行",
    "the image file: .png, .svg or .pdf": "图片文件：.png、.svg 或 .pdf",
    "for a run: the snapshot epoch (from 0; `runs show` lists them)": "对运行：快照所在"
    "的轮（从 0 开始；`neuroglass runs show` 会列出它们）",
    f"data for boundary/landscape: one of {_NAMES} (default: the run's dataset, when "
    "it is a built-in one)": f"决策边界或损失曲面所用的数据：{_NAMES} 之一{_RUNS_DATA}",
    "noise of a generated set, 0-0.5 (default: the run's, else 0)": "生成的数据集的噪"
    "声，"
    "0-0.5（默认：这次运行的，否则为 0）",
    "seed of a generated set (default: the run's, else 0)": "生成的数据集的随机种子"
    "（默认：这次运行的，否则为 0）",
    "for distributions: which layer (from 0)": "对 distributions：哪一层（从 0 开始）",
    "for network: what the edges show": "对 network：连线显示什么",
    "resolution of a PNG (default: %(default)s)": "PNG 的分辨率（默认：%(default)s）",
    "the HTML file (default: %(default)s)": "HTML 文件（默认：%(default)s）",
    f"data for the boundary, landscape and worked example: one of {_NAMES} (default: "
    "the run's dataset, when it is a built-in one)": "决策边界、损失曲面和计算示例所用"
    "的"
    f"数据：{_NAMES} 之一{_RUNS_DATA}",
    # -- playground and dashboard ----------------------------------------------------
    "default: 8765": "默认：8765",
    "default: 127.0.0.1 (this machine only); another address needs --allow-remot"
    "e": "默认：127.0.0.1（只有本机能访问）；其他地址需要同时传入 --allow-remote",
    "let --host expose the server to other machines (it has no login)": "允许 --host "
    "把服务器开放给其他机器（它没有登录）",
    "do not open a browser tab": "不打开浏览器标签页",
    "keep every session's run file in DIR (default: a temporary folder, deleted on "
    "exit; the page can still download each run)": "把每个会话的运行记录文件保存在 DIR"
    "（默认：临时文件夹，退出时删除；页面仍然可以下载每次运行）",
    "a .ngrun file, from the playground or a script": "一个 .ngrun 文件，来自游乐场或"
    "脚本",
    # -- brain -----------------------------------------------------------------------
    "Spiking neurons: simulate a model, sweep its f-I curve, run Izhikevich's network, "
    "list the presets. Times in ms.": "脉冲神经元：模拟一个模型，扫描它的 f-I 曲线，"
    "运行 Izhikevich 网络，列出预设。时间单位为毫秒。",
    "one neuron under a current: its spikes, rate and membrane trace": "一个神经元在"
    "电流作用下的脉冲、发放率和膜电位曲线",
    "the f-I curve: firing rate against constant current": "f-I 曲线：发放率随恒定电流"
    "的变化",
    "Izhikevich's random network (net.m): rates and raster": "Izhikevich 的随机网络"
    "（net.m）：发放率和脉冲光栅图",
    "the Izhikevich presets and their a, b, c, d": "Izhikevich 预设及其 a、b、c、d",
    "Simulate one neuron and print its spike count, rate and first spike times.": "模拟"
    "一个神经元，打印它的脉冲数、发放率和前几个脉冲的时刻。",
    "lif, izhikevich, hh": "lif、izhikevich、hh",
    "for izhikevich: RS, IB, CH, FS, TC, RZ, LTS (default: RS)": "用于 izhikevich："
    "RS、IB、CH、FS、TC、RZ、LTS（默认：RS）",
    "time step (ms; default: the model's)": "时间步长（ms；默认：模型自己的）",
    "integration scheme (lif: exact, euler; izhikevich: published, sequential, euler, "
    "rk4; hh: rk4, exp_euler, euler)": "积分格式（lif：exact、euler；izhikevich："
    "published、sequential、euler、rk4；hh：rk4、exp_euler、euler）",
    "save the figure (.png, .svg)": "保存图（.png、.svg）",
    "a constant (e.g. 10) or a step AMPLITUDE:START:STOP in ms (e.g. 10:20:180), in "
    "the model's unit (default: lif 0.5 nA, izhikevich 10, hh 10 uA/cm2)": "恒定电流"
    "（例如 10）或阶跃电流 AMPLITUDE:START:STOP，时间单位为毫秒（例如 10:20:180），"
    "电流用模型自己的单位（默认：lif 0.5 nA，izhikevich 10，hh 10 uA/cm2）",
    "ms (default: 200)": "毫秒（默认：200）",
    "Sweep constant currents (one neuron each, simulated together) and print the "
    "firing rate of each.": "扫描一组恒定电流（每个电流一个神经元，一起模拟），"
    "打印每个电流下的发放率。",
    "first current": "起始电流",
    "last current": "终止电流",
    "number of currents (default: 11)": "电流的个数（默认：11）",
    "ms (default: 1000)": "毫秒（默认：1000）",
    "Run Izhikevich's 2003 network of excitatory and inhibitory neurons (1 ms steps) "
    "and print their rates.": "运行 Izhikevich 2003 年的兴奋性与抑制性神经元网络"
    "（步长 1 ms），打印它们的发放率。",
    "whole ms (default: 1000)": "整毫秒（默认：1000）",
    "sparse weights (1000 inputs per neuron; default: above 2000 neurons)": "稀疏权重"
    "（每个神经元 1000 个输入；默认：超过 2000 个神经元时使用）",
    "save the raster (.png, .svg)": "保存脉冲光栅图（.png、.svg）",
}


class ChineseDefaultsFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """``train``'s formatter, appending ``（默认：...）`` instead of
    ``(default: ...)``."""

    def _get_help_string(self, action):
        text = super()._get_help_string(action)
        # "(default: None)" says nothing: an option without a default is left out
        chinese = "" if action.default is None else "（默认：%(default)s）"
        return text.replace(" (default: %(default)s)", chinese)


def text(english: str | None) -> str | None:
    """``english`` in Chinese: the whole text, else paragraph by paragraph,
    else line by line (a list such as ``plot``'s figure kinds: the words after
    the name); what is not in :data:`HELP` is kept."""
    if not english or english is argparse.SUPPRESS:
        return english
    if english.strip() in HELP:  # a paragraph may end with a newline
        return english.replace(english.strip(), HELP[english.strip()])
    paragraphs = english.split("\n\n")
    if len(paragraphs) > 1:
        return "\n\n".join(text(p) for p in paragraphs)
    return "\n".join(_line(line) for line in english.split("\n"))


def _line(line: str) -> str:
    if line.strip() in HELP:
        return line.replace(line.strip(), HELP[line.strip()])
    _name, _, rest = line.strip().partition(" ")
    if line.startswith(" ") and rest.strip() in HELP:
        return line.replace(rest.strip(), HELP[rest.strip()])
    return line


def translate(parser) -> None:
    """Every help text of ``parser`` and of the parsers below it, in Chinese."""
    parser.description = text(parser.description)
    parser.epilog = text(parser.epilog)
    if parser.formatter_class is argparse.ArgumentDefaultsHelpFormatter:
        parser.formatter_class = ChineseDefaultsFormatter
    for group in parser._action_groups:
        group.title = text(group.title)
    for action in parser._actions:
        action.help = text(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = text(choice.help)
            for child in action.choices.values():
                translate(child)
