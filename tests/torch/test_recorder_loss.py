"""The loss of a PyTorch run (Recorder(..., loss=...)): an MLP-shaped model
trained on logits with CrossEntropyLoss (BCEWithLogitsLoss) is recorded as
the network from_torch builds (softmax/sigmoid appended, loss cross_entropy/
bce), config["loss"] names the loss of any model, and the replay in the
playground shows a classifier's output kind instead of "(MSE)"."""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from starlette.testclient import TestClient
from torch import nn

import neuroglass as ng
from neuroglass.engine.errors import ConfigError
from neuroglass.playground import create_app
from neuroglass.torch.convert import from_torch
from neuroglass.torch.recorder import Recorder

HOSTS = {"127.0.0.1", "localhost", "testserver"}


def _record(path, model, loss_fn, x, y, *, loss=None, epochs=2, probe=True):
    """Train ``model`` a few full-batch steps on (x, y), recorded with ``loss``."""
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder(path, model, opt, probe=x[:8] if probe else None, loss=loss) as rec:
        for _ in range(epochs):
            opt.zero_grad()
            value = loss_fn(model(x), y)
            value.backward()
            opt.step()
            rec.step(value)
            rec.epoch()
    return ng.open_run(path)


def _classifier(seed=0, outputs=3):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, outputs))


@pytest.fixture
def data():
    torch.manual_seed(1)
    return torch.randn(32, 4), torch.randint(0, 3, (32,))


@pytest.mark.parametrize(
    "loss", [nn.CrossEntropyLoss(), F.cross_entropy, "cross_entropy"]
)
def test_a_logits_mlp_trained_with_cross_entropy_is_a_softmax_network(
    tmp_path, data, loss
):
    x, y = data
    model = _classifier()
    run = _record(tmp_path / "ce.ngrun", model, nn.CrossEntropyLoss(), x, y, loss=loss)
    network = run.config["network"]
    assert run.config["loss"] == "cross_entropy" == network["loss"]
    assert network["format"] == "neuroglass.network"
    assert [layer["activation"] for layer in network["layers"]] == ["tanh", "softmax"]
    assert network["layers"][-1]["activation_in_loss"] is True
    net = run.network()
    assert net.loss_fn.name == "cross_entropy"
    with torch.no_grad():
        expected = torch.softmax(model(x), dim=1).numpy()
    np.testing.assert_allclose(net.predict(x.numpy()), expected, atol=1e-6)
    # what from_torch builds of the same model, weight for weight
    converted = from_torch(model, loss=nn.CrossEntropyLoss())
    np.testing.assert_array_equal(
        net.parameters_vector(), converted.parameters_vector()
    )


def test_a_logits_mlp_trained_with_bce_with_logits_is_a_sigmoid_network(tmp_path, data):
    x, y = data
    model = _classifier(outputs=1)
    target = (y == 0).float()[:, None]
    loss_fn = nn.BCEWithLogitsLoss()
    run = _record(tmp_path / "bce.ngrun", model, loss_fn, x, target, loss=loss_fn)
    assert run.config["loss"] == "bce"
    assert run.config["network"]["layers"][-1]["activation"] == "sigmoid"
    with torch.no_grad():
        expected = torch.sigmoid(model(x)).numpy()
    np.testing.assert_allclose(run.network().predict(x.numpy()), expected, atol=1e-6)


def test_mse_and_no_loss_keep_the_models_own_output(tmp_path, data):
    x, _ = data
    target = torch.randn(32, 3)
    run = _record(
        tmp_path / "mse.ngrun",
        _classifier(),
        nn.MSELoss(),
        x,
        target,
        loss=nn.MSELoss(),
    )
    assert run.config["loss"] == "mse" == run.config["network"]["loss"]
    assert run.config["network"]["layers"][-1]["activation"] == "identity"
    assert "activation_in_loss" not in run.config["network"]["layers"][-1]
    # without loss=: today's inference, and the run does not claim a loss
    run = _record(tmp_path / "none.ngrun", _classifier(), nn.MSELoss(), x, target)
    assert run.config["loss"] is None
    assert run.config["network"]["loss"] == "mse"


def test_cross_entropy_on_a_softmax_output_warns_and_records_the_output(tmp_path, data):
    x, y = data
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
    with pytest.warns(RuntimeWarning, match="already ends in 'softmax'"):
        run = _record(
            tmp_path / "double.ngrun",
            model,
            nn.CrossEntropyLoss(),
            x,
            y,
            loss=nn.CrossEntropyLoss(),
        )
    assert run.config["network"]["layers"][-1]["activation"] == "softmax"
    assert "activation_in_loss" not in run.config["network"]["layers"][-1]
    with torch.no_grad():
        expected = model(x).numpy()
    np.testing.assert_allclose(run.network().predict(x.numpy()), expected, atol=1e-6)


def test_a_loss_no_engine_network_computes_from_the_output_is_a_module_run(
    tmp_path, data
):
    x, y = data
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 3), nn.Tanh())  # cross_entropy after tanh
    run = _record(
        tmp_path / "tanh.ngrun",
        model,
        nn.CrossEntropyLoss(),
        x,
        y,
        loss=nn.CrossEntropyLoss(),
    )
    assert run.config["network"]["format"] == "torch.module"
    assert run.config["loss"] == "cross_entropy"


def test_other_models_and_settings_record_the_loss_name(tmp_path):
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv1d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 6, 4)
    )
    x, y = torch.randn(16, 1, 8), torch.randint(0, 4, (16,))
    # weighted and smoothed: still a classifier (from_torch refuses them)
    loss_fn = nn.CrossEntropyLoss(weight=torch.ones(4), label_smoothing=0.1)
    with pytest.raises(ConfigError, match="weighted, smoothed"):
        from_torch(nn.Sequential(nn.Linear(2, 4)), loss=loss_fn)
    run = _record(tmp_path / "conv.ngrun", model, loss_fn, x, y, loss=loss_fn)
    assert run.config["network"]["format"] == "torch.module"
    assert run.config["loss"] == "cross_entropy"


@pytest.mark.parametrize("loss", [nn.L1Loss(), "hinge", 3])
def test_a_loss_without_counterpart_is_refused_naming_it(tmp_path, loss):
    with pytest.raises(ConfigError, match="loss"):
        Recorder(tmp_path / "bad.ngrun", _classifier(), loss=loss)
    assert not (tmp_path / "bad.ngrun").exists()


def _state(path):
    app = create_app(path.parent, replay=path, allowed_hosts=HOSTS)
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        for _ in range(50):
            message = ws.receive()
            if message.get("text") is not None:
                data = json.loads(message["text"])
                if data["type"] == "state":
                    return data
    raise AssertionError("no state message")


def test_the_replay_of_a_cross_entropy_mlp_run_is_a_classifier(tmp_path, data):
    x, y = data
    loss_fn = nn.CrossEntropyLoss()
    path = tmp_path / "mlp.ngrun"
    _record(path, _classifier(), loss_fn, x, y, loss=loss_fn)
    state = _state(path)
    assert state["output_kind"] == "softmax_ce"  # "(CE)", the accuracy, no R²
    assert state["classes"] == 3
    # the same run without loss=: a regression's "(MSE)" and R² (what loss= fixes)
    path = tmp_path / "inferred.ngrun"
    _record(path, _classifier(), loss_fn, x, y)
    assert _state(path)["output_kind"] == "linear_mse"


def test_the_replay_of_a_classifier_module_run_says_its_loss(tmp_path):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv1d(1, 2, 3), nn.Flatten(), nn.Linear(12, 4))
    x, y = torch.randn(16, 1, 8), torch.randint(0, 4, (16,))
    loss_fn = nn.CrossEntropyLoss()
    path = tmp_path / "conv.ngrun"
    _record(path, model, loss_fn, x, y, loss=loss_fn)  # no accuracy recorded
    state = _state(path)
    assert state["output_kind"] == "softmax_ce" and state["classes"] == 4
    path = tmp_path / "conv_unknown.ngrun"
    _record(path, model, loss_fn, x, y)
    state = _state(path)
    assert state["output_kind"] == "unknown" and state["classes"] == 0
