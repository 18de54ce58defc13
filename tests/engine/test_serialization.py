"""save/load: bit-exact round trips, and clear errors for anything else."""

import io
import json
import struct
import tracemalloc
import warnings
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


# -- hostile files, built by hand ---------------------------------------------
def _npy_bytes(array) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=True)
    return buffer.getvalue()


def _write(path, entries, compression=zipfile.ZIP_STORED):
    """A zip of ``{name: bytes or array}`` entries (``.npy`` added to names)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names, on purpose
        with zipfile.ZipFile(path, "w", compression) as zf:
            for name, value in entries:
                data = value if isinstance(value, bytes) else _npy_bytes(value)
                raw = name.endswith((".npy", ".txt"))
                zf.writestr(name if raw else name + ".npy", data)
    return path


def _model_entries(net, config=None):
    config = net.config() if config is None else config
    text = config if isinstance(config, str) else json.dumps(config)
    return [("config", np.array(text)), *net.named_parameters().items()]


def _load_peak(path):
    """Load ``path`` expecting ModelFileError; return it and the peak memory."""
    tracemalloc.start()
    try:
        with pytest.raises(ModelFileError) as info:
            ng.load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert path.name in message
    assert "allow_pickle" not in message
    return message, peak


MB = 2**20


def test_a_config_declaring_a_huge_network_is_refused_before_allocating(tmp_path):
    net = ng.mlp([2, 3, 3, 1], seed=0)
    config = net.config()
    config["layers"][0]["n_out"] = config["layers"][1]["n_in"] = 14_000
    config["layers"][1]["n_out"] = config["layers"][2]["n_in"] = 14_000
    path = _write(tmp_path / "huge.npz", [("config", np.array(json.dumps(config)))])
    assert path.stat().st_size < 4096
    message, peak = _load_peak(path)
    assert "lacks the parameters" in message
    assert peak < 5 * MB  # each vector of the network it declares takes 1.5 GB


def test_an_extra_entry_is_refused_without_reading_it(tmp_path):
    net = ng.mlp([2, 3, 1], seed=0)
    path = tmp_path / "extra.npz"
    _write(path, _model_entries(net), zipfile.ZIP_DEFLATED)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (8 * MB,)}
    )
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("payload.npy", "w", force_zip64=True) as entry:
            entry.write(header.getvalue())
            zeros = bytes(MB)
            for _ in range(64):  # 64 MB of zeros, about 64 KB on disk
                entry.write(zeros)
    assert path.stat().st_size < MB
    message, peak = _load_peak(path)
    assert "'payload'" in message and "not parameters" in message
    assert peak < 5 * MB


def test_a_forged_uncompressed_size_is_refused(tmp_path):
    net = ng.mlp([2, 3, 1], seed=0)
    path = _write(tmp_path / "forged.npz", _model_entries(net), zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    # the central directory's uncompressed size (offset 24) of the first weights
    entry = data.index(b"PK\x01\x02")
    while b"dense_1.weights" not in data[entry + 46 : entry + 46 + 20]:
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 1_500_000_000)
    path.write_bytes(bytes(data))
    message, peak = _load_peak(path)
    assert "forged" in message or "corrupted" in message
    assert peak < 5 * MB


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("epochs_trained", "abc"),
        ("epochs_trained", 1e400),
        ("epochs_trained", float("nan")),
        ("epochs_trained", -1),
        ("epochs_trained", True),
        ("epochs_trained", 2**70),
        ("epochs_trained", [1]),
        ("steps_trained", {"a": 1}),
        ("seed", -5),
        ("seed", 1.5),
        ("seed", None),
        ("l1", "0"),
        ("l2", float("inf")),
        ("l2", -1),
        ("dtype", "float16"),
        ("dtype", ["float64"]),
        ("loss", 3),
        ("loss", "nonsense"),
        ("name", 7),
        ("version", "1"),
        ("version", True),
        ("version", 0),
        ("layers", []),
        ("layers", "dense"),
        ("layers", [1, 2]),
        ("format", None),
    ],
)
def test_every_config_field_is_checked(tmp_path, field, value):
    net = ng.mlp([2, 3, 1], seed=0)
    config = dict(net.config(), **{field: value})
    path = _write(tmp_path / "field.npz", _model_entries(net, config))
    message, _ = _load_peak(path)
    assert f"'{field}" in message or "not a neuroglass model" in message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("n_in", "2"),
        ("n_in", 0),
        ("n_in", -3),
        ("n_in", 2.0),
        ("n_in", True),
        ("n_out", 10**30),
        ("activation", 5),
        ("activation", "nonsense"),
        ("init", None),
        ("name", 5),
        ("name", "dense_2"),  # the same name as the next layer
        ("type", "Conv2D"),
    ],
)
def test_every_layer_field_is_checked(tmp_path, key, value):
    net = ng.mlp([2, 3, 1], seed=0)
    config = net.config()
    config["layers"][0][key] = value
    path = _write(tmp_path / "layer.npz", _model_entries(net, config))
    message, peak = _load_peak(path)
    assert key in message or "layers[0]" in message or "activation" in message
    assert peak < 5 * MB


@pytest.mark.parametrize("levels", [20, 5000, 200_000])
def test_deeply_nested_json_is_refused(tmp_path, levels):
    net = ng.mlp([2, 1], seed=0)
    deep = "[" * levels + "]" * levels
    text = json.dumps(net.config())[:-1] + f', "extra": {deep}}}'
    path = _write(tmp_path / "deep.npz", _model_entries(net, text))
    message, _ = _load_peak(path)
    assert "nested" in message


def test_config_that_is_not_one_small_string_is_refused(tmp_path):
    net = ng.mlp([2, 1], seed=0)
    params = list(net.named_parameters().items())
    big = np.array(json.dumps(net.config()) + " " * (5 * MB))
    for config, expected in [
        (big, "at most"),
        (np.array(["a", "b"]), "one JSON string"),
        (np.arange(3.0), "one JSON string"),
        (np.array("not json {"), "not valid JSON"),
        (np.array('["a list"]'), "JSON object"),
    ]:
        path = _write(tmp_path / "config.npz", [("config", config), *params])
        message, _ = _load_peak(path)
        assert expected in message


def test_archive_oddities_are_refused(tmp_path):
    net = ng.mlp([2, 1], seed=0)
    entries = _model_entries(net)
    weights = entries[1][1]
    cases = [
        ([*entries, ("dense_1.weights", weights)], "twice"),
        ([*entries, ("readme.txt", b"hello")], "not a NumPy array"),
        ([*entries, ("dense_9.bias", np.zeros(1))], "not parameters"),
        (entries[:2], "lacks the parameters"),
        (
            [entries[0], ("dense_1.weights", weights.astype(np.float32)), entries[2]],
            "dtype",
        ),
        ([entries[0], ("dense_1.weights", np.full((2, 1), np.nan)), entries[2]], "NaN"),
        (
            [entries[0], ("dense_1.weights", b"\x93NUMPY\x09\x00junk"), entries[2]],
            "not a valid NumPy array",
        ),
        (
            [
                entries[0],
                ("dense_1.weights", _npy_bytes(np.array([None, 1]))),
                entries[2],
            ],
            "pickle",
        ),
    ]
    for number, (case, expected) in enumerate(cases):
        path = _write(tmp_path / f"odd{number}.npz", case)
        message, _ = _load_peak(path)
        assert expected in message, (number, message)
    for method in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        path = _write(tmp_path / f"method{method}.npz", entries, method)
        message, _ = _load_peak(path)
        assert "compression method" in message


def test_compressed_and_fortran_ordered_files_load(tmp_path):
    net = ng.mlp([3, 4, 2], seed=0)
    params = {k: np.asfortranarray(v) for k, v in net.named_parameters().items()}
    path = tmp_path / "fortran.npz"
    np.savez_compressed(path, config=np.array(json.dumps(net.config())), **params)
    loaded = ng.load(path)
    np.testing.assert_array_equal(loaded.parameters_vector(), net.parameters_vector())


def test_save_and_load_take_paths_only(tmp_path):
    net = ng.mlp([2, 1], seed=0)
    for bad in (None, 3, 1.5, ["a"], ""):
        with pytest.raises(ng.ConfigError, match="path"):
            net.save(bad)
        with pytest.raises(ng.ConfigError, match="path"):
            ng.load(bad)
    net.save(str(tmp_path / "m").encode())  # bytes paths are paths
    assert ng.load(tmp_path / "m.npz").n_params == 3
    with pytest.raises(ModelFileError, match="cannot save"):
        net.save(tmp_path / "no" / "such" / "folder" / "m.npz")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]  # no temp left
