"""Benchmark: neuroglass.MLPClassifier against scikit-learn's, same settings.

digits (X / 16), hidden_layer_sizes=(64,), solver="adam", max_iter=200,
random_state=0, and no early stop (n_iter_no_change above max_iter, tol=0), so
both run exactly 200 iterations. Target: neuroglass at least 1.5x faster.
"""

from __future__ import annotations

import warnings

from bench_common import Config, Contender, Row, interleave

NAME = "estimator"
TARGET = 1.5
PARAMS = {
    "hidden_layer_sizes": (64,),
    "solver": "adam",
    "max_iter": 200,
    "random_state": 0,
    "n_iter_no_change": 10**6,
    "tol": 0.0,
}


def run(cfg: Config) -> list[Row]:
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier as SklearnMLP

    from neuroglass import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    params = dict(PARAMS, max_iter=40 if cfg.quick else 200)

    def contender(name, cls):
        def setup():
            model = cls(**params)

            def fit():
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    model.fit(X, y)
                assert model.n_iter_ == params["max_iter"]
                return model.score(X, y)

            return fit

        return Contender(name, setup)

    t = interleave(
        [contender("neuroglass", MLPClassifier), contender("sklearn", SklearnMLP)],
        cfg,
        NAME,
        budget_s=60 if cfg.quick else 150,
    )
    ours, theirs = t["neuroglass"].median, t["sklearn"].median
    speedup = theirs / ours
    return [
        Row(
            benchmark=NAME,
            contender="neuroglass MLPClassifier",
            unit="s",
            median=ours,
            best=t["neuroglass"].min,
            ratio=speedup,
            ratio_text=f"{speedup:.2f}x faster",
            target_text=f">= {TARGET:g}x",
            passed=speedup >= TARGET,
            raw_seconds=t["neuroglass"].times,
            noisy=t.noisy,
            details={"train_accuracy": t["neuroglass"].last_result, **params},
        ),
        Row(
            benchmark=NAME,
            contender="sklearn MLPClassifier",
            unit="s",
            median=theirs,
            best=t["sklearn"].min,
            raw_seconds=t["sklearn"].times,
            noisy=t.noisy,
            details={"train_accuracy": t["sklearn"].last_result},
        ),
    ]
