"""neuroglass.torch.Recorder on bad input and in bad moments: models it
cannot record, bad losses, a second recorder, use after close, exceptions,
kill -9; and the model and optimizer left exactly as they were."""

import signal
import textwrap
import time

import numpy as np
import pytest
import torch
from torch import nn

import neuroglass as ng
from neuroglass.engine.errors import ConfigError
from neuroglass.recorder.store import RecorderError
from neuroglass.torch.recorder import Recorder


def _model(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Linear(3, 5),
        nn.BatchNorm1d(5),
        nn.ReLU(inplace=True),
        nn.Dropout(0.2),
        nn.Linear(5, 2),
    )


def _steps(model, opt, rec=None, n=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    for _ in range(n):
        X = torch.randn(8, 3, generator=g)
        opt.zero_grad()
        loss = model(X).pow(2).mean()
        loss.backward()
        opt.step()
        if rec is not None:
            rec.step(loss)


def _hooks(model, opt) -> list:
    """Every hook dict of the model's modules and the optimizer, non-empty ones."""
    found = []
    for module in model.modules():
        for name, value in vars(module).items():
            if name.endswith("_hooks") and isinstance(value, dict) and value:
                found.append((type(module).__name__, name))
    for name, value in vars(opt).items():
        if name.endswith("_hooks") and isinstance(value, dict) and value:
            found.append(("optimizer", name))
    return found


def test_recording_leaves_model_and_optimizer_as_training_alone_would(tmp_path):
    plain, recorded = _model(), _model()
    opt_plain = torch.optim.Adam(plain.parameters(), lr=0.01)
    opt_rec = torch.optim.Adam(recorded.parameters(), lr=0.01)
    attributes = [set(vars(m)) for m in recorded.modules()]
    opt_attributes = set(vars(opt_rec))
    probe = torch.randn(6, 3)
    torch.manual_seed(1)
    _steps(plain, opt_plain)
    torch.manual_seed(1)  # dropout draws the same masks: the probe pass draws none
    with Recorder(tmp_path / "r", recorded, opt_rec, probe=probe) as rec:
        _steps(recorded, opt_rec, rec)
        rec.epoch()
        assert _hooks(recorded, opt_rec)  # the optimizer's step hooks, while recording
    for key, value in plain.state_dict().items():  # BatchNorm's running stats too
        assert torch.equal(value, recorded.state_dict()[key]), key
    assert str(opt_plain.state_dict()) == str(opt_rec.state_dict())
    assert _hooks(recorded, opt_rec) == []
    assert [set(vars(m)) for m in recorded.modules()] == attributes
    assert set(vars(opt_rec)) == opt_attributes
    assert all(m.training for m in recorded.modules())  # modes restored


def test_hooks_removed_and_run_interrupted_on_an_exception(tmp_path):
    model = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with (
        pytest.raises(KeyError),
        Recorder(tmp_path / "r", model, opt, probe=torch.randn(4, 3)) as rec,
    ):
        _steps(model, opt, rec)
        rec.epoch()
        raise KeyError("boom")
    assert _hooks(model, opt) == []
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.status == "interrupted"
        assert len(run.epochs) == 1 and len(run.steps["step"]) == 4
    # the model can be recorded again, into another run
    with Recorder(tmp_path / "again", model, opt):
        pass


def test_close_twice_is_a_no_op_and_use_after_close_is_refused(tmp_path):
    model = _model()
    rec = Recorder(tmp_path / "r", model)
    rec.step(torch.tensor(1.0))
    rec.close()
    rec.close()
    assert rec.status == "finished"
    with pytest.raises(
        RecorderError, match=r"rec\.step\(\) after the Recorder .* was closed"
    ):
        rec.step(torch.tensor(1.0))
    with pytest.raises(RecorderError, match="closed"):
        rec.epoch()


def test_a_second_recorder_on_the_same_path_or_model_is_refused(tmp_path):
    model = _model()
    with Recorder(tmp_path / "r", model):
        with pytest.raises(RecorderError, match="being written by another Recorder"):
            Recorder(tmp_path / "r.ngrun", _model(), overwrite=True)
        with pytest.raises(RecorderError, match="already being recorded"):
            Recorder(tmp_path / "other", model)
    with pytest.raises(RecorderError, match="already exists"):
        Recorder(tmp_path / "r.ngrun", _model())
    assert not (tmp_path / "other.ngrun").exists()


def test_models_that_cannot_be_recorded_get_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="has no parameters"):
        Recorder(tmp_path / "a", nn.Sequential(nn.ReLU()))
    with pytest.raises(ConfigError, match=r"must be a torch\.nn\.Module"):
        Recorder(tmp_path / "b", "model")
    meta = nn.Linear(3, 2, device="meta")
    with pytest.raises(ConfigError, match="'meta' device"):
        Recorder(tmp_path / "c", meta)
    with pytest.raises(ConfigError, match=r"probe batch of shape \(4, 7\) does not"):
        Recorder(tmp_path / "d", _model(), probe=torch.randn(4, 7))
    with pytest.raises(ConfigError, match="layers names \\['nope'\\]"):
        Recorder(tmp_path / "e", _model(), layers=["nope"])
    with pytest.raises(
        ConfigError, match=r"optimizer must be a torch\.optim\.Optimizer"
    ):
        Recorder(tmp_path / "f", _model(), optimizer="adam")
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_non_scalar_loss_is_refused_and_nan_loss_marks_the_run_diverged(tmp_path):
    model = _model()
    with Recorder(tmp_path / "r", model) as rec:
        with pytest.raises(ConfigError, match=r"shape \(8,\). Reduce it first"):
            rec.step(torch.ones(8))
        rec.step(torch.tensor(0.5))
        rec.step(torch.tensor(float("nan")))
        with pytest.warns(RuntimeWarning, match="found no gradients"):  # no backward
            rec.epoch()
        assert rec.status == "diverged"
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.status == "diverged"
        assert [d.rule for d in run.diagnostics()] == ["loss_not_finite"]
        assert np.isnan(run.steps["loss"][1])


def test_frozen_and_shared_parameters(tmp_path):
    torch.manual_seed(0)
    first, second = nn.Linear(4, 4), nn.Linear(4, 4)
    second.weight = first.weight  # tied: recorded once, with its first owner
    model = nn.Sequential(first, nn.Tanh(), second, nn.Linear(4, 2))
    model[3].requires_grad_(False)
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    with Recorder(tmp_path / "r", model, opt, probe=torch.randn(5, 4)) as rec:
        for _ in range(3):
            opt.zero_grad()
            loss = model(torch.randn(6, 4)).pow(2).mean()
            loss.backward()
            opt.step()
            rec.step(loss)
        rec.epoch()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        layers = run.config["network"]["layers"]
        assert run.config["network"]["format"] == "torch.module"
        assert [(cfg["name"], cfg["shared_with"]) for cfg in layers] == [
            ("0", None),
            ("2", "0"),
            ("3", None),
        ]
        assert layers[1]["weight_shape"] is None and layers[1]["bias_shape"] == [4]
        assert [cfg["trainable"] for cfg in layers] == [True, True, False]
        assert run.layout.size == 16 + 4 + 4 + 8 + 2
        snap = run.snapshot()
        assert snap.layers[2].norms["update_weights"] == 0
        assert snap.layers[2].norms["grad_weights"] == 0


TRAINER = textwrap.dedent(
    """
    import sys
    import torch
    from torch import nn
    from neuroglass.torch.recorder import Recorder

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    X = torch.randn(256, 10)
    y = X[:, :1]
    print("ready", flush=True)
    with Recorder(sys.argv[1], model, opt, probe=X[:32], flush_seconds=0) as rec:
        for epoch in range(100000):
            for i in range(0, 256, 32):
                opt.zero_grad()
                loss = (model(X[i:i + 32]) - y[i:i + 32]).pow(2).mean()
                loss.backward()
                opt.step()
                rec.step(loss)
            rec.epoch()
    """
)


def test_kill_9_keeps_every_committed_step_and_epoch(tmp_path, start_script):
    path = tmp_path / "live.ngrun"
    proc = start_script(TRAINER, path)
    try:
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with ng.open_run(path) as run:
                    if len(run.epochs) >= 3:
                        break
            except ng.RunFileError:
                pass
            time.sleep(0.05)
        time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    with ng.open_run(path) as run:
        assert run.status == "interrupted"
        epochs = run.epochs.tolist()
        assert len(epochs) >= 3 and epochs == list(range(len(epochs)))
        assert run.snapshot_epochs.tolist() == epochs
        steps = run.steps
        # flush_seconds=0: every step is committed as it is recorded
        assert steps["step"].tolist() == list(range(len(steps["step"])))
        assert len(steps["step"]) >= 8 * len(epochs)
        assert np.all(np.isfinite(steps["loss"]))
        assert run.snapshot().layers[0].weights.shape == (10, 32)
