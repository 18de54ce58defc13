"""ng.plot.history of a run whose first epoch has not ended: the step losses
are the curve (a PyTorch run records steps before any rec.epoch())."""

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

import neuroglass as ng

torch = pytest.importorskip("torch")
ngt = pytest.importorskip("neuroglass.torch")


def _steps_only_run(path, n_steps):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh())
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(8, 2)
    with ngt.Recorder(path, model, optimizer=opt) as rec:
        for _ in range(n_steps):
            opt.zero_grad()
            loss = model(x).pow(2).mean()
            loss.backward()
            opt.step()
            rec.step(loss)
    return ng.open_run(path)


def test_a_run_with_steps_and_no_epoch_draws_its_step_losses(tmp_path):
    with _steps_only_run(tmp_path / "steps.ngrun", 5) as run:
        ax = ng.plot.history(run)
        lines = {line.get_gid(): line for line in ax.get_lines()}
        assert set(lines) == {"steps"}
        assert len(lines["steps"].get_ydata()) == 5
        assert np.all(np.isfinite(lines["steps"].get_ydata()))
        with pytest.raises(ValueError, match="no finished epoch yet"):
            ng.plot.history(run, metric="accuracy")


def test_a_run_with_nothing_yet_says_so(tmp_path):
    with _steps_only_run(tmp_path / "empty.ngrun", 0) as run:
        with pytest.raises(ValueError, match=r"no finished epoch yet.*step losses"):
            ng.plot.history(run)
