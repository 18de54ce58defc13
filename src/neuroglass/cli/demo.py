"""``neuroglass demo``: a 2-16-16-1 tanh network trained on the two spirals, its
summary and test metrics, and its decision regions drawn as text
(:func:`neuroglass.views.text.decision_map`)."""

from __future__ import annotations

import time

from .. import datasets
from ..engine import mlp
from ..views.text import decision_map
from .args import MAX_EPOCHS, SEED, integer
from .messages import metrics, t
from .progress import progress_bar
from .render import summary


def add_parser(sub) -> None:
    demo = sub.add_parser(
        "demo",
        help="train a network on the two-spirals dataset and show what it learned",
        description="Train a 2-16-16-1 tanh network on TensorFlow Playground's "
        "spiral, then print its summary, accuracy and decision regions.",
    )
    demo.add_argument(
        "--epochs",
        type=integer("--epochs", 1, MAX_EPOCHS),
        default=300,
        help="default: %(default)s",
    )
    demo.add_argument("--seed", type=SEED, default=0, help="default: %(default)s")
    demo.add_argument("--quiet", action="store_true", help="no progress bar")


def cmd_demo(args) -> int:
    X, y = datasets.spiral(n=500, noise=0.0, seed=args.seed)
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=0.5, seed=args.seed
    )
    net = mlp(
        [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=args.seed
    )
    print(t("demo_title"))
    print(summary(net))
    start = time.perf_counter()
    net.fit(
        X_train,
        y_train,
        epochs=args.epochs,
        batch_size=10,
        optimizer="adam",
        lr=0.01,
        validation_data=(X_test, y_test),
        callbacks=[] if args.quiet else [progress_bar()],
    )
    elapsed = time.perf_counter() - start
    test = net.evaluate(X_test, y_test)
    line = t(
        "demo_result",
        metrics=metrics("test", test),
        epochs=args.epochs,
        seconds=elapsed,
    )
    print(line)
    print(t("demo_regions"))
    print(decision_map(net, X_test, y_test))
    print(t("demo_next"))
    return 0
