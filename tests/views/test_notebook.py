"""Notebook display of Networks and Runs through IPython's formatters."""

import numpy as np

import neuroglass as ng
from neuroglass.views import notebook


class FakeFormatter:
    def __init__(self):
        self.types = {}

    def for_type(self, cls, func):
        self.types[cls] = func


class FakeShell:
    def __init__(self):
        self.display_formatter = type(
            "DisplayFormatter", (), {"formatters": {"text/html": FakeFormatter()}}
        )()


def test_network_and_run_html(tmp_path):
    X, y = ng.datasets.circle(n=100, seed=0)
    net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    path = tmp_path / "n.ngrun"
    net.fit(X, y, epochs=3, callbacks=[ng.Recorder(path)])
    before = net.copy()  # the views must leave the network as it was
    text = notebook.network_html(net)
    assert "Total parameters: 13" in text and "data:image/png;base64," in text
    with ng.open_run(path) as run:
        text = notebook.run_html(run)
        assert "finished" in text and "data:image/png;base64," in text
    np.testing.assert_array_equal(net.parameters_vector(), before.parameters_vector())
    assert net.config() == before.config()


def test_register_with_ipython_formatters():
    shell = FakeShell()
    assert notebook.register(shell) is True
    types = shell.display_formatter.formatters["text/html"].types
    assert types[ng.Network] is notebook.network_html
    assert types[ng.Run] is notebook.run_html
