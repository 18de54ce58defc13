"""neuroglass.torch.Recorder used as a hostile user would: odd models (frozen,
unfrozen later, nested with F.relu, recurrent, embeddings, mixed dtypes,
wrapped), odd optimizers (several groups, partial, schedulers, gradient
accumulation, GradScaler, zero_grad before the recorder looks), odd values
given to rec.step and rec.epoch, odd moments (before any step, no epochs, the
file deleted, the disk full, an exception, Ctrl-C, a second process) and size
(a model above full_arrays_limit, 10,000 steps)."""

import math
import os
import sys
import textwrap
import time
import tracemalloc

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

import neuroglass as ng
from neuroglass.engine.errors import ConfigError
from neuroglass.recorder.store import RecorderError
from neuroglass.torch.recorder import _RECORDING, Recorder

#: many tests here record losses without a backward pass or an optimizer; the
#: warning that gradients are missing then is right, and has its own test
#: (pytest.warns sees it all the same)
pytestmark = pytest.mark.filterwarnings("ignore:.*found no gradients:RuntimeWarning")


def _mlp(seed=0, dtype=torch.float32):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)).to(dtype)


def _train(model, opt, rec, X, steps=3, after_step=None):
    for _ in range(steps):
        opt.zero_grad()
        loss = model(X).float().pow(2).mean()
        loss.backward()
        opt.step()
        if after_step is not None:
            after_step()
        rec.step(loss)


def _no_hooks(model, opt=None) -> bool:
    dicts = [
        value
        for module in model.modules()
        for name, value in vars(module).items()
        if name.endswith("_hooks") and isinstance(value, dict)
    ]
    if opt is not None:
        dicts += [v for n, v in vars(opt).items() if n.endswith("_hooks")]
    return not any(dicts)


X = torch.randn(8, 3, generator=torch.Generator().manual_seed(1))


# -- models ---------------------------------------------------------------------
def test_an_all_frozen_model_records_weights_and_no_gradients(tmp_path):
    model = _mlp().requires_grad_(False)
    with Recorder(tmp_path / "r", model, probe=X) as rec:
        rec.step(1.0)
        rec.epoch()  # no gradients to miss: no warning either
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.status == "finished"
        assert [c["trainable"] for c in run.config["network"]["layers"]] == [
            False,
            False,
        ]
        norms = run.snapshot().layers[0].norms
        assert norms["weights"] > 0 and norms["grad_weights"] == 0


def test_parameters_unfrozen_during_the_run_are_trainable_in_its_config(tmp_path):
    model = _mlp()
    model[0].requires_grad_(False)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder(tmp_path / "r", model, opt, probe=X) as rec:
        _train(model, opt, rec, X)
        rec.epoch()
        model[0].requires_grad_(True)  # unfrozen: it receives gradients from now
        _train(model, opt, rec, X)
        rec.epoch()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.config["network"]["layers"][0]["trainable"] is True
        assert run.snapshot(0).layers[0].norms["grad_weights"] == 0
        assert run.snapshot(1).layers[0].norms["grad_weights"] > 0
        assert run.snapshot(1).layers[0].norms["update_weights"] > 0


class _Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(3, 5)
        self.b = nn.Linear(5, 2)

    def forward(self, x):
        return self.b(F.relu(self.a(x)))


class _Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = _Block()
        self.head = nn.Linear(2, 1)

    def forward(self, x):
        return self.head(self.block(x))


def test_a_nested_module_using_functional_relu(tmp_path):
    """F.relu is no module: the layer's own output is measured, as "identity"
    (documented; dead units are seen only through activation modules)."""
    torch.manual_seed(0)
    model = _Nested()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    with Recorder(tmp_path / "r", model, opt, probe=X) as rec:
        _train(model, opt, rec, X)
        rec.epoch()
    assert _no_hooks(model, opt)
    with ng.open_run(tmp_path / "r.ngrun") as run:
        layers = run.config["network"]["layers"]
        assert [(c["name"], c["activation"]) for c in layers] == [
            ("block.a", "identity"),
            ("block.b", "identity"),
            ("head", "identity"),
        ]
        assert run.snapshot().layers[2].weights.shape == (1, 2)


class _Zoo(nn.Module):
    """Embedding, Conv1d, BatchNorm1d, LayerNorm, GRU, LSTM, Linear."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 6)
        self.conv = nn.Conv1d(6, 4, 3)
        self.bn = nn.BatchNorm1d(4)
        self.ln = nn.LayerNorm(4)
        self.gru = nn.GRU(4, 5, batch_first=True)
        self.lstm = nn.LSTM(5, 3, batch_first=True)
        self.out = nn.Linear(3, 2)

    def forward(self, x):
        h = self.bn(self.conv(self.emb(x).transpose(1, 2))).transpose(1, 2)
        h, _ = self.gru(self.ln(h))
        h, _ = self.lstm(h)
        return self.out(h[:, -1])


@pytest.mark.parametrize("limit", [100_000, 10])  # full arrays; statistics only
def test_embedding_conv1d_norms_and_recurrent_layers(tmp_path, limit):
    torch.manual_seed(0)
    model = _Zoo()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    tokens = torch.randint(0, 10, (8, 7), generator=torch.Generator().manual_seed(0))
    with Recorder(
        tmp_path / "r", model, opt, probe=tokens, full_arrays_limit=limit
    ) as rec:
        _train(model, opt, rec, tokens)
        rec.epoch()
    assert _no_hooks(model, opt)
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.status == "finished" and run.diagnostics() == []
        layers = run.config["network"]["layers"]
        names = ["emb", "conv", "bn", "ln", "gru", "lstm", "out"]
        assert [c["name"] for c in layers] == names
        assert run.layout.size == sum(p.numel() for p in model.parameters())
        snap = run.snapshot()
        for i, name in enumerate(names):
            grad = snap.layers[i].norms["grad_weights"]
            assert math.isfinite(grad) and grad > 0, name
        # the weight-ih/hh names are weights; each layer's norm is the model's
        gru = torch.cat([p.detach().reshape(-1) for p in model.gru.parameters()])
        gru_norms = snap.layers[4].norms
        total = math.hypot(gru_norms["weights"], gru_norms["bias"])
        assert total == pytest.approx(float(gru.norm()), rel=1e-5)


def test_meta_parameters_and_meta_losses_are_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"'meta' device.*to_empty"):
        Recorder(tmp_path / "a", nn.Linear(3, 2, device="meta"))
    with Recorder(tmp_path / "b", _mlp()) as rec:
        with pytest.raises(ConfigError, match="'meta' device: it has no value"):
            rec.step(torch.tensor(1.0, device="meta"))
        with pytest.raises(ConfigError, match="real number; got a complex"):
            rec.step(torch.tensor(1 + 2j))
        rec.step(1.0)
    with ng.open_run(tmp_path / "b.ngrun") as run:
        assert run.steps["loss"].tolist() == [1.0]


@pytest.mark.parametrize("dtype", [torch.float64, torch.bfloat16, torch.float16])
def test_float64_bfloat16_and_float16_models(tmp_path, dtype):
    model = _mlp(dtype=dtype)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder(tmp_path / "r", model, opt, probe=X) as rec:  # probe cast
        _train(model, opt, rec, X.to(dtype))
        rec.epoch()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        snap = run.snapshot()
        w = model[0].weight.detach().double().numpy()
        assert snap.layers[0].norms["weights"] == pytest.approx(np.linalg.norm(w))
        assert run.is_network == (dtype == torch.float64)
        if dtype == torch.float64:  # the engine's float64 network, exactly
            weights = run.network().layers[0].weights
            assert weights.dtype == np.float64
            np.testing.assert_array_equal(weights, w.T)


def test_a_data_parallel_model_is_recorded_as_the_module_inside(tmp_path):
    model = _mlp()
    wrapped = nn.DataParallel(model)
    opt = torch.optim.SGD(wrapped.parameters(), lr=0.1)
    with Recorder(tmp_path / "r", wrapped, opt, probe=X) as rec:
        _train(wrapped, opt, rec, X)
        rec.epoch()
    assert _no_hooks(wrapped, opt)
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.is_network  # the Sequential inside, not the wrapper
        assert [c["name"] for c in run.config["network"]["layers"]] == ["0", "2"]


# torch.compile imports TorchScript modules whose classes call
# torch.jit.script_method, which warns (DeprecationWarning, in torch 2.9+) from
# torch/jit/_script.py: torch's own code, nothing the Recorder calls. The
# message filter alone once let it through in a full tests/torch run, so every
# DeprecationWarning raised in that module is ignored here (by module name).
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:.*script_method. is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore::DeprecationWarning:torch.jit._script")
def test_a_torch_compiled_model(tmp_path):
    """torch.compile works on the CPU build (about 25 s to compile on 2 cores):
    the module inside is recorded; the probe pass runs it uncompiled."""
    model = _mlp()
    compiled = torch.compile(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder(tmp_path / "r", compiled, opt, probe=X) as rec:
        _train(compiled, opt, rec, X)
        rec.epoch()
    assert _no_hooks(model, opt)
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.is_network and run.snapshot().layers[0].norms["grad_weights"] > 0


# -- optimizers -----------------------------------------------------------------
def test_several_param_groups_their_lrs_and_the_lr_recorded(tmp_path):
    model = _mlp()
    opt = torch.optim.SGD(
        [
            {"params": model[0].parameters(), "lr": 0.1},
            {"params": model[2].parameters(), "lr": 0.01, "momentum": 0.9},
        ],
        lr=0.5,
    )
    with Recorder(tmp_path / "r", model, opt) as rec:
        _train(model, opt, rec, X)
        rec.epoch()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        config = run.config["optimizer"]
        assert config["param_groups"] == 2 and config["lr"] == 0.1
        assert config["group_lrs"] == [0.1, 0.01]
        assert config["not_optimized"] == []
        assert run.steps["lr"].tolist() == [0.1] * 3  # the first group's


def test_an_optimizer_that_holds_only_some_parameters(tmp_path):
    model = _mlp()
    opt = torch.optim.SGD(model[2].parameters(), lr=0.1)
    with Recorder(tmp_path / "r", model, opt) as rec:
        _train(model, opt, rec, X)
        rec.epoch()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.config["optimizer"]["not_optimized"] == ["0.weight", "0.bias"]
        first = run.snapshot().layers[0].norms
        assert first["grad_weights"] > 0 and first["update_weights"] == 0


def test_the_recorded_lr_is_the_one_the_step_used(tmp_path):
    """A scheduler stepped between opt.step() and rec.step(): the step's row
    and the epoch's keep the lr the optimizer used, not the next one."""
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    with Recorder(tmp_path / "r", model, opt) as rec:
        for _ in range(2):
            _train(model, opt, rec, X, steps=2, after_step=sched.step)
            rec.epoch()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.steps["lr"].tolist() == [1.0, 0.5, 0.25, 0.125]
        assert run.metrics()["lr"].tolist() == [0.5, 0.125]


def test_gradient_accumulation_records_the_optimizer_steps(tmp_path):
    """rec.step once per optimizer step (every k micro-batches): one loss row
    per optimizer step; the snapshot's gradient is the accumulated one the
    optimizer used (read in its step pre-hook), its update that step's."""
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    k = 4
    with Recorder(tmp_path / "r", model, opt) as rec:
        for i in range(2 * k):
            loss = model(X[i % 8 :][:4]).pow(2).mean()
            (loss / k).backward()
            if i % k == k - 1:
                accumulated = model[0].weight.grad.clone()
                before = model[0].weight.detach().clone()
                opt.step()
                opt.zero_grad()
                rec.step(loss)
        rec.epoch()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.steps["step"].tolist() == [0, 1]
        layer = run.snapshot().layers[0]
        np.testing.assert_allclose(layer.grad_weights, accumulated.numpy().T, rtol=1e-6)
        update = (model[0].weight.detach() - before).numpy().T
        np.testing.assert_allclose(layer.update_weights, update, rtol=1e-5, atol=1e-9)


def test_grad_scaler_gradients_are_recorded_unscaled(tmp_path):
    model, twin = _mlp(), _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    scaler = torch.amp.GradScaler("cpu", init_scale=1024.0)
    with Recorder(tmp_path / "r", model, opt) as rec:
        opt.zero_grad()
        loss = model(X).pow(2).mean()
        scaler.scale(loss).backward()
        scaler.step(opt)  # unscales, then steps
        scaler.update()
        rec.step(loss)
        rec.epoch()
    twin(X).pow(2).mean().backward()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        got = run.snapshot().layers[0].grad_weights
        np.testing.assert_allclose(got, twin[0].weight.grad.numpy().T, rtol=1e-5)


def test_zero_grad_before_the_recorder_looks(tmp_path):
    """With the optimizer, its pre-hook read the gradients before zero_grad;
    without it, the snapshot finds every .grad None and says so once."""
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    clear = lambda: opt.zero_grad(set_to_none=True)  # noqa: E731
    with Recorder(tmp_path / "with", model, opt) as rec:
        _train(model, opt, rec, X, after_step=clear)
        rec.epoch()
    with ng.open_run(tmp_path / "with.ngrun") as run:
        assert run.snapshot().layers[0].norms["grad_weights"] > 0
    with Recorder(tmp_path / "without", model) as rec:
        _train(model, opt, rec, X, after_step=clear)
        with pytest.warns(RuntimeWarning, match="no gradients at epoch 1.*optimizer"):
            rec.epoch()
        _train(model, opt, rec, X, after_step=clear)
        rec.epoch()  # said once


def test_rec_step_before_any_optimizer_step_and_epochs_without_steps(tmp_path):
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder(tmp_path / "r", model, opt, probe=X) as rec:
        rec.epoch()  # no steps at all
        rec.step(2.0)  # no optimizer step yet
        rec.epoch()
        _train(model, opt, rec, X)
        rec.epoch()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        metrics = run.metrics()
        assert np.isnan(metrics["loss"][0]) and metrics["loss"][1] == 2.0
        assert run.snapshot(1).layers[0].norms["update_weights"] == 0
        assert run.snapshot(2).layers[0].norms["update_weights"] > 0
        assert run.status == "finished"


def test_no_epochs_then_close(tmp_path):
    model = _mlp()
    rec = Recorder(tmp_path / "r", model, probe=X)
    rec.step(1.0)
    rec.close()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.status == "finished" and len(run.epochs) == 0
        assert run.steps["loss"].tolist() == [1.0]
        assert run.snapshot_epochs.tolist() == []


# -- values ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "loss, recorded",
    [
        (3, 3.0),
        (np.float32(0.5), 0.5),
        (np.int64(2), 2.0),
        (np.array(0.25), 0.25),
        (np.array([0.75]), 0.75),
        (torch.tensor([1.5]), 1.5),
        (torch.tensor(1, dtype=torch.int64), 1.0),
        (torch.tensor(0.5, dtype=torch.bfloat16), 0.5),
    ],
)
def test_rec_step_takes_numbers_and_one_element_tensors(tmp_path, loss, recorded):
    with Recorder(tmp_path / "r", _mlp()) as rec:
        rec.step(loss)
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.steps["loss"].tolist() == [recorded]


@pytest.mark.parametrize(
    "loss, message",
    [
        (torch.ones(2), r"shape \(2,\)\. Reduce it first"),
        ("1.0", r"got '1\.0' \(str\)"),
        (None, r"got None \(NoneType\)"),
        ([1.0], r"got \[1\.0\] \(list\)"),
        (True, r"got True \(bool\)"),
    ],
)
def test_rec_step_refuses_what_is_not_one_loss(tmp_path, loss, message):
    with Recorder(tmp_path / "r", _mlp()) as rec:
        with pytest.raises(ConfigError, match=message):
            rec.step(loss)


def test_a_loss_that_requires_grad_is_detached(tmp_path):
    model = _mlp()
    with Recorder(tmp_path / "r", model) as rec:
        loss = model(X).pow(2).mean()
        rec.step(loss)
        kept = rec._losses._values[0]
        assert not kept.requires_grad and kept.grad_fn is None
        loss.backward()  # the caller's graph is untouched


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_step_loss_diverges(tmp_path, bad):
    with Recorder(tmp_path / "r", _mlp()) as rec:
        rec.step(1.0)
        rec.step(bad)
        rec.epoch()
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.status == "diverged"
        assert [d.rule for d in run.diagnostics()] == ["loss_not_finite"]


def test_rec_epoch_metrics(tmp_path):
    with Recorder(tmp_path / "r", _mlp()) as rec:
        rec.step(1.0)
        with pytest.raises(ConfigError, match=r"val_accuracy=\.\.\.\) takes a number"):
            rec.epoch(val_accuracy="0.5")
        with pytest.raises(ConfigError, match=r"accuracy=50\.0\).*0\.5 if it is a per"):
            rec.epoch(accuracy=50)
        with pytest.raises(ConfigError, match=r"accuracy=-0\.1\).*between 0 and 1"):
            rec.epoch(val_accuracy=0.5, accuracy=-0.1)
        with pytest.raises(ConfigError, match=r"accuracy=1\.5\)"):
            rec.epoch(accuracy=torch.tensor(1.5))
        rec.epoch(val_loss=math.nan, accuracy=np.float32(0.5), val_accuracy=1.0)
        assert rec.status == "running"  # a NaN validation loss is recorded as it is
        rec.epoch(loss=math.inf)  # a given loss takes the divergence path
        assert rec.status == "diverged"
    with ng.open_run(tmp_path / "r.ngrun") as run:
        metrics = run.metrics()
        assert len(metrics) == 2 and np.isnan(metrics["val_loss"][0])
        assert metrics["accuracy"][0] == 0.5 and metrics["loss"][1] == math.inf
        assert run.status == "diverged"


# -- probes ---------------------------------------------------------------------
class _TwoInputs(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(3, 2)
        self.b = nn.Linear(4, 2)

    def forward(self, x, y):
        return torch.relu(self.a(x) + self.b(y))


def test_a_probe_of_the_wrong_shape_and_a_tuple_of_inputs(tmp_path):
    with pytest.raises(
        ConfigError, match=r"shape \(8, 5\) does not fit.*'0' is Linear with n_in=3"
    ):
        Recorder(tmp_path / "a", _mlp(), probe=torch.randn(8, 5))
    with pytest.raises(ConfigError, match=r"tuple of tensors.*got dict"):
        Recorder(tmp_path / "b", _mlp(), probe={"x": X})
    model = _TwoInputs()
    with pytest.raises(ConfigError, match=r"shapes \[\(8, 3\), \(5, 4\)\]"):
        Recorder(tmp_path / "c", model, probe=(X, torch.randn(5, 4)))
    with Recorder(tmp_path / "d", model, probe=(X, torch.randn(8, 4))) as rec:
        rec.epoch(loss=1.0)
    with Recorder(tmp_path / "e", _mlp(), probe=(X,)) as rec:  # one input
        rec.epoch(loss=1.0)
    assert not list(tmp_path.glob("[abc]*"))
    with ng.open_run(tmp_path / "d.ngrun") as run:
        for layer in run.snapshot().layers:  # both inputs went through
            assert np.isfinite(layer.units["mean"]).all()


# -- moments --------------------------------------------------------------------
def test_ctrl_c_inside_the_with_block(tmp_path):
    model = _mlp().eval()  # a model in eval mode stays in it
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    with (
        pytest.raises(KeyboardInterrupt),
        Recorder(tmp_path / "r", model, opt, probe=X) as rec,
    ):
        rec.step(1.0)
        rec.epoch()
        rec.step(2.0)
        raise KeyboardInterrupt
    assert _no_hooks(model, opt) and not model.training
    assert all(torch.equal(v, model.state_dict()[k]) for k, v in state.items())
    assert model not in _RECORDING
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.status == "interrupted"
        assert run.steps["loss"].tolist() == [1.0, 2.0]


def test_a_run_that_cannot_be_ended_does_not_hide_the_callers_error(tmp_path):
    """The caller's exception propagates, with the end's failure noted on it
    (before: the end's RecorderError replaced it, its context suppressed)."""
    model = _mlp()
    with pytest.raises(KeyError, match="the caller's") as caught:
        with Recorder(tmp_path / "r", model, probe=X) as rec:
            rec.epoch(loss=1.0)
            os.remove(rec.path)
            raise KeyError("the caller's")
    if sys.version_info >= (3, 11):
        assert "could not end the run" in caught.value.__notes__[0]
    assert _no_hooks(model) and model not in _RECORDING


def test_the_run_file_deleted_mid_run(tmp_path):
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    rec = Recorder(tmp_path / "r", model, opt, probe=X)
    _train(model, opt, rec, X)
    rec.epoch()
    os.remove(rec.path)
    _train(model, opt, rec, X)
    with pytest.raises(RecorderError, match=r"was deleted or replaced.*after epoch 1"):
        rec.epoch()
    with pytest.raises(RecorderError, match="deleted or replaced"):
        rec.close()
    assert _no_hooks(model, opt) and rec.status == "finished"
    assert not os.path.exists(rec.path)


def test_the_disk_full_mid_run(tmp_path):
    """SQLite's page limit makes the file full: the write error is raised at
    the epoch, the run keeps the epochs before, the model is let go."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(30, 40), nn.ReLU(), nn.Linear(40, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    X30 = torch.randn(16, 30)
    with pytest.raises(RecorderError, match="could not write to the run"):
        with Recorder(tmp_path / "r", model, opt, probe=X30) as rec:
            _train(model, opt, rec, X30)
            rec.epoch()
            con = rec._writer.con
            pages = con.execute("PRAGMA page_count").fetchone()[0]
            con.execute(f"PRAGMA max_page_count = {pages}")
            for _ in range(3):
                _train(model, opt, rec, X30)
                rec.epoch()
    assert _no_hooks(model, opt) and model not in _RECORDING
    with ng.open_run(tmp_path / "r.ngrun") as run:
        assert run.epochs.tolist() == [0]
        assert run.snapshot(0).layers[0].weights.shape == (30, 40)


def test_a_full_disk_is_refused_at_the_start(tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**9, 100))
    model = _mlp()
    with pytest.raises(RecorderError, match=r"needs about .* MB are free"):
        Recorder(tmp_path / "r", model, probe=X, epochs=10)
    assert list(tmp_path.iterdir()) == [] and model not in _RECORDING


HOLDER = textwrap.dedent(
    """
    import sys
    import torch
    from torch import nn
    from neuroglass.torch.recorder import Recorder

    with Recorder(sys.argv[1], nn.Linear(3, 2)) as rec:
        print("ready", flush=True)
        sys.stdin.readline()
    """
)


@pytest.mark.slow
def test_a_second_process_on_the_same_path_is_refused(tmp_path, start_script):
    path = tmp_path / "same.ngrun"
    proc = start_script(HOLDER, path, stdin=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(RecorderError, match="being written by another Recorder"):
            Recorder(path, _mlp(), overwrite=True)
        with pytest.raises(RecorderError, match="already exists"):
            Recorder(path, _mlp())
    finally:
        proc.communicate("\n", timeout=60)
    assert proc.returncode == 0
    with ng.open_run(path) as run:
        assert run.status == "finished"


# -- size -----------------------------------------------------------------------
def test_a_model_above_full_arrays_limit_is_copied_one_layer_at_a_time(tmp_path):
    """Only statistics are stored, and a snapshot's host memory is a few copies
    of the largest layer (before: about 20 copies of the whole model)."""
    torch.manual_seed(0)
    model = nn.Sequential(*[nn.Linear(100, 100) for _ in range(8)])
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    Xb = torch.randn(4, 100)
    n = sum(p.numel() for p in model.parameters())  # 80,800
    with Recorder(tmp_path / "r", model, opt, full_arrays_limit=1000) as rec:
        _train(model, opt, rec, Xb, steps=1)
        tracemalloc.start()
        rec.epoch()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 0.3 * n * 8 * 3, peak  # under a third of the float64 stack
    with ng.open_run(tmp_path / "r.ngrun") as run:
        snap = run.snapshot()
        assert snap.params is None
        w = model[7].weight.detach().double().numpy()
        assert snap.layers[7].stats["weights"]["norm"] == pytest.approx(
            np.linalg.norm(w), rel=1e-6
        )


@pytest.mark.timing
def test_ten_thousand_steps_file_size_and_read_time(tmp_path):
    losses = torch.rand(10_000, generator=torch.Generator().manual_seed(0))
    with Recorder(tmp_path / "r", _mlp(), epochs=10) as rec:
        for epoch in range(10):
            for loss in losses[epoch * 1000 : (epoch + 1) * 1000]:
                rec.step(loss)
            rec.epoch()
    size = os.path.getsize(tmp_path / "r.ngrun")
    assert size < 1_000_000, size  # about 48 bytes a step
    started = time.perf_counter()
    run = ng.open_run(tmp_path / "r.ngrun")
    metrics, steps = run.metrics(), run.steps
    elapsed = time.perf_counter() - started
    run.close()
    assert len(metrics) == 10 and len(steps["loss"]) == 10_000
    np.testing.assert_allclose(steps["loss"], losses.double().numpy(), rtol=1e-7)
    assert elapsed < 1.0, elapsed
