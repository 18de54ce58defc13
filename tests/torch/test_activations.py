"""torch/activations.py: the one table of activation modules, read by the
conversion and by the recorder's MLP-shaped check alike."""

import pytest
import torch
from torch import nn

from neuroglass.engine.errors import ConfigError
from neuroglass.torch.activations import activation_kind, engine_activation
from neuroglass.torch.convert import from_torch
from neuroglass.torch.modules import ModelView

MODULES = [
    (nn.ReLU(), "relu", "relu"),
    (nn.Tanh(), "tanh", "tanh"),
    (nn.Identity(), "identity", "identity"),
    (nn.Softplus(), "softplus", "softplus"),
    # torch switches to x past the threshold: past 20 that is log1p(exp(x)) to
    # float precision, so the engine computes it (once 20 was exact, 30 not)
    (nn.Softplus(threshold=30), "softplus", "softplus"),
    (nn.Softplus(beta=2), None, "softplus"),
    (nn.GELU(), None, "gelu"),
    (nn.GELU(approximate="tanh"), "gelu", "gelu"),
    (nn.LeakyReLU(0.2), None, "leaky_relu"),
    (nn.ELU(), "elu", "elu"),
    (nn.Hardtanh(), None, None),
]


@pytest.mark.parametrize(("module", "exact", "kind"), MODULES, ids=repr)
def test_the_recorder_and_the_conversion_read_one_table(module, exact, kind):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), module, nn.Linear(4, 2))
    assert engine_activation(module) == exact
    assert activation_kind(module) == kind
    # MLP-shaped for the recorder exactly when from_torch converts it
    assert ModelView(model).mlp == (exact is not None)
    if exact is None:
        with pytest.raises(ConfigError):
            from_torch(model)
    else:
        x = torch.randn(5, 3)
        net = from_torch(model)
        got = net.predict(x.numpy())
        assert abs(got - model(x).detach().numpy()).max() < 1e-5
