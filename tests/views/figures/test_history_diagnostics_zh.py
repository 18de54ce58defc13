"""A run's findings on the history and the dashboard: the rule's id in
English, the recorder's Chinese name in Chinese."""

import pytest
from matplotlib.text import Text

import neuroglass as ng
from neuroglass.recorder.diagnostics.wording_zh import NAMES


@pytest.fixture(scope="module")
def stuck(tmp_path_factory):
    """A run whose loss stays at chance, its tanh units saturated."""
    X, y = ng.datasets.spiral(n=200, seed=0)
    path = tmp_path_factory.mktemp("stuck") / "stuck.ngrun"
    net = ng.mlp([2, 8, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(X, y, epochs=25, batch_size=10, lr=3.0, callbacks=[ng.Recorder(path)])
    return path


def texts(artist) -> list:
    return [t.get_text() for t in artist.findobj(Text)]


def test_the_history_marks_a_finding_by_its_name_in_each_language(stuck):
    with ng.open_run(stuck) as run:
        findings = run.diagnostics()
        en = texts(ng.plot.history(run, lang="en"))
        zh = texts(ng.plot.history(run, lang="zh"))
        with ng.language("zh"):  # lang=None follows ng.language
            default = texts(ng.plot.history(run))
    assert {d.rule for d in findings} == {"loss_at_chance", "saturated_units"}
    for d in findings:
        assert f" {d.rule}" in en and f" {d.rule}" not in zh
        assert f" {NAMES[d.rule]}" in zh and f" {NAMES[d.rule]}" in default


def test_the_dashboard_title_names_the_findings_in_chinese(stuck):
    with ng.open_run(stuck) as run:
        findings = run.diagnostics()
        en = ng.plot.dashboard(run, lang="en")._suptitle.get_text()
        zh = ng.plot.dashboard(run, lang="zh")._suptitle.get_text()
    assert en.endswith("; " + ", ".join(d.rule for d in findings))
    assert zh.endswith("；" + "、".join(NAMES[d.rule] for d in findings))
    assert not any(d.rule in zh for d in findings)
