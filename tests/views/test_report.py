"""The HTML report: self-contained, with the run's numbers and figures."""

import base64
import re

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.views.report import build_report, write_report


def test_report_is_self_contained_html(recorded, tmp_path):
    path, X, y = recorded
    out = tmp_path / "report.html"
    with ng.open_run(path) as run:
        write_report(run, out, data=(X, y))
        final_loss = run.summary()["final_loss"]
    text = out.read_text()
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    # nothing to fetch: no external URLs, images embedded as data URIs
    assert not re.search(r"""(src|href)=["']https?://""", text)
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', text)
    assert len(images) >= 5
    for data in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "2 -&gt; 4 -&gt; 1" in text and f"{final_loss:.4g}" in text
    assert "Diagnostics" in text and "decision boundary" in text


def test_report_lists_diagnostics(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 10
    y = X @ np.array([3.0, -2.0])
    path = tmp_path / "nan.ngrun"
    with pytest.raises(ng.TrainingDiverged):
        ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0).fit(
            X, y, epochs=30, batch_size=10, lr=5.0, callbacks=[ng.Recorder(path)]
        )
    with ng.open_run(path) as run:
        text = build_report(run)
    assert "loss_not_finite" in text and "Lower the learning rate" in text


def test_report_command(recorded, tmp_path, capsys):
    path = recorded[0]
    out = tmp_path / "cli.html"
    assert main(["report", str(path), "-o", str(out)]) == 0
    assert out.stat().st_size > 10_000
    with pytest.raises(TypeError, match="recorded run"):
        build_report(ng.mlp([2, 1], seed=0))
