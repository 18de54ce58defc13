"""The playground's data: generators, drawn points, uploaded CSVs (playground.data)."""

import numpy as np

from neuroglass.playground import data as pdata


def test_value_scale_maps_the_values_onto_minus_one_to_one():
    assert pdata.value_scale([0.0, -1.0, 1.0, 0.3]) is None  # TF Playground's range
    assert pdata.value_scale([]) is None
    assert pdata.value_scale(np.arange(12)) == (5.5, 5.5)
    assert pdata.value_scale([2.5, 2.5]) == (2.5, 1.0)  # one value: shifted only
    center, half = pdata.value_scale([3e5, 1.0, 420000.0])
    assert (center - half, center + half) == (1.0, 420000.0)
    # drawn values keep the range in use, and widen it when they leave it
    assert pdata.widen_scale(None, [0.5, -1.0]) is None
    assert pdata.widen_scale((5.5, 5.5), [0.0, 11.0]) == (5.5, 5.5)
    assert pdata.widen_scale(None, [5.0]) == (2.0, 3.0)  # -1..5
    assert pdata.widen_scale((5.5, 5.5), [-3.0]) == (4.0, 7.0)  # -3..11


def test_the_upload_note_says_how_the_values_are_trained(plane, csv_text):
    X, _ = plane(20)
    *_, note = pdata.parse_csv(csv_text(X, np.arange(20) % 12))
    assert "span 0 to 11" in note and "(value − 5.5) / 5.5" in note
    *_, note = pdata.parse_csv(csv_text(X, np.linspace(-1, 1, 20)))
    assert "scaled" not in note  # values the output reaches stay as they are
