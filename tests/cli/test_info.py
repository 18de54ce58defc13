"""`neuroglass info`: a saved model's summary and how long it was trained."""

import neuroglass as ng
from neuroglass.cli import main


def test_info_says_what_was_saved_and_how_long_it_trained(tmp_path, capsys):
    X, y = ng.datasets.xor(n=40, seed=0)
    net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    net.fit(X, y, epochs=3, batch_size=10)
    path = tmp_path / "m.npz"
    net.save(path)
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert net.summary() in out
    assert "trained for 3 epochs (12 steps)" in out
