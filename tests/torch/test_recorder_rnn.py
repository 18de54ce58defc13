"""Recurrent and other non-Linear layers in a PyTorch run (torch.modules and
the probe pass): GRU/LSTM biases (bias_ih_l0, bias_hh_l0) are biases, a
recurrent layer's n_out is its hidden size (not its gates' 3x/4x), Embedding,
LayerNorm and BatchNorm1d have their own sizes, the snapshot norms are the
modules' own, and a recurrent layer (a tuple output) gets unit statistics."""

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

import neuroglass as ng
from neuroglass.torch.modules import ModelView
from neuroglass.torch.recorder import Recorder


class Tagger(nn.Module):
    """Embedding -> GRU -> LayerNorm -> LSTM -> BatchNorm1d -> Linear."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(20, 6)
        self.gru = nn.GRU(6, 5, batch_first=True)
        self.norm = nn.LayerNorm(5)
        self.lstm = nn.LSTM(5, 4, batch_first=True)
        self.bn = nn.BatchNorm1d(4)
        self.fc = nn.Linear(4, 3)

    def forward(self, tokens):
        h, _ = self.gru(self.emb(tokens))
        h, _ = self.lstm(self.norm(h))
        return self.fc(self.bn(h[:, -1]))


#: (type, n_in, n_out, weight_shape, bias_shape) of each layer of Tagger
EXPECTED = {
    "emb": ("Embedding", 20, 6, [20, 6], None),
    "gru": ("GRU", 6, 5, [3 * 5 * 6 + 3 * 5 * 5], [2 * 3 * 5]),
    "norm": ("LayerNorm", 5, 5, [5], [5]),
    "lstm": ("LSTM", 5, 4, [4 * 4 * 5 + 4 * 4 * 4], [2 * 4 * 4]),
    "bn": ("BatchNorm1d", 4, 4, [4], [4]),
    "fc": ("Linear", 4, 3, [3, 4], [3]),
}


def test_layer_sizes_and_shapes_of_recurrent_and_norm_layers():
    torch.manual_seed(0)
    layers = ModelView(Tagger()).config()["layers"]
    got = {
        layer["name"]: (
            layer["type"],
            layer["n_in"],
            layer["n_out"],
            layer["weight_shape"],
            layer["bias_shape"],
        )
        for layer in layers
    }
    assert got == EXPECTED


@pytest.mark.parametrize(
    ("module", "sizes"),
    [
        (nn.LSTM(3, 4, bidirectional=True), (3, 8)),
        (nn.LSTM(3, 4, proj_size=2), (3, 2)),
        (nn.GRUCell(3, 5), (3, 5)),
        (nn.MultiheadAttention(8, 2), (8, 8)),
        (nn.LayerNorm((2, 6)), (6, 6)),
    ],
)
def test_sizes_of_other_layers(module, sizes):
    layer = ModelView(module).layers[0]
    assert (layer.n_in, layer.n_out) == sizes
    own = list(module.named_parameters(recurse=False))
    n_bias = sum(p.numel() for n, p in own if "bias" in n)
    n_weights = sum(p.numel() for n, p in own if "bias" not in n)
    assert n_bias and int(np.prod(layer.bias_shape)) == n_bias
    assert int(np.prod(layer.weight_shape)) == n_weights


def _norm(params) -> float:
    return float(torch.sqrt(sum((p.detach().double() ** 2).sum() for p in params)))


@pytest.fixture(scope="module")
def tagger_run(tmp_path_factory):
    torch.manual_seed(1)
    model = Tagger()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    tokens = torch.randint(0, 20, (16, 7))
    labels = torch.randint(0, 3, (16,))
    path = tmp_path_factory.mktemp("rnn") / "tagger.ngrun"
    with Recorder(path, model, optimizer=opt, probe=tokens[:8]) as rec:
        for _ in range(2):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(tokens), labels)
            loss.backward()
            opt.step()
            rec.step(loss)
            rec.epoch()
    return path, model, tokens[:8]


def test_snapshot_norms_are_the_modules_own(tagger_run):
    path, model, _ = tagger_run
    run = ng.open_run(path)
    snapshot = run.snapshot(run.snapshot_epochs[-1])
    modules = dict(model.named_modules())
    for layer in snapshot.layers:
        own = list(modules[layer.name].named_parameters(recurse=False))
        weights = [p for n, p in own if "bias" not in n]
        biases = [p for n, p in own if "bias" in n]
        assert layer.norms["weights"] == pytest.approx(_norm(weights), rel=1e-5)
        expected_bias = _norm(biases) if biases else 0.0
        assert layer.norms["bias"] == pytest.approx(expected_bias, rel=1e-5, abs=1e-9)
        if biases:  # the full arrays: the biases themselves, in order
            flat = torch.cat([b.detach().reshape(-1) for b in biases]).numpy()
            np.testing.assert_allclose(layer.bias, flat, rtol=1e-6)


def test_recurrent_layers_get_unit_statistics(tagger_run):
    path, model, probe = tagger_run
    run = ng.open_run(path)
    snapshot = run.snapshot(run.snapshot_epochs[-1])
    gru = next(layer for layer in snapshot.layers if layer.name == "gru")
    assert gru.units["mean"] is not None and gru.units["mean"].shape == (5,)
    model.eval()
    with torch.no_grad():
        sequence, _ = model.gru(model.emb(probe))
    model.train()
    expected = sequence.reshape(-1, 5).double().mean(0).numpy()
    np.testing.assert_allclose(gru.units["mean"], expected, rtol=1e-5, atol=1e-6)
    lstm = next(layer for layer in snapshot.layers if layer.name == "lstm")
    assert lstm.units["mean"] is not None and lstm.units["mean"].shape == (4,)


class Packed(nn.Module):
    """A GRU over a packed batch of sequences of different lengths."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 4, batch_first=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        lengths = torch.arange(len(x)) % x.shape[1] + 1
        packed = pack_padded_sequence(
            x, lengths, batch_first=True, enforce_sorted=False
        )
        _, hidden = self.gru(packed)
        return self.fc(hidden[-1])


def test_a_packed_sequence_output_gets_unit_statistics(tmp_path):
    torch.manual_seed(2)
    model = Packed()
    x = torch.randn(8, 5, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder(tmp_path / "packed.ngrun", model, optimizer=opt, probe=x) as rec:
        loss = model(x).pow(2).mean()
        loss.backward()
        opt.step()
        rec.step(loss)
        rec.epoch()
    snapshot = ng.open_run(tmp_path / "packed.ngrun").snapshot(0)
    assert snapshot.layers[0].units["mean"] is not None
    assert np.isfinite(snapshot.layers[0].units["mean"]).all()
