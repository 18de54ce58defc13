"""Saving and loading networks as ``.npz`` files, without pickle.

The file holds the architecture as a JSON string (``config``) and one array per
parameter (``dense_1.weights``, ``dense_1.bias``, ...). It is read with
``allow_pickle=False``; anything that is not such a file raises
:class:`ModelFileError` with the reason.
"""

from __future__ import annotations

import json
import os
import zipfile

import numpy as np

from .errors import ModelFileError, NeuroglassError
from .network import FORMAT, FORMAT_VERSION, Network


def save(net: Network, path) -> None:
    """Write ``net`` to ``path`` (``.npz`` is appended by NumPy if missing)."""
    arrays = {"config": np.array(json.dumps(net.config()))}
    arrays.update(net.named_parameters())
    np.savez(path, **arrays)


def load(path) -> Network:
    """Read a network written by :meth:`Network.save`.

    Raises
    ------
    ModelFileError
        If the file is missing, truncated, corrupted, from another program or
        from a newer version of neuroglass.
    """
    path = os.fspath(path)
    if not os.path.exists(path) and os.path.exists(path + ".npz"):
        path += ".npz"
    if not os.path.isfile(path):
        raise ModelFileError(f"no model file at {path!r}.")
    try:
        # open the file ourselves so that it is closed even when NumPy fails
        with open(path, "rb") as handle:
            data = np.load(handle, allow_pickle=False)
            if not hasattr(data, "files"):
                raise ModelFileError(
                    f"{path!r} holds a single NumPy array, not a neuroglass model."
                )
            files = set(data.files)
            if "config" not in files:
                raise ModelFileError(
                    f"{path!r} is an .npz file but not a neuroglass model (it has no "
                    f"'config' entry; entries: {sorted(files)[:8]})."
                )
            config = json.loads(str(data["config"]))
            arrays = {name: data[name] for name in files - {"config"}}
            data.close()
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError) as exc:
        raise ModelFileError(
            f"could not read {path!r} as a neuroglass model: the file is truncated, "
            f"corrupted or not an .npz file ({type(exc).__name__}: {exc})."
        ) from None
    return _from_parts(config, arrays, path)


def _from_parts(config, arrays, path) -> Network:
    if not isinstance(config, dict) or config.get("format") != FORMAT:
        raise ModelFileError(f"{path!r} is not a neuroglass model file.")
    version = config.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ModelFileError(
            f"{path!r} was written by a newer neuroglass (model format version "
            f"{version!r}; this version reads up to {FORMAT_VERSION}). Upgrade "
            "neuroglass to load it."
        )
    try:
        net = Network.from_config(config)
    except (NeuroglassError, KeyError, TypeError) as exc:
        raise ModelFileError(
            f"{path!r} has an invalid architecture ({type(exc).__name__}: {exc})."
        ) from None
    expected = net.named_parameters()
    missing = sorted(set(expected) - set(arrays))
    if missing:
        raise ModelFileError(f"{path!r} lacks the parameters {missing}.")
    for name, target in expected.items():
        value = arrays[name]
        if value.shape != target.shape or value.dtype != target.dtype:
            raise ModelFileError(
                f"{path!r}: parameter {name!r} has shape {value.shape} and dtype "
                f"{value.dtype}; the architecture needs {target.shape} {target.dtype}."
            )
        target[...] = value
    return net
