"""The gradient-flow figure counts a convolution's weights as its kernels
(out x in x kh x kw), not n_in * n_out, so its RMS line is right on CNN runs."""

import math

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

import neuroglass as ng

torch = pytest.importorskip("torch")
ngt = pytest.importorskip("neuroglass.torch")


def test_conv_layers_count_their_kernels(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(4 * 5 * 5, 3),
    )
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(6, 1, 5, 5), torch.tensor([0, 1, 2, 0, 1, 2])
    path = tmp_path / "cnn.ngrun"
    with ngt.Recorder(path, model, optimizer=opt, probe=x) as rec:
        for _ in range(2):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            rec.step(loss)
            rec.epoch()
    with ng.open_run(path) as run:
        data = ng.plot.gradient_flow_data(run)
        shapes = [layer["weight_shape"] for layer in run.config["network"]["layers"]]
        assert data["size"].tolist() == [math.prod(shape) for shape in shapes]
        assert data["size"].tolist() == [36, 300]
        np.testing.assert_allclose(data["rms"], data["norm"] / np.sqrt([36, 300]))
        ng.plot.gradient_flow(run)  # draws
