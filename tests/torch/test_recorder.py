"""neuroglass.torch.Recorder: what a recorded PyTorch loop holds, read back
with ng.open_run, for an MLP-shaped Sequential (the engine's layout) and a
small CNN (per-layer layout)."""

import numpy as np
import pytest
import torch
from torch import nn

import neuroglass as ng
from neuroglass.recorder.store import NotRecordedError
from neuroglass.torch.recorder import Recorder


def _mlp(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 3)
    )


def _data(seed=0, n=96, shape=(4,)):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, *shape, generator=g)
    y = (X.reshape(n, -1)[:, 0] > 0).long() + (X.reshape(n, -1)[:, 1] > 0).long()
    return X, y


def _train(model, opt, X, y, rec, epochs=3, batch=32, watch=None):
    """The user's loop; ``watch`` collects what the test compares with."""
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        for i in range(0, len(X), batch):
            opt.zero_grad()
            loss = loss_fn(model(X[i : i + batch]), y[i : i + batch])
            loss.backward()
            before = [p.detach().clone() for p in model.parameters()]
            grads = [p.grad.detach().clone() for p in model.parameters()]
            opt.step()
            rec.step(loss)
            if watch is not None:
                watch["losses"].append(loss.item())
                watch["last"] = (
                    grads,
                    [p.detach() - b for p, b in zip(model.parameters(), before)],
                )
        rec.epoch(val_loss=0.5, val_accuracy=0.25)
        if watch is not None:
            watch["epochs"].append(
                ([p.detach().clone() for p in model.parameters()], watch["last"])
            )


@pytest.fixture(scope="module")
def mlp_run(tmp_path_factory):
    model = _mlp()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    X, y = _data()
    watch = {"losses": [], "epochs": []}
    path = tmp_path_factory.mktemp("mlp") / "mlp.ngrun"
    with Recorder(path, model, opt, probe=X[:40]) as rec:
        _train(model, opt, X, y, rec, watch=watch)
    return path, model, X, watch


def test_mlp_run_has_the_engine_shape_and_rebuilds_the_model(mlp_run):
    path, model, X, _ = mlp_run
    with ng.open_run(path) as run:
        net_config = run.config["network"]
        assert net_config["format"] == "neuroglass.network"
        assert [layer["type"] for layer in net_config["layers"]] == ["Dense"] * 3
        assert [layer["activation"] for layer in net_config["layers"]] == [
            "tanh",
            "relu",
            "identity",
        ]
        assert run.layout.sizes == (4, 8, 6, 3)
        assert run.config["framework"]["name"] == "torch"
        assert run.config["distributed"]["world_size"] == 1
        assert run.config["optimizer"]["name"] == "adam"
        assert run.config["optimizer"]["lr"] == 0.01
        assert run.config["optimizer"]["betas"] == [0.9, 0.999]
        net = run.network()
        with torch.no_grad():
            expected = model(X).numpy()
        np.testing.assert_allclose(net.forward(X.numpy()), expected, atol=1e-6)
        assert run.status == "finished"


def test_mlp_run_records_exact_step_losses_and_epoch_metrics(mlp_run):
    path, _, _, watch = mlp_run
    with ng.open_run(path) as run:
        steps = run.steps
        # the float32 losses, exactly, in float64
        assert steps["loss"].tolist() == [float(np.float32(v)) for v in watch["losses"]]
        assert steps["step"].tolist() == list(range(9))
        assert steps["epoch"].tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]
        assert steps["batch"].tolist() == [0, 1, 2] * 3
        m = run.metrics(format="dict")
        assert m["epoch"].tolist() == [0, 1, 2]
        assert m["step"].tolist() == [3, 6, 9]
        np.testing.assert_allclose(m["loss"], steps["loss"].reshape(3, 3).mean(axis=1))
        assert m["val_loss"].tolist() == [0.5] * 3
        assert m["val_accuracy"].tolist() == [0.25] * 3
        assert run.config["fit"]["steps_per_epoch"] == 3


def test_mlp_snapshots_hold_weights_gradients_and_update_of_the_last_step(mlp_run):
    path, _, _, watch = mlp_run
    with ng.open_run(path) as run:
        assert run.snapshot_epochs.tolist() == [0, 1, 2]
        for epoch, (params, (grads, updates)) in enumerate(watch["epochs"]):
            snap = run.snapshot(epoch)
            for i, layer in enumerate(snap.layers):
                w, b = params[2 * i], params[2 * i + 1]
                np.testing.assert_array_equal(layer.weights, w.numpy().T)
                np.testing.assert_array_equal(layer.bias, b.numpy())
                np.testing.assert_array_equal(
                    layer.grad_weights, grads[2 * i].numpy().T
                )
                np.testing.assert_array_equal(layer.grad_bias, grads[2 * i + 1].numpy())
                np.testing.assert_allclose(
                    layer.update_weights, updates[2 * i].numpy().T, atol=1e-7
                )
                assert layer.norms["weights"] == pytest.approx(
                    float(torch.linalg.norm(w)), rel=1e-5
                )
            # the probe's activations: the Tanh layer's outputs, per unit
            assert snap.layers[0].activations.shape == (40, 8)
            assert snap.layers[1].units["active"] is not None  # ReLU: measured
        # the rebuilt network at a snapshot is the model as it was then
        net = run.network(1)
        np.testing.assert_array_equal(
            net.layers[0].weights, watch["epochs"][1][0][0].numpy().T
        )


def _cnn(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3, padding=1),
        nn.BatchNorm2d(6),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(6 * 4 * 4, 3),
    )


@pytest.fixture(scope="module")
def cnn_run(tmp_path_factory):
    model = _cnn()
    with torch.no_grad():  # channel 2 of the first conv never fires: dead
        model[0].bias[2] = -100.0
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    X, y = _data(n=64, shape=(1, 8, 8))
    path = tmp_path_factory.mktemp("cnn") / "cnn.ngrun"
    with Recorder(path, model, opt, probe=X[:16], epochs=3) as rec:
        _train(model, opt, X, y, rec)
    return path, model, X


def test_cnn_run_records_per_layer_shapes_and_channels(cnn_run):
    path, model, X = cnn_run
    with ng.open_run(path) as run:
        layers = run.config["network"]["layers"]
        assert run.config["network"]["format"] == "torch.module"
        assert [cfg["name"] for cfg in layers] == ["0", "3", "4", "7"]
        assert [cfg["type"] for cfg in layers] == [
            "Conv2d",
            "Conv2d",
            "BatchNorm2d",
            "Linear",
        ]
        assert [(cfg["n_in"], cfg["n_out"]) for cfg in layers] == [
            (1, 4),
            (4, 6),
            (6, 6),
            (96, 3),
        ]
        assert [cfg["activation"] for cfg in layers] == [
            "relu",
            "identity",
            "relu",
            "identity",
        ]
        assert layers[0]["weight_shape"] == [4, 1, 3, 3] and layers[0][
            "bias_shape"
        ] == [4]
        assert run.is_network is False
        np.testing.assert_array_equal(run.probe(), X[:16].numpy())
        snap = run.snapshot()
        for layer, module in zip(snap.layers, (model[0], model[3], model[4], model[7])):
            np.testing.assert_array_equal(layer.weights, module.weight.detach().numpy())
            np.testing.assert_array_equal(layer.bias, module.bias.detach().numpy())
        # per channel: the dead channel of the first conv, and only it
        active = snap.layers[0].units["active"]
        assert active.shape == (4,) and active[2] == 0 and (active[[0, 1, 3]] > 0).all()
        assert set(snap.layers[0].stats) >= {"weights", "grad_weights", "activation"}
        with pytest.raises(NotRecordedError, match="not a Sequential of Linear"):
            run.network()


def test_cnn_run_above_full_arrays_limit_keeps_statistics(tmp_path):
    model = _cnn()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    X, y = _data(n=32, shape=(1, 8, 8))
    with Recorder(
        tmp_path / "big", model, opt, probe=X[:8], full_arrays_limit=10
    ) as rec:
        _train(model, opt, X, y, rec, epochs=2)
    with ng.open_run(tmp_path / "big.ngrun") as run:
        snap = run.snapshot()
        assert snap.params is None and snap.layers[0].weights is None
        stats = snap.layers[0].stats["weights"]
        w = model[0].weight.detach().numpy().astype(np.float64)
        assert stats["size"] == 36 and stats["max"] == pytest.approx(w.max())
        assert stats["norm"] == pytest.approx(np.linalg.norm(w), rel=1e-6)
        assert "activation" in snap.layers[0].stats


@pytest.mark.slow
def test_every_run_view_draws_a_cnn_run(cnn_run, tmp_path, capsys):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from neuroglass.cli import main

    path = str(cnn_run[0])
    try:
        with ng.open_run(path) as run:
            assert len(run.metrics(format="dict")["epoch"]) == 3
            for plot in (
                ng.plot.history,
                ng.plot.distributions,
                ng.plot.gradient_flow,
                ng.plot.update_ratios,
                ng.plot.dashboard,
            ):
                plot(run)
                plt.close("all")
    finally:
        plt.close("all")
    assert main(["runs", "show", path]) == 0
    out = capsys.readouterr().out
    assert "Conv2d(1, 4) -> Conv2d(4, 6) -> BatchNorm2d(6, 6) -> Linear(96, 3)" in out
    assert "framework torch" in out and "3 epochs" in out
    assert main(["runs", "ls", str(cnn_run[0].parent)]) == 0
    assert "cnn.ngrun" in capsys.readouterr().out
    report = tmp_path / "report.html"
    assert main(["report", path, "-o", str(report)]) == 0
    text = report.read_text()
    assert "cnn.ngrun" in text and "sgd" in text and "<figcaption>layers" in text


def test_every_and_layers_and_no_optimizer(tmp_path):
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    X, y = _data()
    with Recorder(tmp_path / "r", model, every=2, layers=["0", "4"]) as rec:
        _train(model, opt, X, y, rec, epochs=1)
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.steps["step"].tolist() == [0, 2]
        assert [cfg["name"] for cfg in run.config["network"]["layers"]] == ["0", "4"]
        assert run.config["network"]["format"] == "torch.module"  # not every layer
        snap = run.snapshot()
        # no optimizer: the gradients as .grad held them at rec.epoch(), no update
        np.testing.assert_array_equal(
            snap.layers[1].grad_weights, model[4].weight.grad.numpy()
        )
        assert snap.layers[1].norms["update_weights"] == 0


def test_mlp_run_replays_in_the_playground(tmp_path):
    from neuroglass.playground.replay import ReplaySession

    torch.manual_seed(0)
    X = torch.randn(60, 2)
    y = ((X[:, 0] * X[:, 1]) > 0).float()[:, None]
    model = nn.Sequential(nn.Linear(2, 6), nn.Tanh(), nn.Linear(6, 1), nn.Sigmoid())
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    with Recorder(tmp_path / "xor", model, opt, probe=X[:20]) as rec:
        for _ in range(2):
            for i in range(0, 60, 20):
                opt.zero_grad()
                loss = nn.functional.binary_cross_entropy(
                    model(X[i : i + 20]), y[i : i + 20]
                )
                loss.backward()
                opt.step()
                rec.step(loss)
            rec.epoch()
    sent = []
    session = ReplaySession(sent.append, str(tmp_path / "xor.ngrun"))
    session.state.run = ng.open_run(tmp_path / "xor.ngrun")
    try:
        assert session._setup() is True
    finally:
        session.state.run.close()
    kinds = [m.get("type") for m in sent if isinstance(m, dict)]
    assert kinds[0] == "state" and "error" not in kinds


def test_parameter_layout_from_shapes():
    from neuroglass.engine.layout import ParameterLayout

    layout = ParameterLayout.from_shapes(
        [(4, 1, 3, 3), None, (2, 36)], [(4,), (3,), None]
    )
    assert layout.sizes is None and layout.n_layers == 3
    assert layout.size == 36 + 4 + 3 + 72
    vector = np.arange(layout.size)
    (w0, b0), (w1, b1), (w2, b2) = layout.split(vector)
    assert w0.shape == (4, 1, 3, 3) and b0.tolist() == [36, 37, 38, 39]
    assert w1.shape == (0,) and b1.tolist() == [40, 41, 42]
    assert w2.shape == (2, 36) and b2.shape == (0,) and w2[0, 0] == 43
    assert layout == ParameterLayout.from_shapes(
        [(4, 1, 3, 3), None, (2, 36)], [(4,), (3,), None]
    )
    assert layout != ParameterLayout.from_sizes([2, 3])
    with pytest.raises(ng.ShapeError, match="3 layers of the shapes recorded"):
        layout.split(np.zeros(5))
