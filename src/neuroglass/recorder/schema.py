"""The data model of a run: one SQLite file, these tables.

=============  ================================================================
table          one row per
=============  ================================================================
meta           key (JSON value): format, schema_version, status, config, ...
steps          recorded optimisation step: epoch, batch, loss, lr (schema
               version 1; later versions pack the steps of each commit into
               one array, ``epochs.steps`` or ``step_blocks``: one row per
               commit to insert instead of one per step)
step_blocks    step losses committed within an epoch (every ``flush_seconds``):
               first and last step, and the steps as an (n, 5) float64 array,
               columns step, epoch, batch, loss, lr (``STEP_COLUMNS``)
epochs         finished epoch: loss, accuracy, val_loss, val_accuracy, lr,
               time, and the epoch's steps not in step_blocks (packed alike)
snapshots      snapshot epoch: the parameter, gradient and update vectors
               stacked (3, n_params) (networks up to ``full_arrays_limit``
               parameters), per-layer
               norms (n_layers, 6), per-unit statistics on the probe batch
               (3, total units: mean, fraction active for ReLU-like units,
               fraction saturated for tanh/sigmoid units; NaN where not
               applicable), the probe batch's activations (small networks), and
               for networks with full arrays what resuming needs (optimizer
               state, counters, random generator state)
layer_stats    snapshot x layer x quantity: norm, mean, std, min, max,
               distribution bands and a histogram (always, so large networks
               have them although their arrays are not stored)
diagnostics    diagnosis: rule, epoch and step it started, message, evidence,
               suggestion
blobs          named arrays: the probe batch, the final parameters, the kept
               training sample (data_rows, data_inputs, data_targets)
checkpoint     the latest state to resume from when snapshots do not hold
               the parameters (large networks), and the state at the end of
               each fit: parameters, optimizer state, counters, generator state
=============  ================================================================

Arrays are stored as bytes with a small header (dtype, shape) and, from schema
version 3, a CRC-32 of the data after it; only numeric dtypes are written or
read, so loading a run never unpickles anything.
Every epoch is written in one transaction, so a reader never sees half of a
snapshot. Readers open the file read-only and can do so while it is written.
"""

from __future__ import annotations

import functools
import zlib

import numpy as np

FORMAT = "neuroglass.run"
#: 2: step losses packed in ``epochs.steps`` and ``step_blocks`` (version 1: one
#: ``steps`` row per step); 3: each stored array ends with a CRC-32 of its data,
#: so that damage inside the file is found, not read as numbers
SCHEMA_VERSION = 3
SUFFIX = ".ngrun"

#: the columns of a snapshot's ``norms`` array (n_layers, 6)
NORM_COLUMNS = (
    "weights",
    "bias",
    "grad_weights",
    "grad_bias",
    "update_weights",
    "update_bias",
)
#: quantities summarised per layer and snapshot
QUANTITIES = (*NORM_COLUMNS, "activation")

#: the columns of an ``epochs.steps`` or ``step_blocks`` array (n_steps, 5),
#: all float64
STEP_COLUMNS = ("step", "epoch", "batch", "loss", "lr")

#: labels of the distribution bands, TensorBoard style
BANDS = ("min", "-1.5s", "-1s", "-0.5s", "mean", "+0.5s", "+1s", "+1.5s", "max")

TABLES = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS steps (
    step INTEGER PRIMARY KEY,
    epoch INTEGER NOT NULL,
    batch INTEGER NOT NULL,
    loss REAL,
    lr REAL
);
CREATE TABLE IF NOT EXISTS step_blocks (
    first INTEGER PRIMARY KEY,
    last INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS epochs (
    epoch INTEGER PRIMARY KEY,
    step INTEGER NOT NULL,
    loss REAL,
    accuracy REAL,
    val_loss REAL,
    val_accuracy REAL,
    lr REAL,
    time REAL,
    wall REAL,
    steps BLOB
);
CREATE TABLE IF NOT EXISTS snapshots (
    epoch INTEGER PRIMARY KEY,
    step INTEGER NOT NULL,
    vectors BLOB,
    norms BLOB,
    units BLOB,
    activations BLOB,
    state TEXT,
    optimizer_state BLOB
);
CREATE TABLE IF NOT EXISTS layer_stats (
    epoch INTEGER NOT NULL,
    layer INTEGER NOT NULL,
    quantity TEXT NOT NULL,
    size INTEGER,
    norm REAL,
    mean REAL,
    std REAL,
    min REAL,
    max REAL,
    bands BLOB,
    hist BLOB,
    edges BLOB,
    PRIMARY KEY (epoch, layer, quantity)
);
CREATE TABLE IF NOT EXISTS diagnostics (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    epoch INTEGER,
    step INTEGER,
    layer INTEGER,
    message TEXT NOT NULL,
    evidence TEXT NOT NULL,
    suggestion TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS blobs (
    name TEXT PRIMARY KEY,
    data BLOB
);
CREATE TABLE IF NOT EXISTS checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL,
    step INTEGER NOT NULL,
    params BLOB NOT NULL,
    state TEXT NOT NULL,
    optimizer_state BLOB
);
"""


_MAGIC_V1 = b"NGA1"  # header and data (schema versions 1 and 2)
_MAGIC = b"NGA2"  # header, data and the data's CRC-32 (little-endian)
_KINDS = "biuf"  # numeric arrays only: nothing that could need pickle


@functools.lru_cache(maxsize=256)
def pack_header(dtype: str, shape: tuple) -> bytes:
    """What :func:`pack` puts before the data of an array of this dtype (as
    ``dtype.str``) and shape: the same few again and again for a recorder."""
    header = f"{dtype}|{','.join(map(str, shape))}".encode()
    return _MAGIC + len(header).to_bytes(2, "little") + header


def pack(array) -> bytes | None:
    """An array as bytes: a short header (dtype, shape) and the raw data."""
    if array is None:
        return None
    array = np.asarray(array)  # (ascontiguousarray would make a 0-d array 1-d)
    if array.dtype.kind not in _KINDS:
        raise TypeError(f"only numeric arrays are stored; got dtype {array.dtype}.")
    return pack_data(array.dtype.str, array.shape, array.tobytes())


def pack_data(dtype: str, shape: tuple, data: bytes) -> bytes:
    """:func:`pack` of an array given as its raw bytes."""
    return pack_header(dtype, shape) + data + zlib.crc32(data).to_bytes(4, "little")


def unpack(blob) -> np.ndarray | None:
    """Read what :func:`pack` wrote (a read-only view of the bytes).

    Raises ValueError, saying what is wrong, for anything else: another
    header, a dtype that is not numeric, data of the wrong size or whose
    checksum does not match (damage inside the file).
    """
    if blob is None:
        return None
    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise ValueError(f"a stored array is bytes; got {type(blob).__name__}")
    blob = bytes(blob)
    magic = blob[:4]
    if magic not in (_MAGIC, _MAGIC_V1):
        raise ValueError("not an array written by neuroglass")
    n = int.from_bytes(blob[4:6], "little")
    start = 6 + n
    end = len(blob) - 4 if magic == _MAGIC else len(blob)
    try:
        # the last "|": one-byte dtypes are written "|u1", "|b1"
        dtype, shape = blob[6:start].decode("ascii").rsplit("|", 1)
        dtype = np.dtype(dtype)
        shape = tuple(int(part) for part in shape.split(",") if part)
    except (UnicodeDecodeError, ValueError, TypeError):
        raise ValueError(f"the array header {blob[6:start]!r} is damaged") from None
    if dtype.kind not in _KINDS:
        raise ValueError(f"unexpected dtype {dtype} in a stored array")
    if any(size < 0 for size in shape):
        raise ValueError(f"negative size in the stored shape {shape}")
    count = int(np.prod(shape, dtype=object))
    if end - start != dtype.itemsize * count:
        raise ValueError(
            f"a stored array of shape {shape} and dtype {dtype} takes "
            f"{dtype.itemsize * count} bytes; {max(end - start, 0)} are stored"
        )
    if magic == _MAGIC and zlib.crc32(blob[start:end]) != int.from_bytes(
        blob[end:], "little"
    ):
        raise ValueError(
            f"the data of a stored array of shape {shape} does not match its "
            "checksum: the file was damaged"
        )
    return np.frombuffer(blob, dtype=dtype, count=count, offset=start).reshape(shape)
