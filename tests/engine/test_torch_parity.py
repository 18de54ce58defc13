"""Same weights, same batch: neuroglass and PyTorch autograd must agree."""

import numpy as np
import pytest

import neuroglass as ng

torch = pytest.importorskip("torch", reason="PyTorch is the test oracle (dev extra)")

TORCH_ACT = {
    "identity": lambda: torch.nn.Identity(),
    "sigmoid": lambda: torch.nn.Sigmoid(),
    "tanh": lambda: torch.nn.Tanh(),
    "relu": lambda: torch.nn.ReLU(),
    "leaky_relu": lambda: torch.nn.LeakyReLU(0.01),
    "elu": lambda: torch.nn.ELU(1.0),
    "softplus": lambda: torch.nn.Softplus(),
    "gelu": lambda: torch.nn.GELU(approximate="tanh"),
    "swish": lambda: torch.nn.SiLU(),
}


def torch_model(net):
    """A torch.nn.Sequential with the network's exact weights (float64)."""
    modules = []
    for layer in net.layers:
        linear = torch.nn.Linear(layer.n_in, layer.n_out).double()
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.weights.T.astype(np.float64)))
            linear.bias.copy_(torch.from_numpy(layer.bias.astype(np.float64)))
        modules.append(linear)
        name = layer.activation_name
        is_fused = layer is net.layers[-1] and net.loss_fn.name != "mse"
        if not is_fused:
            modules.append(
                torch.nn.Softmax(dim=1) if name == "softmax" else TORCH_ACT[name]()
            )
    return torch.nn.Sequential(*modules)


def torch_loss(net, output, y):
    if net.loss_fn.name == "mse":
        target = torch.from_numpy(np.asarray(y, np.float64).reshape(output.shape))
        return torch.nn.functional.mse_loss(output, target)
    if net.loss_fn.name == "bce":
        target = torch.from_numpy(np.asarray(y, np.float64).reshape(output.shape))
        return torch.nn.functional.binary_cross_entropy_with_logits(output, target)
    return torch.nn.functional.cross_entropy(output, torch.from_numpy(y))


def torch_grads(model):
    grads = []
    for module in model:
        if isinstance(module, torch.nn.Linear):
            grads += [module.weight.grad.numpy().T, module.bias.grad.numpy()]
    return grads


def batch(rng, n_in, n_out, loss, n=16):
    X = rng.normal(size=(n, n_in)) * 2
    if loss == "mse":
        return X, rng.normal(size=(n, n_out))
    if loss == "bce":
        return X, rng.integers(0, 2, size=(n, n_out)).astype(np.float64)
    return X, rng.integers(0, n_out, size=n)


@pytest.mark.parametrize("activation", list(TORCH_ACT))
@pytest.mark.parametrize(
    ("loss", "output", "n_out"),
    [("mse", "identity", 2), ("bce", "sigmoid", 1), ("cross_entropy", "softmax", 4)],
)
def test_loss_and_gradients_match(activation, loss, output, n_out, rng):
    net = ng.mlp(
        [3, 7, 5, n_out], activation=activation, output=output, loss=loss, seed=11
    )
    X, y = batch(rng, 3, n_out, loss)
    net.forward(X)
    grads = net.backward(y)
    model = torch_model(net)
    out = model(torch.from_numpy(X))
    expected = torch_loss(net, out, y)
    expected.backward()
    np.testing.assert_allclose(net.last_loss, expected.item(), rtol=1e-6)
    np.testing.assert_allclose(
        net.layers[-1].pre_activation if loss != "mse" else net.layers[-1].activation,
        out.detach().numpy(),
        rtol=1e-6,
        atol=1e-12,
    )
    for ours, theirs in zip([g for pair in grads for g in pair], torch_grads(model)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-12)


def test_softmax_output_under_mse_matches(rng):
    net = ng.mlp([3, 5, 4], activation="tanh", output="softmax", loss="mse", seed=2)
    X, y = batch(rng, 3, 4, "mse")
    net.forward(X)
    grads = net.backward(y)
    model = torch_model(net)
    expected = torch_loss(net, model(torch.from_numpy(X)), y)
    expected.backward()
    np.testing.assert_allclose(net.last_loss, expected.item(), rtol=1e-6)
    for ours, theirs in zip([g for pair in grads for g in pair], torch_grads(model)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-12)


def test_extreme_logits_stay_finite_and_match(rng):
    """Logits of +-1000: finite loss and gradients, equal to torch's."""
    for loss, output, n_out in [("bce", "sigmoid", 1), ("cross_entropy", "softmax", 3)]:
        net = ng.mlp([2, n_out], output=output, loss=loss, seed=0)
        net.layers[0].weights = np.full((2, n_out), 500.0) * np.array(
            [1.0, -1.0, 1.0][:n_out]
        )
        X = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, 0.0]])
        y = np.array([0, 1, 0]) if n_out > 1 else np.array([0.0, 1.0, 0.0])
        net.forward(X)
        grads = net.backward(y)
        assert np.isfinite(net.last_loss)
        assert np.abs(net.layers[0].pre_activation).max() >= 999
        model = torch_model(net)
        expected = torch_loss(net, model(torch.from_numpy(X)), y)
        expected.backward()
        np.testing.assert_allclose(net.last_loss, expected.item(), rtol=1e-6)
        for ours, theirs in zip(
            [g for pair in grads for g in pair], torch_grads(model)
        ):
            assert np.all(np.isfinite(ours))
            np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-12)


OPTIMIZERS = [
    (lambda: ng.SGD(lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    (
        lambda: ng.Momentum(lr=0.05, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    ),
    (
        lambda: ng.Momentum(lr=0.05, momentum=0.8, nesterov=True),
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True),
    ),
    (
        lambda: ng.RMSProp(lr=0.01, rho=0.9, eps=1e-8),
        lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8),
    ),
    (lambda: ng.Adam(lr=0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
]


@pytest.mark.parametrize(
    ("ours", "theirs"),
    OPTIMIZERS,
    ids=["sgd", "momentum", "nesterov", "rmsprop", "adam"],
)
def test_ten_steps_match(ours, theirs, rng):
    """Full training steps through fit(): same weights after 10 updates."""
    net = ng.mlp([4, 8, 6, 3], activation="tanh", loss="cross_entropy", seed=5)
    X, y = batch(rng, 4, 3, "cross_entropy", n=40)
    model = torch_model(net)
    opt = theirs(model.parameters())
    Xt = torch.from_numpy(X)
    for step in range(10):
        rows = slice(4 * step, 4 * step + 4)
        opt.zero_grad()
        torch_loss(net, model(Xt[rows]), y[rows]).backward()
        opt.step()
    net.fit(X, y, epochs=1, batch_size=4, optimizer=ours(), shuffle=False)
    expected = [g.detach().numpy() for g in model.parameters()]
    for layer, (w, b) in zip(net.layers, zip(expected[::2], expected[1::2])):
        np.testing.assert_allclose(layer.weights, w.T, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(layer.bias, b, rtol=1e-6, atol=1e-10)


def test_float32_forward_matches_float64_closely(rng):
    net64 = ng.mlp([5, 16, 3], activation="relu", loss="cross_entropy", seed=0)
    net32 = ng.Network.from_config(
        dict(net64.config(), dtype="float32"), net64.parameters_vector()
    )
    X = rng.normal(size=(32, 5))
    out32 = net32.predict(X)
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, net64.predict(X), rtol=1e-4, atol=1e-6)


REGULARIZATION = [{}, {"l2": 0.05}, {"clip_norm": 0.1}, {"l1": 0.01, "l2": 0.05}]


@pytest.mark.parametrize("options", REGULARIZATION, ids=repr)
@pytest.mark.parametrize(
    ("ours", "theirs"), [OPTIMIZERS[0], OPTIMIZERS[-1]], ids=["sgd", "adam"]
)
def test_trainer_steps_match_autograd_and_torch_optim(ours, theirs, options, rng):
    """The path fit() and ng.Trainer run (per-layer updates inside the backward
    pass; whole-gradient clipping): gradients and weights after each step."""
    net = ng.mlp([4, 8, 6, 3], activation="tanh", loss="cross_entropy", seed=5)
    X, y = batch(rng, 4, 3, "cross_entropy", n=24)
    model = torch_model(net)
    opt = theirs(model.parameters())
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    trainer = ng.Trainer(
        net, X, y, epochs=1, batch_size=8, optimizer=ours(), shuffle=False, **options
    )
    Xt = torch.from_numpy(X)
    for step in range(3):
        rows = slice(8 * step, 8 * step + 8)
        opt.zero_grad()
        loss = torch_loss(net, model(Xt[rows]), y[rows])
        loss = loss + sum(
            options.get("l1", 0) * w.abs().sum()
            + options.get("l2", 0) / 2 * (w**2).sum()
            for w in weights
        )
        loss.backward()
        if "clip_norm" in options:
            norm = torch.sqrt(sum((p.grad**2).sum() for p in model.parameters()))
            assert norm > options["clip_norm"]  # the clipping is exercised
            for p in model.parameters():
                p.grad *= options["clip_norm"] / norm
        grads = [g.copy() for g in torch_grads(model)]
        opt.step()
        info = trainer.step()
        np.testing.assert_allclose(info.loss, loss.item(), rtol=1e-9)
        for ours_grad, theirs_grad in zip(net.gradients(), grads, strict=True):
            np.testing.assert_allclose(ours_grad, theirs_grad, rtol=1e-6, atol=1e-12)
        expected = [p.detach().numpy() for p in model.parameters()]
        for layer, w, b in zip(net.layers, expected[::2], expected[1::2], strict=True):
            np.testing.assert_allclose(layer.weights, w.T, rtol=1e-6, atol=1e-10)
            np.testing.assert_allclose(layer.bias, b, rtol=1e-6, atol=1e-10)
    assert trainer.status == "finished"
