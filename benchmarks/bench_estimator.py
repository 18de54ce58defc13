"""Benchmark: neuroglass.MLPClassifier against scikit-learn's, same settings.

digits (X / 16), hidden_layer_sizes=(64,), solver="adam", max_iter=200,
random_state=0, and no early stop (n_iter_no_change above max_iter, tol=0), so
both run exactly 200 iterations (asserted). ``fit`` is timed, interleaved, with
scikit-learn's ConvergenceWarning silenced. Target: neuroglass at least 1.5x
faster. The training accuracies are reported for context.
"""

from __future__ import annotations

import warnings

from bench_common import Config, Contender, Row, interleave, paired_ratio

NAME = "estimator"
TARGET = 1.5
MAX_ITER, MAX_ITER_QUICK = 200, 40
PARAMS = {
    "hidden_layer_sizes": (64,),
    "solver": "adam",
    "max_iter": MAX_ITER,
    "random_state": 0,
    "n_iter_no_change": 10**6,
    "tol": 0,
}


def _contender(name, cls, params, X, y) -> Contender:
    from sklearn.exceptions import ConvergenceWarning

    def setup():
        model = cls(**params)

        def fit():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model.fit(X, y)
            return model

        return fit

    return Contender(name, setup)


def run(cfg: Config) -> list[Row]:
    from sklearn.datasets import load_digits
    from sklearn.neural_network import MLPClassifier as SklearnMLP

    from neuroglass import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    params = dict(PARAMS, max_iter=MAX_ITER_QUICK if cfg.quick else MAX_ITER)
    t = interleave(
        [
            _contender("neuroglass", MLPClassifier, params, X, y),
            _contender("sklearn", SklearnMLP, params, X, y),
        ],
        cfg,
        NAME,
        budget_s=30 if cfg.quick else 60,
    )
    info = {}
    for name in ("neuroglass", "sklearn"):
        model = t[name].last_result
        assert model.n_iter_ == params["max_iter"], (name, model.n_iter_)
        info[name] = {
            "n_iter": int(model.n_iter_),
            "train_accuracy": float(model.score(X, y)),
            "final_loss": float(model.loss_),
        }

    bench = NAME if not cfg.quick else f"{NAME} ({params['max_iter']} iter)"
    ours, theirs = t["neuroglass"], t["sklearn"]
    speedup = theirs.median / ours.median
    common = {**params, "n_samples": len(X), "n_features": X.shape[1]}
    rows = [
        Row(
            benchmark=bench,
            contender="neuroglass MLPClassifier fit",
            unit="s",
            median=ours.median,
            best=ours.min,
            ratio=speedup,
            ratio_text=f"{speedup:.2f}x faster",
            target_text=f">= {TARGET:g}x faster",
            passed=speedup >= TARGET,
            raw_seconds=ours.times,
            details={
                **common,
                **info["neuroglass"],
                "paired_speedup": 1 / paired_ratio(ours, theirs),
                "timing": t.summary(),
            },
        ),
        Row(
            benchmark=bench,
            contender="sklearn MLPClassifier fit",
            unit="s",
            median=theirs.median,
            best=theirs.min,
            ratio=1.0,
            ratio_text="1.00x",
            raw_seconds=theirs.times,
            details={**common, **info["sklearn"]},
        ),
    ]
    for name in ("neuroglass", "sklearn"):
        rows.append(
            Row(
                benchmark=bench,
                contender=f"{name} training accuracy (context)",
                unit="%",
                median=100 * info[name]["train_accuracy"],
                details=info[name],
            )
        )
    for row in rows[:2]:
        row.noisy = t.noisy
    return rows
