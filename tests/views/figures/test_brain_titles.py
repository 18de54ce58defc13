"""Brain figure titles: the model's readable name and its scheme (issue 12:
'the scheme is stored with results and shown in figure titles')."""

import matplotlib.pyplot as plt
import numpy as np

from neuroglass.brain import HodgkinHuxley, izhikevich_network, simulate
from neuroglass.views.figures.brain import plot_membrane, plot_raster
from neuroglass.views.figures.brain_fi import plot_fi_curve


def test_membrane_title_reads_hodgkin_huxley_and_its_scheme():
    trace = simulate(HodgkinHuxley(scheme="exp_euler"), 10.0, 5.0, record=("v", "I"))
    ax = plot_membrane(trace)
    assert ax.get_title() == "Hodgkin-Huxley, exp_euler scheme"
    plt.close(ax.figure)


def test_constant_current_panel_shows_zero():
    trace = simulate(HodgkinHuxley(), 10.0, 5.0, record=("v", "I"))
    fig, (ax, current_ax) = plt.subplots(2)
    plot_membrane(trace, ax=ax, current_ax=current_ax)
    low, high = current_ax.get_ylim()
    assert low <= 0.0 < 10.0 < high  # not a 9.5..10.5 axis for a flat line
    plt.close(fig)


def test_raster_title_has_the_network_scheme():
    net = izhikevich_network(80, 20, duration=20.0, scheme="rk4")
    ax = plot_raster(net)
    assert ax.get_title(loc="left") == "100 neurons, rk4 scheme"
    plt.close(ax.figure)
    ax = plot_raster(np.array([[1.0, 0.0]]), n=2)  # rows alone: no scheme known
    assert ax.get_title(loc="left") == "2 neurons"
    plt.close(ax.figure)


def test_fi_title_reads_the_model_name():
    ax = plot_fi_curve(HodgkinHuxley(), [0.0, 10.0, 20.0], duration=50.0)
    assert ax.get_title().startswith("f-I curve of Hodgkin-Huxley (rk4 scheme)")
    plt.close(ax.figure)


def test_the_titles_in_chinese_name_the_model_and_keep_the_scheme():
    trace = simulate(HodgkinHuxley(scheme="exp_euler"), 10.0, 5.0, record=("v", "I"))
    ax = plot_membrane(trace, lang="zh")
    assert ax.get_title() == "霍奇金-赫胥黎模型，exp_euler积分格式"
    net = izhikevich_network(80, 20, duration=20.0, scheme="rk4")
    ax = plot_raster(net, lang="zh")
    assert ax.get_title(loc="left") == "100个神经元，rk4积分格式"
    ax = plot_raster(np.array([[1.0, 0.0]]), n=2, lang="zh")
    assert ax.get_title(loc="left") == "2个神经元"
    ax = plot_fi_curve(HodgkinHuxley(), [0.0, 10.0, 20.0], duration=50.0, lang="zh")
    assert ax.get_title().startswith("霍奇金-赫胥黎模型的f-I曲线（rk4积分格式）")
