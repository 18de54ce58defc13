"""The layer graph: a recorded PyTorch model that is not MLP-shaped drawn as
its modules in order, with sizes; ng.plot.network draws it for such runs."""

from types import SimpleNamespace

import numpy as np
import pytest

from neuroglass.engine.errors import ConfigError
from neuroglass.views.figures.layer_graph import (
    layer_graph_data,
    parse_module_tree,
    plot_layer_graph,
)
from neuroglass.views.figures.network import network_data, plot_network

TREE = """Net(
  (features): Sequential(
    (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (1): ReLU(inplace=True)
    (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
    (3): Conv2d(8, 16, kernel_size=(5, 3), stride=(2, 2))
  )
  (blocks): ModuleList(
    (0-1): 2 x Linear(in_features=4, out_features=4, bias=True)
  )
  (drop): Dropout(p=0.25, inplace=False)
  (norm): BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True)
  (head): Linear(in_features=4, out_features=10, bias=False)
)"""


def _layer(name, kind, n_in, n_out, weight_shape, bias_shape, **extra):
    return {
        "name": name,
        "type": kind,
        "n_in": n_in,
        "n_out": n_out,
        "activation": "identity",
        "weight_shape": weight_shape,
        "bias_shape": bias_shape,
        "trainable": True,
        "shared_with": None,
        **extra,
    }


LAYERS = [
    _layer("features.0", "Conv2d", 1, 8, [8, 1, 3, 3], [8], output_shape=[8, 8, 8]),
    _layer("features.3", "Conv2d", 8, 16, [16, 8, 5, 3], [16]),
    _layer("blocks.0", "Linear", 4, 4, [4, 4], [4], trainable=False),
    _layer("blocks.1", "Linear", 4, 4, [4, 4], [4], shared_with="blocks.0"),
    _layer("norm", "BatchNorm1d", 4, 4, [4], [4]),
    _layer("head", "Linear", 4, 10, [10, 4], None),
]
NETWORK = {"format": "torch.module", "module": TREE, "n_params": 1234, "layers": LAYERS}


def test_the_printed_tree_is_read_in_order():
    leaves = parse_module_tree(TREE)
    assert [name for name, *_ in leaves] == [
        "features.0",
        "features.1",
        "features.2",
        "features.3",
        "blocks.0",
        "blocks.1",
        "drop",
        "norm",
        "head",
    ]
    assert leaves[2][1] == "MaxPool2d" and leaves[5][1] == "Linear"
    assert parse_module_tree("Linear(in_features=2, out_features=3, bias=True)") == [
        ("", "Linear", "in_features=2, out_features=3, bias=True")
    ]
    assert parse_module_tree(TREE[:200] + "\n...") is None  # cut short
    assert parse_module_tree("Net(\n  something odd\n)") is None
    assert parse_module_tree("") is None


def test_boxes_say_type_sizes_and_parameters():
    data = layer_graph_data(NETWORK)
    assert data["from_tree"] and data["model"] == "Net" and data["n_params"] == 1234
    labels = [box["label"] for box in data["boxes"]]
    assert labels == [
        "Conv2d 1→8, 3×3, pad 1",
        "ReLU  ·  'features.1'",
        "MaxPool2d 2×2  ·  'features.2'",
        "Conv2d 8→16, 5×3, stride 2",
        "Linear 4→4",
        "Linear 4→4",
        "Dropout p=0.25  ·  'drop'",
        "BatchNorm1d 4",
        "Linear 4→10",
    ]
    notes = [box["notes"] for box in data["boxes"]]
    assert notes[0] == "'features.0' · 80 params · out 8×8×8"
    assert notes[4] == "'blocks.0' · 20 params · frozen"
    assert notes[5] == "'blocks.1' · 0 params · shares 'blocks.0'"
    assert notes[8] == "'head' · 40 params"
    kinds = [box["kind"] for box in data["boxes"]]
    assert kinds[:4] == ["conv", "activation", "pool", "conv"]
    assert kinds[7] == "norm" and kinds[8] == "linear"


def test_without_a_readable_tree_the_layers_alone_are_drawn():
    data = layer_graph_data({**NETWORK, "module": "Net(\n  ...\n..."})
    assert not data["from_tree"]
    assert [box["name"] for box in data["boxes"]] == [la["name"] for la in LAYERS]
    assert data["boxes"][0]["label"] == "Conv2d 1→8, 3×3"


def test_the_figure_draws_a_box_per_module_and_arrows_between():
    ax = plot_layer_graph(NETWORK)
    boxes = [p for p in ax.patches if (p.get_gid() or "").startswith("box-")]
    assert len(boxes) == 9
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == 8
    texts = [t.get_text() for t in ax.texts]
    assert "Conv2d 8→16, 5×3, stride 2" in texts
    assert ax.get_title().startswith("Net: 9 modules, 1,234 parameters")
    ax = plot_layer_graph(NETWORK, max_boxes=3)
    assert "+6 more" in [t.get_text() for t in ax.texts]


def _run(network):
    return SimpleNamespace(
        config={"network": network}, snapshot=lambda epoch=None: None, metrics=None
    )


def test_plot_network_draws_the_layer_graph_for_such_runs():
    ax = plot_network(_run(NETWORK))
    assert ax.get_title().startswith("Net: 9 modules")
    assert "its layers in order" in ax.get_title()
    with pytest.raises(ConfigError, match="layer_graph_data"):
        network_data(_run(NETWORK))


def test_bad_source():
    with pytest.raises(ConfigError, match="needs a recorded run"):
        layer_graph_data({"format": "torch.module"})


def test_output_shapes_of_modules_without_parameters_and_the_input():
    shapes = {"features.1": [8, 8, 8], "features.2": [8, 4, 4], "features.3": [16]}
    run = SimpleNamespace(
        config={"network": {**NETWORK, "output_shapes": shapes}},
        snapshot=lambda epoch=None: None,
        metrics=None,
        probe=lambda: np.zeros((4, 1, 8, 8)),
    )
    data = layer_graph_data(run)
    assert data["input_shape"] == [1, 8, 8]
    assert data["layers"] == [la["name"] for la in LAYERS]
    boxes = data["boxes"]
    assert [b["output_shape"] for b in boxes[:4]] == [
        [8, 8, 8],  # the layer dict's own
        [8, 8, 8],
        [8, 4, 4],
        [16],
    ]
    assert boxes[1]["notes"] == "out 8×8×8" and boxes[4]["output_shape"] is None
    ax = plot_layer_graph(run)
    (first,) = [p for p in ax.patches if p.get_gid() == "input"]
    assert "input 1×8×8" in [t.get_text() for t in ax.texts]
    assert first.get_y() > max(p.get_y() for p in ax.patches if p is not first)
