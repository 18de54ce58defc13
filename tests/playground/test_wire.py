"""The numbers on the wire: binary frames and JSON-safe floats (playground.wire)."""

import json
import struct

import numpy as np
import pytest

from neuroglass.playground import wire


def test_quantize_maps_minus_one_to_one_onto_bytes_clamped_nan_grey():
    got = wire.quantize([-1.0, 0.0, 1.0, -5.0, 5.0, np.nan])
    assert got.dtype == np.uint8
    assert got.tolist() == [0, 128, 255, 0, 255, 128]


def test_thumbnails_are_block_averages():
    maps = np.arange(2 * 4 * 4, dtype=float).reshape(2, 4, 4)
    thumbs = wire.thumbnails(maps, size=2)
    assert thumbs.shape == (2, 2, 2)
    assert thumbs[0, 0, 0] == np.mean([0, 1, 4, 5])
    assert thumbs[1, 1, 1] == np.mean([26, 27, 30, 31])


def test_encode_decode_round_trip_with_aligned_float32():
    arrays = [
        ("map", np.array([[0, 255], [7, 9]], dtype=np.uint8)),
        ("odd", np.array([1, 2, 3], dtype=np.uint8)),  # leaves the offset unaligned
        ("weights", np.array([0.5, -1.25, 3.0])),  # float64 in, float32 out
        ("scalar", np.float64(2.5)),
    ]
    frame = wire.encode({"seq": 3, "epoch": 1}, arrays)
    header, got = wire.decode(frame)
    assert header["seq"] == 3 and wire.header(frame)["epoch"] == 1
    specs = {s["name"]: s for s in header["arrays"]}
    assert specs["weights"]["offset"] % 4 == 0 and specs["weights"]["dtype"] == "f4"
    np.testing.assert_array_equal(got["map"], arrays[0][1])
    np.testing.assert_array_equal(got["odd"], [1, 2, 3])
    assert got["weights"].dtype == np.dtype("<f4")
    np.testing.assert_array_equal(got["weights"], [0.5, -1.25, 3.0])
    assert got["scalar"].shape == () and got["scalar"] == 2.5
    (n,) = struct.unpack_from("<I", frame)
    assert json.loads(frame[4 : 4 + n]) == header


def test_a_header_with_nan_is_refused_not_sent_as_invalid_json():
    with pytest.raises(ValueError):
        wire.encode({"loss": float("nan")}, [])


def test_finite_and_floats_are_json_safe():
    assert wire.finite(None) is None
    assert wire.finite(np.float32(1.5)) == 1.5 and type(wire.finite(2)) is float
    assert wire.finite(float("inf")) is None and wire.finite(float("nan")) is None
    assert wire.floats([[1, np.inf], [np.nan, -2]]) == [1.0, None, None, -2.0]
