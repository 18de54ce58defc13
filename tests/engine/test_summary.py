"""Network.summary(): the table of layers, shapes and parameter counts."""

import neuroglass as ng


def test_summary_lists_layers_shapes_and_counts():
    text = ng.mlp(
        [2, 8, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
    ).summary()
    assert "2 -> 8 -> 8 -> 1" in text
    assert "(8, 8)" in text and "sigmoid" in text
    assert "Total parameters: 105" in text


def test_one_row_per_layer_with_its_shapes_and_counts():
    net = ng.mlp([784, 128, 10], loss="cross_entropy", seed=0, l2=0.01)
    lines = net.summary().splitlines()
    assert lines[0] == (
        "Network 784 -> 128 -> 10   loss=cross_entropy  dtype=float64  l1=0  l2=0.01"
    )
    rows = [line.split() for line in lines if line[:1].isdigit()]
    assert rows == [
        ["1", "dense_1", "tanh", "(784,", "128)", "(128,)", "100,480"],
        ["2", "dense_2", "softmax", "(128,", "10)", "(10,)", "1,290"],
    ]
    assert (
        lines[-1]
        == "Total parameters: 101,770"
        == f"Total parameters: {net.n_params:,}"
    )
    # the counts are right-aligned under their heading; the rules span the table
    header = next(line for line in lines if line.startswith("#"))
    assert all(len(line) <= len(header) for line in lines[1:-1])
    assert {line for line in lines if set(line) == {"-"}} == {"-" * len(header)}


def test_regularization_is_shown_only_when_set():
    assert "l1=" not in ng.mlp([2, 1], seed=0).summary()
    assert "l1=0.5  l2=0" in ng.mlp([2, 1], seed=0, l1=0.5).summary()
