"""The brain figures in Chinese (``lang="zh"``, or ``ng.language("zh")``):
every text drawn (titles, axis and tick labels, legends, colour bars,
annotations) is Chinese, keeps none of the English words of the figures'
table, and is drawn without a missing glyph; English stays as it was."""

import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text

import neuroglass as ng
from neuroglass import brain
from neuroglass.views.figures import (
    _brain_text,
    plot_fi_curve,
    plot_hh_gates,
    plot_hh_phase_plane,
    plot_izhikevich_gallery,
    plot_membrane,
    plot_oja_vs_backprop,
    plot_phase_plane,
    plot_raster,
    plot_snn_accuracy,
    plot_stdp_window,
    plot_weight_distribution,
    plot_weight_norms,
)
from neuroglass.views.figures.brain_snn import _layer_name

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z]{3,}")


def template_words(table) -> set:
    """The words of a table's templates, the ``{placeholders}`` left out."""
    found = set()
    for value in table.values():
        found |= set(WORD.findall(re.sub(r"\{[^}]*\}", " ", value)))
    return found


#: the words of the English table that the Chinese one does not keep (the
#: names it keeps, such as ReLU, sigmoid, STDP, Oja, Izhikevich, stay allowed)
ENGLISH = template_words(_brain_text.EN) - template_words(_brain_text.ZH)


def drawn_texts(fig):
    """(every visible text of ``fig`` after a draw, the missing-glyph warnings
    of that draw)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    texts = [
        t.get_text()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    return texts, missing


def assert_chinese(fig, english=ENGLISH):
    texts, missing = drawn_texts(fig)
    assert not missing, missing
    assert sum(bool(CJK.search(t)) for t in texts) >= 3, texts
    left = {w for t in texts for w in WORD.findall(t) if w in english}
    assert not left, (left, texts)
    return texts


def test_the_check_would_catch_a_missing_glyph_and_english():
    fig = plt.figure()
    fig.text(0.1, 0.5, "膜电位", fontfamily="DejaVu Sans")  # no CJK fallback
    texts, missing = drawn_texts(fig)
    assert texts == ["膜电位"] and missing and "Glyph" in missing[0]
    assert {"threshold", "neuron", "scheme", "spikes", "Hodgkin"} <= ENGLISH
    assert not {"ReLU", "STDP", "sigmoid"} & ENGLISH  # kept in Chinese too


def test_both_tables_have_the_same_keys_and_fields():
    assert _brain_text.EN.keys() == _brain_text.ZH.keys()
    fields = re.compile(r"\{(\w+)")
    for key, value in _brain_text.EN.items():
        assert set(fields.findall(value)) == set(fields.findall(_brain_text.ZH[key]))


@pytest.fixture(scope="module")
def lif_trace():
    current = brain.step_current(np.array([0.6, 1.2]), start=20.0, stop=150.0)
    return brain.simulate(brain.LIF(), current, 100.0, record=("v", "I"))


def test_membrane_in_chinese(lif_trace):
    ax = plot_membrane(lif_trace, lang="zh")
    texts = assert_chinese(ax.figure)
    assert ax.get_title() == "LIF模型，exact积分格式，神经元0"
    assert ax.get_ylabel() == "膜电位（mV）"
    assert ax.figure.axes[1].get_ylabel() == "电流（nA）"
    assert ax.figure.axes[1].get_xlabel() == "时间（ms）"
    assert "阈值电压V_th = -55 mV" in texts


def test_membrane_follows_the_language_setting_and_english_is_unchanged(lif_trace):
    with ng.language("zh"):
        ax = plot_membrane(lif_trace, neuron=1)
    assert ax.get_title() == "LIF模型，exact积分格式，神经元1"
    with ng.language("zh"):  # an explicit lang wins over the setting
        ax = plot_membrane(lif_trace, neuron=1, lang="en")
    assert ax.get_title() == "LIF, exact scheme, neuron 1"
    assert ax.get_ylabel() == "v (mV)"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[1] == "threshold V_th = -55 mV"


def test_membrane_of_hodgkin_huxley_names_the_model_in_chinese():
    trace = brain.simulate(brain.HodgkinHuxley(), 10.0, 5.0, record=("v", "I"))
    ax = plot_membrane(trace, lang="zh")
    assert ax.get_title() == "霍奇金-赫胥黎模型，rk4积分格式"
    assert_chinese(ax.figure)


def test_raster_in_chinese():
    net = brain.izhikevich_network(80, 20, duration=50.0, scheme="rk4")
    ax = plot_raster(net, lang="zh")
    texts = assert_chinese(ax.figure)
    assert ax.get_title(loc="left") == "100个神经元，rk4积分格式"
    assert any(t.startswith("兴奋性神经元（") for t in texts)
    assert any(t.startswith("抑制性神经元（") for t in texts)


def test_fi_curve_in_chinese():
    ax = plot_fi_curve(
        brain.LIF(), np.linspace(0.0, 2.0, 15), duration=200.0, lang="zh"
    )
    texts = assert_chinese(ax.figure)
    assert ax.get_title() == "LIF模型的f-I曲线（exact积分格式）与人工神经网络的激活函数"
    assert ax.get_xlabel() == "输入电流I（nA） ~ 净输入z = w·x + b"
    assert any(t.startswith("基强度I_rh = ") and " nA\n~ 偏置" in t for t in texts)


def test_fi_curve_from_its_data_in_chinese():
    from neuroglass.views.figures import fi_curve_data

    data = fi_curve_data(brain.HodgkinHuxley(), [0.0, 10.0, 20.0], duration=50.0)
    ax = plot_fi_curve(data, lang="zh")
    assert ax.get_title().startswith("霍奇金-赫胥黎模型的f-I曲线")
    assert ax.get_xlabel().startswith("输入电流I（µA/cm²）")


def test_stdp_window_in_chinese():
    ax = plot_stdp_window(lang="zh")
    texts = assert_chinese(ax.figure)
    assert ax.get_title().startswith("脉冲时序依赖可塑性（STDP）窗口")
    assert "长期增强作用（LTP）：突触前先于突触后发放" in texts
    assert ax.get_ylabel() == "一对脉冲引起的突触权重变化Δw"


@pytest.fixture(scope="module")
def cloud():
    return np.random.default_rng(0).normal(size=(120, 2)) * [3.0, 0.7]


def test_oja_vs_backprop_in_chinese(cloud):
    fig = plot_oja_vs_backprop(cloud, epochs=2, lang="zh")
    texts = assert_chinese(fig)
    left, right = fig.axes
    assert left.get_title() == "两种学习方式都找到了第一主成分"
    assert right.get_ylabel() == "与PC1的夹角（度）"
    assert "Oja规则（局部，无误差信号）" in texts


def test_weight_norms_in_chinese(cloud):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # hebb() warns that it diverges
        hebb = brain.hebb(cloud, lr=0.05, epochs=3)
    ax = plot_weight_norms(hebb, brain.oja(cloud, lr=0.01, epochs=2), lang="zh")
    assert_chinese(ax.figure)
    assert ax.get_title() == "赫布规则不稳定；Oja规则自行归一化"


def test_a_wrong_language_is_named():
    with pytest.raises(ValueError, match="'en' or 'zh'"):
        plot_stdp_window(lang="cn")


def test_izhikevich_phase_plane_in_chinese():
    ax = plot_phase_plane("RS", 3.0, duration=50.0, lang="zh")
    texts = assert_chinese(ax.figure)
    assert ax.get_title().startswith("Izhikevich模型RS：I = 3时的相平面")
    assert "\n轨迹：published积分格式，dt = 0.1 ms" in ax.get_title()
    assert ax.get_xlabel() == "膜电位v（mV）" and ax.get_ylabel() == "恢复变量u"
    assert "v零斜线 dv/dt = 0" in texts
    assert any(t.startswith("稳定") for t in texts)  # the fixed points by kind
    assert any(t.startswith("鞍点（") for t in texts)


def test_izhikevich_phase_plane_without_hopf_says_none_in_chinese():
    neuron = brain.Izhikevich(b=-0.1)  # a saddle-node only, no Hopf
    ax = plot_phase_plane(neuron, 0.0, trajectory=False, lang="zh")
    assert "I_H = 无）" in ax.get_title() and "轨迹" not in ax.get_title()
    assert ax.get_title().startswith("Izhikevich模型a=0.02, b=-0.1：")


def test_hh_phase_plane_in_chinese():
    hh = brain.HodgkinHuxley()
    ax = plot_phase_plane(hh, 10.0, duration=20.0, n_grid=7, lang="zh")
    texts = assert_chinese(ax.figure)
    assert ax.get_title().startswith("霍奇金-赫胥黎模型降为(V, n)二维")
    assert "静息态失稳于：Hopf分岔I_H = " in ax.get_title()
    assert ax.get_ylabel() == "钾通道激活变量n"
    assert any(t.startswith("完整模型的(V, n)") for t in texts)
    ax = plot_hh_phase_plane(hh, 10.0, h_line=(1.0, 1.0), trajectory=False,
                             full_model=False, n_grid=5, lang="zh")  # fmt: skip
    texts = assert_chinese(ax.figure)
    assert {"不稳定结点", "鞍点", "不稳定焦点"} <= {t.split("（")[0] for t in texts}


def test_izhikevich_gallery_in_chinese():
    fig = plot_izhikevich_gallery(("RS", "FS"), lang="zh")
    assert_chinese(fig)
    assert fig.axes[0].get_title() == "RS：规则发放\nsequential积分格式，dt = 0.25 ms"
    assert fig._suptitle.get_text().startswith("Izhikevich（2003）的发放模式")


def test_hh_gates_in_chinese():
    fig = plot_hh_gates(duration=10.0, lang="zh")
    texts = assert_chinese(fig)
    time_ax, curve_ax = fig.axes[:2]
    assert time_ax.get_ylabel() == "门控变量（通道开放比例）"
    assert time_ax.get_title().startswith("一个动作电位中霍奇金-赫胥黎模型的门控变量")
    assert curve_ax.get_xlabel() == "膜电位V（mV）"
    assert "τ_m(V)（ms）" in texts


def test_snn_accuracy_in_chinese():
    X, y = ng.datasets.circle(n=120, seed=0)
    net = ng.mlp([2, 8, 8, 2], activation="relu", loss="cross_entropy", seed=0)
    net.fit(X, y, epochs=20, optimizer="adam", lr=0.02, verbose=False)
    snn = brain.to_spiking(net, X)
    fig = plot_snn_accuracy(snn, X, y, ann=net, duration=30.0, lang="zh")
    texts = assert_chinese(fig)
    left, right = fig.axes
    assert left.get_title().startswith("脉冲神经网络的准确率随时间的变化")
    assert [t.get_text() for t in right.get_xticklabels()] == ["隐藏层1", "隐藏层2"]
    assert _layer_name("output", _brain_text.ZH) == "输出层"
    assert any(t.startswith("ReLU人工神经网络 ") for t in texts)


def test_weight_distribution_in_chinese():
    run = brain.song_miller_abbott(
        n_inputs=100, rate_hz=20.0, duration_ms=1000.0, record_every_ms=250.0
    )
    fig = plot_weight_distribution(run, lang="zh")
    texts = assert_chinese(fig)
    left, right = fig.axes
    assert left.get_title().startswith("100个20 Hz的泊松输入，STDP（A-/A+ = ")
    assert right.get_xlabel() == "时间（s）"
    assert any(t.startswith("输入20 Hz：最终") for t in texts)
