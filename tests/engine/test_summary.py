"""Network.summary(): the table of layers, shapes and parameter counts."""

import neuroglass as ng


def test_summary_lists_layers_shapes_and_counts():
    text = ng.mlp(
        [2, 8, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
    ).summary()
    assert "2 -> 8 -> 8 -> 1" in text
    assert "(8, 8)" in text and "sigmoid" in text
    assert "Total parameters: 105" in text
