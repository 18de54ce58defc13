"""ng.from_torch / net.to_torch: the same function both ways, exact round
trips, the loss pairing, clear errors, and training that goes on in PyTorch."""

import itertools
import subprocess
import sys

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import neuroglass as ng
from neuroglass.engine.activations import ACTIVATIONS
from neuroglass.engine.errors import ConfigError
from neuroglass.torch.convert import from_torch, to_torch, torch_loss

TOLERANCE = {"float32": 1e-6, "float64": 1e-12}
HIDDEN = [name for name, act in ACTIVATIONS.items() if not act.output_only]


def _outputs(model, net, x):
    with torch.no_grad():
        ours = net.predict(x)
        theirs = model(torch.from_numpy(x)).numpy()
    return ours, theirs


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("activation", HIDDEN)
def test_every_engine_activation_converts_both_ways(activation, dtype):
    net = ng.mlp([3, 5, 4, 2], activation=activation, seed=1, dtype=dtype)
    model = to_torch(net)
    x = np.random.default_rng(0).normal(size=(16, 3)).astype(dtype)
    ours, theirs = _outputs(model, net, x)
    assert theirs.dtype == np.dtype(dtype)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=TOLERANCE[dtype])
    back = from_torch(model)
    assert [layer.activation_name for layer in back.layers] == [
        activation,
        activation,
        "identity",
    ]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_softmax_output_agrees(dtype):
    net = ng.mlp([4, 6, 3], output="softmax", loss="cross_entropy", seed=2, dtype=dtype)
    model = to_torch(net)
    assert isinstance(model[-1], nn.Softmax)
    x = np.random.default_rng(1).normal(size=(10, 4)).astype(dtype)
    ours, theirs = _outputs(model, net, x)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=TOLERANCE[dtype])


_TORCH_ACTIVATIONS = [
    nn.ReLU,
    nn.Tanh,
    nn.Sigmoid,
    nn.SiLU,
    lambda: nn.LeakyReLU(0.01),
    nn.ELU,
    nn.Softplus,
    lambda: nn.GELU(approximate="tanh"),
    nn.Identity,
    None,
]


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 7), min_size=2, max_size=5),
    picks=st.lists(st.integers(0, len(_TORCH_ACTIVATIONS) - 1), min_size=4, max_size=4),
    bias=st.booleans(),
    seed=st.integers(0, 2**16),
    double=st.booleans(),
)
def test_random_torch_models_compute_the_same(sizes, picks, bias, seed, double):
    torch.manual_seed(seed)
    modules = []
    for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        modules.append(nn.Linear(n_in, n_out, bias=bias))
        factory = _TORCH_ACTIVATIONS[picks[i]]
        if factory is not None:
            modules.append(factory())
    model = nn.Sequential(*modules)
    dtype = "float64" if double else "float32"
    model = model.double() if double else model
    net = from_torch(model)
    assert net.dtype.name == dtype and net.sizes == sizes
    x = np.random.default_rng(seed).normal(size=(8, sizes[0])).astype(dtype)
    ours, theirs = _outputs(model, net, x)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=TOLERANCE[dtype])


@pytest.mark.parametrize(
    ("loss", "output", "logits"),
    [
        ("cross_entropy", "softmax", False),
        ("cross_entropy", "softmax", True),
        ("bce", "sigmoid", False),
        ("bce", "sigmoid", True),
        ("mse", "sigmoid", False),
        ("mse", "identity", False),
    ],
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_round_trip_is_exact(loss, output, logits, dtype):
    net = ng.mlp([3, 4, 3], activation="elu", output=output, loss=loss, seed=3)
    net = ng.Network.from_config(
        {**net.config(), "dtype": dtype}, net.parameters_vector()
    )
    back = from_torch(to_torch(net, logits=logits), loss=loss)
    assert back.sizes == net.sizes and back.dtype == net.dtype
    assert back.loss_fn.name == loss
    assert [la.activation_name for la in back.layers] == [
        la.activation_name for la in net.layers
    ]
    np.testing.assert_array_equal(back.parameters_vector(), net.parameters_vector())


def test_weights_are_transposed_and_copied():
    model = nn.Sequential(nn.Linear(2, 3))
    net = from_torch(model)
    np.testing.assert_array_equal(net.layers[0].weights, model[0].weight.detach().T)
    net.layers[0].weights[...] = 0  # the model is not changed
    assert model[0].weight.abs().sum() > 0
    copy = to_torch(net)
    copy[0].weight.data.fill_(1.0)  # nor the network
    assert not net.layers[0].weights.any()


def test_logits_model_with_its_torch_loss_appends_the_activation():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    net = from_torch(model, loss=nn.CrossEntropyLoss())
    assert net.layers[-1].activation_name == "softmax"
    x = torch.randn(5, 4)
    with torch.no_grad():
        expected = torch.softmax(model(x), dim=1).numpy()
    np.testing.assert_allclose(net.predict(x.numpy()), expected, atol=1e-6)
    binary = from_torch(nn.Sequential(nn.Linear(4, 1)), loss=nn.BCEWithLogitsLoss())
    assert (binary.loss_fn.name, binary.layers[-1].activation_name) == (
        "bce",
        "sigmoid",
    )
    assert from_torch(nn.Sequential(nn.Linear(4, 1), nn.Sigmoid()), nn.BCELoss())


def test_loss_is_inferred_from_the_output():
    def loss_of(*modules):
        return from_torch(nn.Sequential(nn.Linear(3, 2), *modules)).loss_fn.name

    assert loss_of(nn.Softmax(dim=1)) == "cross_entropy"
    assert loss_of(nn.Sigmoid()) == "bce"
    assert loss_of(nn.Tanh()) == "mse"
    assert loss_of() == "mse"


@pytest.mark.parametrize(
    ("model", "loss", "words"),
    [
        (
            nn.Sequential(nn.Linear(3, 2), nn.Softmax(dim=1)),
            nn.CrossEntropyLoss(),
            ["CrossEntropyLoss applies softmax", "already ends in 'softmax'"],
        ),
        (
            nn.Sequential(nn.Linear(3, 2)),
            nn.CrossEntropyLoss(label_smoothing=0.1),
            ["plain means"],
        ),
        (nn.Sequential(nn.Linear(3, 2)), nn.MSELoss(reduction="sum"), ["plain means"]),
        (nn.Sequential(nn.Linear(3, 2)), nn.L1Loss(), ["no neuroglass counterpart"]),
        (nn.Sequential(nn.Linear(3, 2), nn.Tanh()), "cross_entropy", ["softmax"]),
    ],
)
def test_bad_loss_pairings_are_refused(model, loss, words):
    with pytest.raises(ConfigError) as info:
        from_torch(model, loss=loss)
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize(
    ("modules", "words"),
    [
        (
            [nn.Linear(3, 4), nn.ReLU(), nn.Conv2d(1, 2, 3)],
            ["position 2", "Conv2d", "Supported: Linear", "SiLU"],
        ),
        ([nn.Linear(3, 4), nn.LeakyReLU(0.2)], ["position 1", "0.01"]),
        ([nn.Linear(3, 4), nn.GELU()], ["approximate='tanh'"]),
        ([nn.Linear(3, 4), nn.Softplus(beta=2)], ["Softplus"]),
        ([nn.ReLU(), nn.Linear(3, 4)], ["position 0", "follows the input"]),
        ([nn.Linear(3, 4), nn.ReLU(), nn.Tanh()], ["follows another activation"]),
        ([nn.Linear(3, 4), nn.Softmax(dim=1), nn.Linear(4, 2)], ["output layer only"]),
        ([nn.Linear(3, 4), nn.Flatten()], ["position 1", "Flatten (first)"]),
        ([nn.Dropout()], ["no Linear layer"]),
        ([], ["no Linear layer"]),
    ],
)
def test_unsupported_modules_are_named(modules, words):
    with pytest.raises(ConfigError) as info:
        from_torch(nn.Sequential(*modules))
    for word in words:
        assert word in str(info.value)


def test_only_sequentials_are_converted():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 2)

    with pytest.raises(ConfigError, match=r"nn.Sequential.*got Net"):
        from_torch(Net())
    with pytest.raises(ConfigError, match="got Network"):
        from_torch(ng.mlp([2, 1]))
    with pytest.raises(ConfigError, match="got Sequential"):
        to_torch(nn.Sequential(nn.Linear(2, 2)))


def test_flatten_first_dropout_nested_and_no_bias():
    torch.manual_seed(1)
    model = nn.Sequential(
        nn.Flatten(),
        nn.Sequential(nn.Linear(6, 5, bias=False), nn.Tanh(), nn.Dropout(0.5)),
        nn.Linear(5, 2),
    ).eval()
    net = from_torch(model)
    assert net.sizes == [6, 5, 2]
    assert not net.layers[0].bias.any()
    x = torch.randn(4, 2, 3)
    with torch.no_grad():
        expected = model(x).numpy()
    np.testing.assert_allclose(
        net.predict(x.reshape(4, 6).numpy()), expected, atol=1e-6
    )


def test_tensors_off_the_cpu_or_of_other_dtypes_are_refused():
    with pytest.raises(ConfigError, match=r"'0.weight' is on device meta.*load"):
        from_torch(nn.Sequential(nn.Linear(2, 3, device="meta")))
    with pytest.raises(ConfigError, match=r"float16.*model.float"):
        from_torch(nn.Sequential(nn.Linear(2, 3)).half())
    mixed = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1).double())
    with pytest.raises(ConfigError, match=r"float32, torch.float64"):
        from_torch(mixed)


def test_to_torch_dtype_and_its_errors():
    net = ng.mlp([2, 3, 1], seed=0)
    assert to_torch(net)[0].weight.dtype == torch.float64
    assert to_torch(net, "float32")[0].weight.dtype == torch.float32
    assert to_torch(net, torch.float32)[0].weight.dtype == torch.float32
    with pytest.raises(ConfigError, match=r"got torch.float16"):
        to_torch(net, torch.float16)
    with pytest.raises(ConfigError, match=r"logits=True.*'mse'"):
        to_torch(net, logits=True)


def test_top_level_names():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    net = ng.from_torch(model)
    assert isinstance(net, ng.Network)
    again = net.to_torch()
    assert isinstance(again, nn.Sequential) and len(again) == 3


@pytest.mark.parametrize(
    ("loss", "output", "y"),
    [
        ("cross_entropy", "softmax", np.array([0, 2, 1, 1, 0, 2])),
        ("bce", "sigmoid", np.array([[0.0], [1], [1], [0], [1], [0]])),
        ("mse", "identity", np.linspace(-1, 1, 6)[:, None]),
    ],
)
def test_training_continues_in_torch_as_in_the_engine(loss, output, y):
    n_out = 3 if loss == "cross_entropy" else 1
    net = ng.mlp([4, 5, n_out], activation="tanh", output=output, loss=loss, seed=4)
    X = np.random.default_rng(5).normal(size=(6, 4))
    model = to_torch(net, logits=loss != "mse")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.3)
    target = torch.from_numpy(y if loss != "cross_entropy" else y.astype(np.int64))
    torch_loss(net)(model(torch.from_numpy(X)), target).backward()
    optimizer.step()

    ng.Trainer(net, X, y, epochs=1, batch_size=6, lr=0.3, shuffle=False).step()
    after = from_torch(model, loss=loss)
    np.testing.assert_allclose(
        after.parameters_vector(), net.parameters_vector(), rtol=0, atol=1e-12
    )


_BLOCKED = """
import sys
sys.modules["torch"] = None  # as if PyTorch were not installed
import neuroglass as ng
net = ng.mlp([2, 3, 1], seed=0)
print("torch" in sys.modules and sys.modules["torch"] is not None)
for attempt in ("import neuroglass.torch", "ng.from_torch", "net.to_torch()"):
    try:
        exec(attempt)
    except ImportError as exc:
        print(type(exc).__name__, "|", exc)
"""


def test_neuroglass_imports_without_torch_and_the_bridge_says_why():
    out = subprocess.run(
        [sys.executable, "-c", _BLOCKED], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "False"
    assert len(out) == 4
    for line in out[1:]:
        assert "neuroglass.torch needs PyTorch" in line
        assert "pip install 'neuroglass[torch]'" in line


def test_importing_neuroglass_does_not_load_torch():
    code = "import sys, neuroglass as ng; ng.mlp([2, 1]); print('torch' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
