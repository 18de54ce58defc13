"""The numbers on the wire: binary frames and JSON-safe floats.

A binary frame is a uint32 header length, a JSON header, then the arrays (uint8
or little-endian float32); see docs/playground-protocol.md.
"""

from __future__ import annotations

import json
import math
import struct

import numpy as np

RESOLUTION = 100  # TF Playground's DENSITY
THUMB = 20  # thumbnails are RESOLUTION / 5 block averages


def quantize(values) -> np.ndarray:
    """Map values in [-1, 1] to 0..255 (clamped; NaN becomes the middle grey)."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    return np.rint((np.clip(values, -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)


def thumbnails(maps: np.ndarray, size: int = THUMB) -> np.ndarray:
    """Block averages (n, size, size) of maps (n, R, R), R a multiple of ``size``."""
    n, r, _ = maps.shape
    k = r // size
    return maps.reshape(n, size, k, size, k).mean(axis=(2, 4))


def encode(header: dict, arrays: list) -> bytes:
    """A binary frame: uint32 header length, JSON header, then the arrays.

    ``arrays`` is a list of ``(name, ndarray)``; each is stored as uint8 or
    little-endian float32, float32 ones aligned to 4 bytes.
    """
    specs, chunks, offset = [], [], 0
    for name, array in arrays:
        array = np.asarray(array)
        if array.dtype == np.uint8:
            dtype = "u1"
        else:
            array = array.astype("<f4")
            dtype = "f4"
            pad = (-offset) % 4
            if pad:
                chunks.append(b"\0" * pad)
                offset += pad
        data = np.ascontiguousarray(array).tobytes()
        specs.append(
            {"name": name, "dtype": dtype, "shape": list(array.shape), "offset": offset}
        )
        chunks.append(data)
        offset += len(data)
    head = json.dumps({**header, "arrays": specs}, allow_nan=False).encode()
    return struct.pack("<I", len(head)) + head + b"".join(chunks)


def header(frame: bytes) -> dict:
    """The JSON header of a binary frame (without its arrays)."""
    (n,) = struct.unpack_from("<I", frame)
    return json.loads(frame[4 : 4 + n])


def decode(frame: bytes) -> tuple[dict, dict]:
    """The inverse of :func:`encode` (used by tests and the benchmark)."""
    (n,) = struct.unpack_from("<I", frame)
    header = json.loads(frame[4 : 4 + n])
    payload = frame[4 + n :]
    arrays = {}
    for spec in header["arrays"]:
        dtype = np.uint8 if spec["dtype"] == "u1" else np.dtype("<f4")
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        arrays[spec["name"]] = np.frombuffer(
            payload, dtype=dtype, count=count, offset=spec["offset"]
        ).reshape(spec["shape"])
    return header, arrays


def finite(value):
    """A JSON-safe float: None for None, inf and NaN."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def floats(values) -> list:
    """JSON-safe floats (None for inf and NaN) of any array."""
    return [finite(v) for v in np.asarray(values, dtype=float).ravel()]
