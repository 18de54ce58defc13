"""Saving and loading networks as ``.npz`` files, without pickle.

The file is a zip archive (NumPy's ``.npz``) holding the architecture as a JSON
string (``config.npy``) and one ``.npy`` array per parameter
(``dense_1.weights.npy``, ``dense_1.bias.npy``, ...).

A model file may come from anyone, so :func:`load` trusts nothing in it and
checks before it reads or allocates:

1. the archive lists exactly ``config`` and the parameters the config names,
   each once, stored or deflated (nothing else, so no zip bombs of other
   methods and no extra entries);
2. the config entry is small (at most :data:`MAX_CONFIG_BYTES`), a plain
   unicode array, and its JSON is nested at most a few levels; every field is
   checked (:func:`neuroglass.engine.config.check_config`);
3. each parameter's ``.npy`` header (read alone, a few hundred bytes) declares
   exactly the shape the config implies and the config's float dtype, and its
   byte count matches the zip's declared size, which deflate cannot inflate
   more than about 1000-fold from the bytes really in the file;
4. the network fits in memory; only then are the arrays read.

Anything else raises :class:`ModelFileError` naming the file and the reason.
Object arrays (pickles) are never read.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile

import numpy as np

from .config import (
    FORMAT,
    FORMAT_VERSION,
    MAX_LAYERS,
    check_config,
    parameter_shapes,
)
from .errors import ModelFileError, NeuroglassError
from .validation import check_path

#: the JSON of a network config: about 150 bytes per layer
MAX_CONFIG_BYTES = 4 * 2**20
#: deflate cannot expand data more than 1032-fold
_MAX_DEFLATE_RATIO = 1032
_NPY_MAGIC = b"\x93NUMPY"
_MAX_HEADER = 64 * 1024


def save(net, path) -> None:
    """Write ``net`` to ``path`` (``.npz`` is appended if missing): its
    ``config()`` and its ``named_parameters()``.

    The file is written next to its destination and renamed into place, so an
    interrupted save never leaves a truncated model behind.
    """
    path = check_path(path, "model path")
    if not path.endswith(".npz"):
        path += ".npz"
    arrays = {"config": np.array(json.dumps(net.config()))}
    arrays.update(net.named_parameters())
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".neuroglass-", suffix=".npz", dir=folder)
    except OSError as exc:
        raise ModelFileError(
            f"cannot save the model to {path!r}: {exc.strerror or exc}. Check that "
            "the folder exists and is writable."
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(tmp, path)
    except OSError as exc:
        raise ModelFileError(
            f"cannot save the model to {path!r}: {exc.strerror or exc}."
        ) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_network(path, build):
    """Read a network written by :meth:`Network.save`.

    ``build(config)`` makes the network from the file's checked config
    (``Network.from_config``: this module does not import the network, which
    imports it to save); the parameters are then read into its
    ``named_parameters()``. ``neuroglass.load(path)`` is this with the Network.

    Safe on untrusted files: see the module's docstring for what is checked
    before anything is read or allocated.

    Raises
    ------
    ModelFileError
        If the file is missing, truncated, corrupted, from another program,
        from a newer version of neuroglass, or declares anything that does not
        fit its config; the message names the file and the reason.
    """
    path = check_path(path, "model path")
    if not os.path.exists(path) and os.path.exists(path + ".npz"):
        path += ".npz"
    if not os.path.isfile(path):
        raise ModelFileError(f"no model file at {path!r}.")
    try:
        with open(path, "rb") as handle:
            if handle.read(len(_NPY_MAGIC)) == _NPY_MAGIC:
                raise ModelFileError(
                    f"{path!r} holds a single NumPy array, not a neuroglass model."
                )
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                size = os.fstat(handle.fileno()).st_size
                return _load(archive, path, size, build)
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError) as exc:
        raise ModelFileError(
            f"could not read {path!r} as a neuroglass model: the file is truncated, "
            f"corrupted or not an .npz file ({type(exc).__name__}: {_reason(exc)})."
        ) from None
    except (RecursionError, MemoryError, OverflowError, NotImplementedError) as exc:
        raise ModelFileError(
            f"could not read {path!r} as a neuroglass model ({type(exc).__name__}: "
            f"{_reason(exc)})."
        ) from None


def _reason(exc) -> str:
    """The exception's text, without NumPy's advice to load with allow_pickle
    (which would execute code from the file)."""
    text = str(exc)
    if "pickle" in text.lower():
        return "the file holds Python objects (pickle), which are never loaded"
    return text[:300]


def _load(archive: zipfile.ZipFile, path: str, file_size: int, build):
    members = _members(archive, path, file_size)
    if "config" not in members:
        names = sorted(members)[:8]
        raise ModelFileError(
            f"{path!r} is an .npz file but not a neuroglass model (it has no "
            f"'config' entry; entries: {names})."
        )
    config = _read_config(archive, members["config"], path)
    expected = parameter_shapes(config)
    unknown = sorted(set(members) - set(expected) - {"config"})
    if unknown:
        raise ModelFileError(
            f"{path!r} has entries that are not parameters of its network: "
            f"{unknown[:8]}; a model file holds only 'config' and "
            f"{sorted(expected)[:4]}..."
        )
    missing = sorted(set(expected) - set(members))
    if missing:
        raise ModelFileError(f"{path!r} lacks the parameters {missing[:8]}.")
    dtype = np.dtype(config["dtype"])
    layout = {}
    for name, shape in expected.items():
        layout[name] = _array_header(archive, members[name], path, name)
        got_shape, got_dtype, _, offset = layout[name]
        if got_shape != shape or got_dtype != dtype:
            raise ModelFileError(
                f"{path!r}: parameter {name!r} has shape {got_shape} and dtype "
                f"{got_dtype}; the architecture needs {shape} {dtype.name}."
            )
        need = offset + int(np.prod(shape)) * dtype.itemsize
        if members[name].file_size != need:
            raise ModelFileError(
                f"{path!r}: the entry {name!r} declares {members[name].file_size} "
                f"bytes, but {shape} {dtype.name} needs {need}; the file is corrupted."
            )
    try:
        net = build(config)
    except NeuroglassError as exc:
        raise ModelFileError(f"{path!r} has an invalid architecture: {exc}") from None
    targets = net.named_parameters()
    for name, (_, _, fortran, offset) in layout.items():
        _read_into(archive, members[name], offset, targets[name], fortran, path, name)
    return net


def _members(archive, path, file_size) -> dict:
    """``{entry name without .npy: ZipInfo}``, refusing what np.savez never writes."""
    members, compressed = {}, 0
    for info in archive.infolist():
        name = info.filename
        if not name.endswith(".npy") or info.is_dir():
            raise ModelFileError(
                f"{path!r} has the entry {name!r}, which is not a NumPy array; a "
                "model file holds only .npy entries."
            )
        key = name[: -len(".npy")]
        if key in members:
            raise ModelFileError(f"{path!r} lists the entry {name!r} twice.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ModelFileError(
                f"{path!r}: the entry {name!r} uses zip compression method "
                f"{info.compress_type}; NumPy writes only stored or deflated entries."
            )
        limit = info.compress_size * (
            1 if info.compress_type == zipfile.ZIP_STORED else _MAX_DEFLATE_RATIO
        )
        if info.compress_size > file_size or info.file_size > limit + 1024:
            raise ModelFileError(
                f"{path!r}: the entry {name!r} declares {info.file_size:,} bytes from "
                f"{info.compress_size:,} compressed bytes in a {file_size:,}-byte "
                "file; the file is corrupted or forged."
            )
        compressed += info.compress_size
        if compressed > file_size:
            raise ModelFileError(
                f"{path!r}: its entries declare more compressed bytes than the file "
                "holds; the file is corrupted or forged."
            )
        members[key] = info
        if len(members) > 2 * MAX_LAYERS + 1:
            raise ModelFileError(f"{path!r} has too many entries for a model file.")
    return members


def _array_header(archive, info, path, name):
    """``(shape, dtype, fortran_order, data_offset)`` from an entry's .npy header
    alone (nothing else of the entry is read)."""
    with archive.open(info) as member:
        try:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(
                    member, max_header_size=_MAX_HEADER
                )
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(
                    member, max_header_size=_MAX_HEADER
                )
            else:
                raise ValueError(f"unsupported .npy format version {version}")
        except ValueError as exc:
            raise ModelFileError(
                f"{path!r}: the entry {name!r} is not a valid NumPy array "
                f"({_reason(exc)})."
            ) from None
        offset = member.tell() if member.seekable() else None
    if offset is None:  # pragma: no cover - zip members are seekable (3.7+)
        raise ModelFileError(f"{path!r}: cannot read the entry {name!r}.")
    if dtype.hasobject:
        raise ModelFileError(
            f"{path!r}: the entry {name!r} holds Python objects (pickle), which "
            "are never loaded; a model file holds only numbers and text."
        )
    return tuple(shape), dtype, fortran, offset


def _read_config(archive, info, path) -> dict:
    if info.file_size > MAX_CONFIG_BYTES:
        raise ModelFileError(
            f"{path!r}: its 'config' entry declares {info.file_size:,} bytes; a "
            f"network config is at most {MAX_CONFIG_BYTES:,}."
        )
    shape, dtype, _, offset = _array_header(archive, info, path, "config")
    if shape != () or dtype.kind != "U":
        raise ModelFileError(
            f"{path!r}: its 'config' entry is an array of shape {shape} and dtype "
            f"{dtype}; a model's config is one JSON string."
        )
    if info.file_size != offset + dtype.itemsize:
        raise ModelFileError(
            f"{path!r}: its 'config' entry declares {info.file_size} bytes for a "
            f"string of {dtype.itemsize}; the file is corrupted."
        )
    with archive.open(info) as member:
        member.seek(offset)
        raw = member.read(dtype.itemsize)
    text = str(np.frombuffer(raw, dtype=dtype)[0])
    try:
        config = json.loads(text)
    except RecursionError:
        raise ModelFileError(
            f"{path!r}: its config is JSON nested too deeply to be a network config."
        ) from None
    except ValueError as exc:
        raise ModelFileError(
            f"{path!r}: its config is not valid JSON ({exc})."
        ) from None
    if isinstance(config, dict) and config.get("format") == FORMAT:
        version = config.get("version")
        if (
            isinstance(version, int)
            and not isinstance(version, bool)
            and version > FORMAT_VERSION
        ):
            raise ModelFileError(
                f"{path!r} was written by a newer neuroglass (model format version "
                f"{version!r}; this version reads up to {FORMAT_VERSION}). Upgrade "
                "neuroglass to load it."
            )
    elif isinstance(config, dict):
        raise ModelFileError(
            f"{path!r} is not a neuroglass model file (its config has format "
            f"{str(config.get('format'))[:40]!r}, not {FORMAT!r})."
        )
    try:
        return check_config(config)
    except NeuroglassError as exc:
        raise ModelFileError(f"{path!r} has an invalid config: {exc}") from None


def _read_into(archive, info, offset, target, fortran, path, name) -> None:
    """Read one parameter's bytes straight into the network's own array."""
    nbytes = target.nbytes
    with archive.open(info) as member:
        member.seek(offset)
        raw = member.read(nbytes)
    if len(raw) != nbytes:
        raise ModelFileError(
            f"{path!r}: the entry {name!r} ends after {len(raw)} of {nbytes} bytes; "
            "the file is truncated."
        )
    values = np.frombuffer(raw, dtype=target.dtype)
    values = values.reshape(target.shape, order="F" if fortran else "C")
    if not np.isfinite(values).all():
        raise ModelFileError(
            f"{path!r}: parameter {name!r} holds NaN or infinite values; a saved "
            "model's weights are finite."
        )
    target[...] = values
