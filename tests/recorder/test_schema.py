"""How a run stores an array (schema.py): pack and unpack round-trip exactly,
and anything damaged is refused with what is wrong."""

import numpy as np
import pytest

from neuroglass.recorder import schema


@pytest.mark.parametrize(
    "array",
    [
        np.arange(12, dtype=np.float64).reshape(3, 4),
        np.array([1.5, -2.0], dtype=np.float32),
        np.array(7, dtype=np.int64),
        np.zeros((0, 3)),
        np.array([[True, False]]),
        np.arange(6, dtype=np.uint8).reshape(2, 3).T,  # not contiguous
    ],
)
def test_pack_and_unpack_round_trip(array):
    back = schema.unpack(schema.pack(array))
    assert back.dtype == array.dtype and back.shape == array.shape
    np.testing.assert_array_equal(back, array)
    assert not back.flags.writeable  # a view of the stored bytes


def test_none_stays_none():
    assert schema.pack(None) is None and schema.unpack(None) is None


def test_only_numeric_arrays_are_stored():
    with pytest.raises(TypeError, match="only numeric arrays"):
        schema.pack(np.array(["a", "b"]))


def test_damage_is_named():
    blob = schema.pack(np.arange(4.0))
    flipped = blob[:-12] + bytes([blob[-12] ^ 1]) + blob[-11:]
    with pytest.raises(ValueError, match="does not match its checksum"):
        schema.unpack(flipped)
    with pytest.raises(ValueError, match=r"takes 32 bytes; 24 are stored"):
        schema.unpack(blob[:-12] + blob[-4:])
    with pytest.raises(ValueError, match="not an array written by neuroglass"):
        schema.unpack(b"JUNK" + blob[4:])
    with pytest.raises(ValueError, match="a stored array is bytes; got str"):
        schema.unpack("text")
