"""Every engine figure speaks the language asked for (``lang=`` or
``ng.language``): with "zh" each title, label, legend entry, colour-bar label
and annotation is Chinese, drawn in a CJK font (a missing glyph warns at draw
time, and pytest turns the warning into an error); English is the default."""

import re

import matplotlib.text
import pytest

import neuroglass as ng
from neuroglass.views.figures import _network_parts
from neuroglass.views.figures.activation_map import _TEXT as ACTIVATIONS
from neuroglass.views.figures.boundary import _TEXT as BOUNDARY
from neuroglass.views.figures.computation import _TEXT as COMPUTATION
from neuroglass.views.figures.dashboard import _TEXT as DASHBOARD
from neuroglass.views.figures.distributions import _TEXT as DISTRIBUTIONS
from neuroglass.views.figures.history import _TEXT as HISTORY
from neuroglass.views.figures.landscape import _TEXT as LANDSCAPE
from neuroglass.views.figures.metrics import _TEXT as METRICS
from neuroglass.views.figures.neuron_maps import _TEXT as NEURON_MAPS
from neuroglass.views.figures.training import _TEXT as TRAINING

CJK = re.compile(r"[\u4e00-\u9fff]")


def drawn_texts(figure) -> list[str]:
    """Every visible, non-empty text of a figure once drawn: titles, axis and
    tick labels, legends, colour bars, annotations."""
    figure.canvas.draw()  # tick labels exist, and missing glyphs warn, only now
    return [
        t.get_text()
        for t in figure.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text().strip()
    ]


def english_words(*tables) -> set[str]:
    """The words of the English tables that the Chinese ones do not also use
    (the names of functions such as sigmoid are the same in both)."""

    def words(table):
        found = set()
        for value in table.values():
            value = re.sub(r"\{[^}]*\}", " ", value)
            found |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", value)}
        return found

    shared = set().union(*(words(t["zh"]) for t in tables))
    return set().union(*(words(t["en"]) for t in tables)) - shared


def assert_chinese(figure, *tables):
    texts = drawn_texts(figure)
    assert any(CJK.search(t) for t in texts), texts
    english = english_words(*tables)
    for t in texts:
        found = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", t)} & english
        assert not found, f"English {sorted(found)} in the Chinese text {t!r}"


def figure_of(drawn):
    return drawn if hasattr(drawn, "savefig") else drawn.figure


def test_the_words_test_finds_english():
    """The check itself: an English figure fails it."""
    net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    ax = ng.plot.network(net, lang="en")
    with pytest.raises(AssertionError):
        assert_chinese(ax.figure, _network_parts.TEXT)


def test_a_missing_glyph_fails_the_test():
    """Chinese drawn without a CJK font warns at draw time; the warning
    filter of the tests catches it (so the Chinese tests below would fail)."""
    import matplotlib.pyplot as plt

    with plt.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("决策边界")
        with pytest.raises(UserWarning, match=r"Glyph .* missing"):
            fig.canvas.draw()


def test_network_boundary_maps_history_in_chinese(circle_net):
    net, X_train, X_test, y_train, y_test = circle_net
    ax = ng.plot.network(net, x=X_train[3], sample=3, lang="zh")
    assert_chinese(ax.figure, _network_parts.TEXT)
    assert "样本3" in ax.get_title()
    ax = ng.plot.decision_boundary(
        net, X_train, y_train, X_test=X_test, y_test=y_test, lang="zh"
    )
    assert_chinese(ax.figure, BOUNDARY)
    fig = ng.plot.neuron_maps(net, resolution=10, lang="zh")
    assert_chinese(fig, NEURON_MAPS)
    for metric in ("loss", "accuracy"):
        ax = ng.plot.history(net, metric=metric, lang="zh")
        assert_chinese(ax.figure, HISTORY)


def test_the_language_setting_is_followed_and_english_is_the_default(circle_net):
    net = circle_net[0]
    assert ng.plot.history(net).get_xlabel() == "epoch"
    with ng.language("zh"):
        assert ng.plot.history(net).get_xlabel() == "轮"
        assert ng.plot.history(net, lang="en").get_xlabel() == "epoch"
    with pytest.raises(ValueError, match="'en' or 'zh'"):
        ng.plot.history(net, lang="cn")


def test_a_recorded_run_in_chinese(recorded):
    run = recorded[0]
    ax = ng.plot.network(run, lang="zh")
    assert_chinese(ax.figure, _network_parts.TEXT)
    ax = ng.plot.history(run, lang="zh")
    assert_chinese(ax.figure, HISTORY)


def test_computation_in_chinese():
    net = ng.mlp([2, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    ax = ng.plot.computation(net, [0.5, -1.0], [1], lang="zh")
    assert_chinese(ax.figure, COMPUTATION)


def test_the_figures_of_a_run_in_chinese(recorded):
    run, net, X, y = recorded
    fig = ng.plot.dashboard(run, lang="zh")
    every = (
        DASHBOARD,
        HISTORY,
        _network_parts.TEXT,
        BOUNDARY,
        TRAINING,
        DISTRIBUTIONS,
    )
    assert_chinese(fig, *every)
    for draw, table in (
        (lambda: ng.plot.gradient_flow(run, lang="zh"), TRAINING),
        (lambda: ng.plot.update_ratios(run, lang="zh"), TRAINING),
        (lambda: ng.plot.activations(run, lang="zh"), ACTIVATIONS),
        (lambda: ng.plot.loss_landscape(run, X, y, steps=5, lang="zh"), LANDSCAPE),
        (
            lambda: ng.plot.loss_landscape(net, X, y, dim=1, steps=5, lang="zh"),
            LANDSCAPE,
        ),
        (
            lambda: ng.plot.confusion_matrix(net, X, y, normalize="true", lang="zh"),
            METRICS,
        ),
    ):
        assert_chinese(figure_of(draw()), table)
    for kind in ("bands", "heatmap", "ridge"):
        ax = ng.plot.distributions(run, quantity="grad_weights", kind=kind, lang="zh")
        assert_chinese(ax.figure, DISTRIBUTIONS)


def test_a_regression_fit_in_chinese():
    X, y = ng.datasets.plane(n=40, seed=0)
    net = ng.mlp([2, 4, 1], activation="tanh", loss="mse", seed=0)
    ax = ng.plot.regression_fit(net, X, y, lang="zh")
    assert_chinese(ax.figure, METRICS)
