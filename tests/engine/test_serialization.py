"""save/load: bit-exact round trips, and clear errors for anything else."""

import json
import zipfile

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ModelFileError


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_round_trip_is_bit_exact(tmp_path, dtype, rng):
    net = ng.mlp(
        [3, 5, 4, 2],
        activation=["relu", "gelu"],
        loss="cross_entropy",
        seed=7,
        dtype=dtype,
        l2=0.01,
    )
    X = rng.normal(size=(30, 3))
    net.fit(X, rng.integers(0, 2, 30), epochs=3, batch_size=8, optimizer="adam")
    path = tmp_path / "model.npz"
    net.save(path)
    loaded = ng.load(path)
    assert loaded.config() == net.config()
    for a, b in zip(loaded.parameters(), net.parameters()):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(loaded.predict(X), net.predict(X))
    assert loaded.epochs_trained == 3


def test_suffix_is_optional_when_loading(tmp_path):
    net = ng.mlp([2, 1], seed=0)
    net.save(tmp_path / "m")  # numpy appends .npz
    assert ng.load(tmp_path / "m").n_params == 3


def test_missing_file(tmp_path):
    with pytest.raises(ModelFileError, match="no model file at"):
        ng.load(tmp_path / "nothing.npz")


def test_truncated_file(tmp_path):
    path = tmp_path / "model.npz"
    ng.mlp([2, 8, 1], seed=0).save(path)
    data = path.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 5):
        path.write_bytes(data[:cut])
        with pytest.raises(ModelFileError, match=r"truncated, corrupted or not"):
            ng.load(path)


def test_corrupted_bytes(tmp_path):
    path = tmp_path / "model.npz"
    ng.mlp([2, 8, 1], seed=0).save(path)
    data = bytearray(path.read_bytes())
    for i in range(40, len(data) - 40, 7):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError):
        ng.load(path)


def test_foreign_files(tmp_path):
    text = tmp_path / "notes.npz"
    text.write_text("hello")
    with pytest.raises(ModelFileError, match=r"not an \.npz"):
        ng.load(text)
    other = tmp_path / "other.npz"
    np.savez(other, a=np.arange(3))
    with pytest.raises(ModelFileError, match="not a neuroglass model"):
        ng.load(other)
    array = tmp_path / "array.npz"
    with open(array, "wb") as handle:
        np.save(handle, np.arange(4))
    with pytest.raises(ModelFileError, match="single NumPy array"):
        ng.load(array)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, config=np.array([{"format": "x"}], dtype=object))
    with pytest.raises(ModelFileError):
        ng.load(pickled)  # object arrays need pickle, which load refuses


def test_newer_format_version(tmp_path):
    path = tmp_path / "future.npz"
    net = ng.mlp([2, 1], seed=0)
    config = dict(net.config(), version=99)
    np.savez(path, config=np.array(json.dumps(config)), **net.named_parameters())
    with pytest.raises(ModelFileError, match=r"newer neuroglass.*version 99"):
        ng.load(path)


def test_wrong_parameter_shapes(tmp_path):
    path = tmp_path / "bad.npz"
    net = ng.mlp([2, 3, 1], seed=0)
    params = dict(net.named_parameters())
    params["dense_1.weights"] = np.zeros((3, 3))
    np.savez(path, config=np.array(json.dumps(net.config())), **params)
    with pytest.raises(ModelFileError, match=r"dense_1.weights.*\(3, 3\)"):
        ng.load(path)


def test_no_pickle_anywhere(tmp_path):
    path = tmp_path / "model.npz"
    ng.mlp([2, 3, 1], seed=0).save(path)
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            with np.load(path, allow_pickle=False) as data:
                assert data[name.removesuffix(".npy")].dtype != object
