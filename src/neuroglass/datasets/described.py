"""A built-in data set as a recorded run describes it: enough to draw it again.

``neuroglass train --record`` keeps the data set's name, size, noise, seed,
input features and test fraction in the run's configuration; this module reads
such a description back and regenerates the same points (``neuroglass plot`` and
``report`` draw a run's data with it, ``neuroglass dashboard`` draws its train
and test points).

>>> d = described({"dataset": {"source": "spiral", "n_samples": 200,
...     "noise": 0.1, "seed": 3, "test_fraction": 0.5}, "seed": 0})
>>> d.name, d.n, d.seed
('spiral', 200, 3)
>>> [part.shape for part in d.split()]
[(100, 2), (100, 2), (100,), (100,)]
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from .features import features
from .split import train_test_split

__all__ = ["Described", "described", "description"]

#: the keys ``neuroglass train --record`` writes (runs before it wrote "seed"
#: drew their data with the network's seed, the run's own "seed")
_CLI_KEYS = frozenset({"source", "n_samples", "noise", "test_fraction", "task"})


@dataclass(frozen=True)
class Described:
    """A built-in data set as a run recorded it.

    Attributes
    ----------
    name : str
        One of :data:`neuroglass.datasets.NAMES`.
    n : int or None
        Size of a generated set (None: the loader's default, or fixed data).
    noise : float or None
        Noise of a generated set (None: not recorded).
    seed : int or None
        Seed the points were drawn with and split with; None when the run does
        not say (then the points cannot be trusted to be the run's own).
    features : tuple of str or None
        Playground features the network's inputs were computed as.
    test_fraction : float or None
        Share held out for testing, split with ``seed`` by
        :func:`~neuroglass.datasets.train_test_split`; None when not recorded.
    """

    name: str
    n: int | None = None
    noise: float | None = None
    seed: int | None = None
    features: tuple[str, ...] | None = None
    test_fraction: float | None = None

    @property
    def exact(self) -> bool:
        """Whether the run's own train and test points can be drawn again."""
        from . import FIXED

        drawn_known = self.name in FIXED or (
            self.n is not None and self.noise is not None
        )
        split_known = self.test_fraction is not None and self.seed is not None
        return drawn_known and split_known

    def load(self, *, n=None, noise=None, seed=None):
        """``(X, y)``: the raw points (before features), every one of them.

        ``n``, ``noise`` and ``seed`` override the recorded values; a seed that
        was not recorded is 0.
        """
        from . import FIXED, load

        if self.name in FIXED:
            return load(self.name)
        kwargs = {
            "seed": _first(seed, self.seed, 0),
            "noise": _first(noise, self.noise, 0.0),
        }
        n = _first(n, self.n)
        if n is not None:
            kwargs["n"] = n
        return load(self.name, **kwargs)

    def split(self):
        """``(X_train, X_test, y_train, y_test)``: the raw points of each part,
        exactly as the run split them. Raises ValueError when the run did not
        record its split (see :attr:`exact`)."""
        if not self.exact:
            raise ValueError(
                f"the run does not record how its {self.name} data was drawn and "
                "split (size, noise, seed and test fraction); it cannot be drawn "
                "again exactly."
            )
        X, y = self.load()
        return train_test_split(X, y, test_fraction=self.test_fraction, seed=self.seed)

    def inputs(self, X) -> np.ndarray:
        """The network's inputs for raw points ``X``: their features, if any."""
        return X if self.features is None else features(X, self.features)


def _first(*values):
    return next((v for v in values if v is not None), None)


def _number(value, integer=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if integer and isinstance(value, numbers.Integral):
        # exact (a seed may be wider than a float's 53 bits), and within int64
        return int(value) if -(2**63) <= value < 2**63 else None
    try:
        number = float(value)  # an int of 400 digits (JSON allows it) overflows
    except (OverflowError, ValueError):
        return None
    if not math.isfinite(number) or (integer and not number.is_integer()):
        return None
    return int(number) if integer else number


def _features(value):
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)) or not value:
        return None
    try:
        features(np.zeros((1, 2)), value)  # every name known
    except ValueError:
        return None
    return tuple(value)


def description(
    source: str,
    *,
    n_samples: int,
    seed: int,
    test_fraction: float,
    task: str,
    noise: float | None = None,
    features=None,
) -> dict:
    """What a run records about its data: enough to draw the same points again.

    The inverse of :func:`described` (``neuroglass train --record`` writes it):
    ``source`` is a built-in set's name or ``"CSV path"`` (whose training rows
    the recorder keeps instead), ``n_samples`` the rows before the split,
    ``noise`` that of a generated set (None: 0), ``features`` the input
    features (a list of names, or None), ``task`` ``"classification"`` or
    ``"regression"``.

    >>> description("spiral", n_samples=200, seed=3, test_fraction=0.5,
    ...             task="classification")["features"] is None
    True
    """
    return {
        "source": source,
        "noise": noise or 0.0,
        "features": ",".join(features) if features else None,
        "n_samples": n_samples,
        "seed": seed,
        "test_fraction": test_fraction,
        "task": task,
    }


def described(config) -> Described | None:
    """The built-in data set a run's configuration describes, or None.

    ``config`` is a run's configuration (``run.config``): its ``"dataset"`` is a
    name (``"spiral"``) or a dict with ``"source"`` and optionally
    ``"n_samples"``, ``"noise"``, ``"seed"``, ``"features"`` (a list or a
    comma-separated string) and ``"test_fraction"``. A seed is taken from the
    description; a description written by ``neuroglass train`` before it kept
    the seed uses the run's ``"seed"`` (the command drew its data with the
    network's seed). Values of the wrong type are ignored (treated as not
    recorded), never guessed.
    """
    from . import FIXED, GENERATED, NAMES

    if not isinstance(config, dict):
        return None
    dataset = config.get("dataset")
    if isinstance(dataset, str):
        dataset = {"source": dataset}
    if not isinstance(dataset, dict):
        return None
    name = dataset.get("source")
    name = name.strip().lower().replace("-", "_") if isinstance(name, str) else None
    if name not in NAMES:
        return None
    seed = _number(dataset.get("seed"), integer=True)
    if "seed" not in dataset and _CLI_KEYS <= dataset.keys():
        seed = _number(config.get("seed"), integer=True)
    fraction = _number(dataset.get("test_fraction"))
    if fraction is not None and not 0 < fraction < 1:
        fraction = None
    generated = name in GENERATED and name not in FIXED
    n = _number(dataset.get("n_samples"), integer=True) if generated else None
    noise = _number(dataset.get("noise")) if generated else None
    return Described(
        name=name,
        n=n if n is not None and n > 0 else None,
        noise=noise if noise is not None and noise >= 0 else None,
        seed=seed,
        features=_features(dataset.get("features")),
        test_fraction=fraction,
    )
