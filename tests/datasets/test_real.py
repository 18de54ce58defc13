"""Tests of the real data sets, the CSV reader, the tutorial data and ``load``."""

import ast
import pathlib
import re

import numpy as np
import pytest

from neuroglass import datasets
from neuroglass.datasets import digits, from_csv, iris, seed_example

# --- digits and iris ----------------------------------------------------------------


def test_digits():
    X, y = digits()
    assert X.shape == (1797, 64)
    assert X.dtype == np.float64
    assert y.shape == (1797,)
    assert y.dtype == np.int64
    assert X.min() == 0.0
    assert X.max() == 1.0
    # Pixels were integers 0..16, so every value is a multiple of 1/16.
    np.testing.assert_array_equal(X * 16, np.round(X * 16))
    assert set(np.unique(y).tolist()) == set(range(10))
    assert np.bincount(y).min() > 170


def test_iris():
    X, y = iris()
    assert X.shape == (150, 4)
    assert X.dtype == np.float64
    assert y.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(y), [50, 50, 50])
    # Setosa (0) has the smallest petals.
    assert X[y == 0, 2].max() < X[y != 0, 2].min()


def test_real_data_are_fresh_arrays_each_call():
    X, _ = iris()
    X[:] = -1.0
    assert iris()[0].min() > 0.0


# --- seed_example -------------------------------------------------------------------


def test_seed_example():
    X, y = seed_example()
    assert X.dtype == np.float64 and X.shape == (3, 3)
    assert y.dtype == np.float64 and y.shape == (3,)
    np.testing.assert_array_equal(X, [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    np.testing.assert_array_equal(y, [1, 0, 1])
    X[0, 0] = 99.0
    assert seed_example()[0][0, 0] == 1.0


# --- from_csv: reading --------------------------------------------------------------


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_last_column_is_the_default_target(tmp_path):
    path = write(tmp_path, "a,b,label\n1,2,0\n3.5,-4,1\n5e-1,6,2\n")
    X, y = from_csv(path)
    assert X.dtype == np.float64
    np.testing.assert_array_equal(X, [[1.0, 2.0], [3.5, -4.0], [0.5, 6.0]])
    assert y.dtype == np.int64
    np.testing.assert_array_equal(y, [0, 1, 2])


def test_csv_integral_floats_become_int64_and_fractions_float64(tmp_path):
    _, y = from_csv(write(tmp_path, "a,t\n1,1.0\n2,-3.0\n"))
    assert y.dtype == np.int64
    np.testing.assert_array_equal(y, [1, -3])
    _, y = from_csv(write(tmp_path, "a,t\n1,1.5\n2,3\n"))
    assert y.dtype == np.float64
    np.testing.assert_array_equal(y, [1.5, 3.0])


@pytest.mark.parametrize(
    ("target", "x_first_row", "y_values", "names"),
    [
        ("a", [2.0, 3.0], [1, 4], ["b", "c"]),
        ("b", [1.0, 3.0], [2, 5], ["a", "c"]),
        (0, [2.0, 3.0], [1, 4], ["b", "c"]),
        (1, [1.0, 3.0], [2, 5], ["a", "c"]),
        (-1, [1.0, 2.0], [3, 6], ["a", "b"]),
        (-3, [2.0, 3.0], [1, 4], ["b", "c"]),
        (np.int64(2), [1.0, 2.0], [3, 6], ["a", "b"]),
        (None, [1.0, 2.0], [3, 6], ["a", "b"]),
    ],
)
def test_csv_target_by_name_or_index(tmp_path, target, x_first_row, y_values, names):
    path = write(tmp_path, "a,b,c\n1,2,3\n4,5,6\n")
    X, y, feature_names = from_csv(path, target=target, return_names=True)
    assert X.shape == (2, 2)
    np.testing.assert_array_equal(X[0], x_first_row)
    np.testing.assert_array_equal(y, y_values)
    assert feature_names == names


def test_csv_return_names_false_gives_a_pair(tmp_path):
    result = from_csv(write(tmp_path, "a,b\n1,2\n"))
    assert isinstance(result, tuple) and len(result) == 2


def test_csv_tolerates_spaces_blank_lines_bom_and_str_paths(tmp_path):
    path = tmp_path / "messy.csv"
    path.write_bytes(b"\xef\xbb\xbf x , y ,target\r\n 1 , 2 ,0\r\n\r\n3,4, 1\r\n\n")
    X, y, names = from_csv(str(path), target="target", return_names=True)
    np.testing.assert_array_equal(X, [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(y, [0, 1])
    assert names == ["x", "y"]


def test_csv_quoted_numbers(tmp_path):
    X, y = from_csv(write(tmp_path, 'a,"b"\n"1.5",2\n'))
    np.testing.assert_array_equal(X, [[1.5]])
    np.testing.assert_array_equal(y, [2])


# --- from_csv: errors ---------------------------------------------------------------


def test_csv_missing_file(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(FileNotFoundError, match=re.escape(repr(str(path)))):
        from_csv(path)


def test_csv_directory_is_not_a_file(tmp_path):
    with pytest.raises(IsADirectoryError, match="directory"):
        from_csv(tmp_path)


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_csv_empty_file(tmp_path, text):
    with pytest.raises(ValueError, match=r"empty\.csv.*is empty"):
        from_csv(write(tmp_path, text, "empty.csv"))


def test_csv_header_only(tmp_path):
    with pytest.raises(ValueError, match=r"no data rows") as info:
        from_csv(write(tmp_path, "a,b,c\n"))
    assert "['a', 'b', 'c']" in str(info.value)


def test_csv_needs_two_columns(tmp_path):
    with pytest.raises(ValueError, match=r"1 column \['a'\].*at least 2"):
        from_csv(write(tmp_path, "a\n1\n2\n"))


def test_csv_target_name_not_found_lists_the_columns(tmp_path):
    path = write(tmp_path, "alpha,beta,gamma\n1,2,3\n")
    with pytest.raises(ValueError, match="'label' not found") as info:
        from_csv(path, target="label")
    assert "['alpha', 'beta', 'gamma']" in str(info.value)


@pytest.mark.parametrize("index", [3, -4, 100])
def test_csv_target_index_out_of_range(tmp_path, index):
    path = write(tmp_path, "alpha,beta,gamma\n1,2,3\n")
    with pytest.raises(ValueError, match=rf"target index {index} is out of range"):
        from_csv(path, target=index)


@pytest.mark.parametrize("bad", [1.0, True, ["a"]])
def test_csv_target_of_wrong_type(tmp_path, bad):
    with pytest.raises(ValueError, match="target must be a column name"):
        from_csv(write(tmp_path, "a,b\n1,2\n"), target=bad)


def test_csv_ambiguous_target_name(tmp_path):
    with pytest.raises(ValueError, match="appears 2 times"):
        from_csv(write(tmp_path, "a,a,b\n1,2,3\n"), target="a")


def test_csv_non_numeric_cell_names_line_column_and_text(tmp_path):
    path = write(tmp_path, "height,weight,label\n1,2,0\n3,heavy,1\n")
    with pytest.raises(ValueError) as info:
        from_csv(path)
    message = str(info.value)
    assert "line 3" in message
    assert "data row 2" in message
    assert "'weight'" in message
    assert "'heavy'" in message
    assert "not a number" in message


def test_csv_empty_cell_is_non_numeric(tmp_path):
    with pytest.raises(ValueError, match=r"line 2 .*column 'b': '' is not a number"):
        from_csv(write(tmp_path, "a,b,c\n1,,0\n"))


def test_csv_non_numeric_target_cell(tmp_path):
    with pytest.raises(ValueError, match=r"column 'species': 'setosa'"):
        from_csv(write(tmp_path, "x,species\n1,setosa\n"))


@pytest.mark.parametrize(("row", "got"), [("1,2", 2), ("1,2,3,4", 4)])
def test_csv_ragged_rows(tmp_path, row, got):
    path = write(tmp_path, f"a,b,c\n1,2,3\n\n{row}\n")
    with pytest.raises(ValueError) as info:
        from_csv(path)
    message = str(info.value)
    assert "line 4" in message  # blank line 3 still counts as a line
    assert "data row 2" in message
    assert "expected 3 cells" in message
    assert f"got {got}" in message


@pytest.mark.parametrize("cell", ["nan", "NaN", "inf", "-Infinity"])
def test_csv_non_finite_cells(tmp_path, cell):
    path = write(tmp_path, f"a,b\n1,2\n{cell},3\n")
    with pytest.raises(ValueError, match="not finite") as info:
        from_csv(path)
    message = str(info.value)
    assert "line 3" in message and "'a'" in message and repr(cell) in message


# --- load and the name tables -------------------------------------------------------


def test_name_tables():
    assert datasets.NAMES == (
        "circle",
        "xor",
        "gauss",
        "spiral",
        "spirals",
        "blobs",
        "plane",
        "multi_gauss",
        "digits",
        "iris",
    )
    assert datasets.CLASSIFICATION == (
        "circle",
        "xor",
        "gauss",
        "spiral",
        "spirals",
        "blobs",
        "digits",
        "iris",
    )
    assert datasets.REGRESSION == ("plane", "multi_gauss")
    assert set(datasets.CLASSIFICATION) | set(datasets.REGRESSION) == set(
        datasets.NAMES
    )
    assert not set(datasets.CLASSIFICATION) & set(datasets.REGRESSION)


@pytest.mark.parametrize("name", datasets.NAMES)
def test_load_dispatches_by_name(name):
    X, y = datasets.load(name)
    expected_X, expected_y = getattr(datasets, name)()
    np.testing.assert_array_equal(X, expected_X)
    np.testing.assert_array_equal(y, expected_y)
    assert X.dtype == np.float64
    assert y.dtype == (np.int64 if name in datasets.CLASSIFICATION else np.float64)


def test_load_passes_keyword_arguments():
    X, y = datasets.load("spirals", n=31, classes=4, noise=0.2, seed=5)
    X2, y2 = datasets.spirals(n=31, classes=4, noise=0.2, seed=5)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_load_forgives_case_spaces_and_dashes():
    np.testing.assert_array_equal(
        datasets.load(" Multi-Gauss ", n=20)[1], datasets.multi_gauss(n=20)[1]
    )


@pytest.mark.parametrize("bad", ["mnist", "", None, 3])
def test_load_unknown_name_lists_the_names(bad):
    with pytest.raises(ValueError, match=f"unknown data set {bad!r}") as info:
        datasets.load(bad)
    for name in datasets.NAMES:
        assert name in str(info.value)


def test_public_names():
    expected = {
        "CLASSIFICATION",
        "FEATURES",
        "FIXED",
        "GENERATED",
        "NAMES",
        "REGRESSION",
        "TASKS",
        "TaskChoice",
        "blobs",
        "choose_named_task",
        "choose_task",
        "circle",
        "digits",
        "features",
        "from_csv",
        "gauss",
        "iris",
        "load",
        "multi_gauss",
        "plane",
        "seed_example",
        "spiral",
        "spirals",
        "train_test_split",
        "xor",
    }
    assert set(datasets.__all__) == expected
    for name in expected:
        assert hasattr(datasets, name)


@pytest.mark.parametrize("name", datasets.NAMES)
def test_load_names_the_arguments_a_set_takes(name):
    """digits/iris are fixed data: a seed is refused in words, not a TypeError."""
    if name in datasets.FIXED:
        with pytest.raises(ValueError, match=r"fixed data.*takes no arguments.*seed=0"):
            datasets.load(name, seed=0)
        assert datasets.load(name)[0].shape[0] > 100
    else:
        assert datasets.load(name, n=20, noise=0.1, seed=1)[0].shape == (20, 2)
        with pytest.raises(ValueError, match=r"takes n, .*noise, seed; got size=3"):
            datasets.load(name, size=3)
    assert set(datasets.FIXED) | set(datasets.GENERATED) == set(datasets.NAMES)


def test_datasets_package_imports_only_the_engine_of_neuroglass():
    """Below the recorder, views and the rest: the engine's checks and errors
    (``from ..engine...``) are the only neuroglass imports outside the package."""
    package = pathlib.Path(datasets.__file__).parent
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level == 1 and node.module is not None:  # a sibling
                    assert (package / f"{node.module}.py").exists(), source.name
                if node.level == 2:
                    module = node.module or ""
                    assert module.split(".")[0] == "engine", source.name
                # level 1 without a module: the package's own names (from . import load)
                assert node.level <= 2, source.name
                assert not (node.module or "").startswith("neuroglass"), source.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("neuroglass"), source.name


def test_csv_line_numbers_count_physical_lines(tmp_path):
    # A quoted header name spanning two lines shifts every later line by one.
    path = write(tmp_path, '"first\nfeature",label\n1,0\nbad,1\n')
    with pytest.raises(
        ValueError, match=r"line 4 \(data row 2\), column 'first\\nfeature'"
    ):
        from_csv(path)
