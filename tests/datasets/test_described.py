"""datasets.described: a run's description of a built-in set, read back."""

import numpy as np
import pytest

from neuroglass import datasets
from neuroglass.datasets.described import Described, described, description

CLI = {  # what `neuroglass train --record` wrote before it kept the seed
    "source": "spiral",
    "noise": 0.1,
    "features": "x1,x2,x1^2",
    "n_samples": 300,
    "test_fraction": 0.4,
    "task": "classification",
}


def test_a_cli_description_draws_the_same_split():
    d = described({"dataset": {**CLI, "seed": 4}, "seed": 99})
    assert d == Described("spiral", 300, 0.1, 4, ("x1", "x2", "x1^2"), 0.4)
    assert d.exact
    X, y = datasets.spiral(n=300, noise=0.1, seed=4)
    expected = datasets.train_test_split(X, y, test_fraction=0.4, seed=4)
    for got, want in zip(d.split(), expected):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(d.inputs(X), datasets.features(X, d.features))


def test_an_older_cli_description_uses_the_runs_seed():
    assert described({"dataset": CLI, "seed": 7}).seed == 7
    # a script's description without a seed: the network's seed is not the data's
    script = {"source": "spiral", "n_samples": 300, "noise": 0.1, "test_fraction": 0.4}
    d = described({"dataset": script, "seed": 7})
    assert d.seed is None and not d.exact
    with pytest.raises(ValueError, match="cannot be drawn again exactly"):
        d.split()


@pytest.mark.parametrize(
    ("dataset", "name"),
    [
        ("spiral", "spiral"),
        (" Multi-Gauss ", "multi_gauss"),
        ({"source": "IRIS"}, "iris"),
        ("CSV data.csv", None),
        ({"source": "CSV x.csv", "seed": 1}, None),
        ({"n_samples": 10, "n_features": 2}, None),  # the recorder's default
        ({"source": 5}, None),
        (None, None),
        ([1, 2], None),
    ],
)
def test_only_built_in_sets_are_described(dataset, name):
    d = described({"dataset": dataset, "seed": 0})
    assert (d.name if d else None) == name


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seed", "3"),
        ("seed", 1.5),
        ("seed", True),
        ("n_samples", -5),
        ("n_samples", float("nan")),
        ("noise", -1),
        ("noise", "0.1"),
        ("noise", 10**400),  # JSON holds it; float() would overflow
        ("n_samples", 10**400),
        ("seed", 2**64),
        ("test_fraction", 1.0),
        ("test_fraction", 0),
        ("features", "x1,nope"),
        ("features", 3),
    ],
)
def test_values_of_the_wrong_kind_are_not_recorded_not_guessed(field, value):
    d = described({"dataset": {**CLI, "seed": 2, field: value}, "seed": 2})
    attribute = {"n_samples": "n", "test_fraction": "test_fraction"}.get(field, field)
    assert getattr(d, attribute) is None
    assert field == "features" or not d.exact


def test_fixed_data_needs_only_its_split():
    d = described({"dataset": {"source": "iris", "test_fraction": 0.2, "seed": 1}})
    assert d.exact and d.n is None and d.noise is None
    X_train, X_test, _, _ = d.split()
    assert len(X_train) + len(X_test) == 150


def test_load_takes_overrides():
    d = described({"dataset": {**CLI, "seed": 4}})
    X, _ = d.load(n=50, noise=0.0, seed=1)
    np.testing.assert_array_equal(X, datasets.spiral(n=50, noise=0.0, seed=1)[0])


def test_not_a_config():
    assert described(None) is None and described("spiral") is None


def test_plot_draws_a_runs_data_through_the_same_description(tmp_path):
    """`neuroglass plot`'s data for a run comes from described(): the run's own
    size, noise and seed (here not the defaults); fixed data refuses --noise."""
    from argparse import Namespace

    from neuroglass import open_run
    from neuroglass.cli import main
    from neuroglass.cli.plot import _data

    args = ["--layers", "3", "--epochs", "1", "--quiet", "--seed", "5"]
    generated, fixed = tmp_path / "g.ngrun", tmp_path / "f.ngrun"
    assert main(["train", "--dataset", "gauss", "--n", "80", "--noise", "0.3", *args,
                 "--record", str(generated)]) == 0  # fmt: skip
    assert main(["train", "--dataset", "iris", *args, "--record", str(fixed)]) == 0
    plain = Namespace(dataset=None, noise=None, seed=None, kind="boundary")
    with open_run(generated) as run:
        X, y = _data(plain, run)
    expected = datasets.gauss(n=80, noise=0.3, seed=5)
    np.testing.assert_array_equal(X, expected[0])
    np.testing.assert_array_equal(y, expected[1])
    with open_run(fixed) as run:
        assert _data(plain, run)[0].shape == (150, 4)
        with pytest.raises(ValueError, match="fixed data"):
            _data(Namespace(**{**vars(plain), "noise": 0.1}), run)


def test_what_train_records_reads_back():
    """description() writes what described() reads: the same points again."""
    recorded = description(
        "spiral",
        n_samples=120,
        seed=5,
        test_fraction=0.25,
        task="classification",
        noise=0.1,
        features=["x1", "x2", "x1^2"],
    )
    assert recorded["features"] == "x1,x2,x1^2" and recorded["noise"] == 0.1
    d = described({"dataset": recorded, "seed": 99})
    assert (d.name, d.n, d.noise, d.seed) == ("spiral", 120, 0.1, 5)
    assert d.features == ("x1", "x2", "x1^2") and d.exact
    X, _ = datasets.spiral(n=120, noise=0.1, seed=5)
    assert np.array_equal(d.load()[0], X)
    plain = description(
        "CSV data.csv", n_samples=9, seed=0, test_fraction=0.5, task="regression"
    )
    assert plain["noise"] == 0.0 and plain["features"] is None
