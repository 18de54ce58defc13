"""``neuroglass train``: its options, the data it loads (a built-in set or a CSV file),
the checks made before any work starts (the network's size, where ``--save`` and
``--record`` write), and the training itself, with a tqdm progress bar on stderr
(:class:`~neuroglass.views.progress.ProgressBar`, none with ``--quiet``) and its
printed metrics."""

from __future__ import annotations

import argparse
import os
import time

from .. import datasets
from ..datasets.described import description
from ..engine import mlp
from ..engine.optimizers import get_optimizer
from ..recorder import Recorder
from .args import (
    MAX_EPOCHS,
    MAX_SAMPLES,
    NOISE,
    SEED,
    check_params,
    feature_names,
    integer,
    load_named,
    number,
)
from .args import layers as _layers
from .messages import metrics, t
from .progress import progress_bar
from .render import summary, task


def add_parser(sub) -> None:
    train = sub.add_parser(
        "train",
        help="train a network and report its test metrics",
        description="Train a multi-layer perceptron and print its test metrics.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    _data_options(train.add_argument_group("data"))
    _model_options(train.add_argument_group("model"))
    _fit_options(train.add_argument_group("training"))


def _data_options(data) -> None:
    data.add_argument(
        "--dataset",
        default="circle",
        choices=datasets.NAMES,
        help="built-in dataset",
    )
    data.add_argument("--csv", metavar="PATH", help="train on a CSV file instead")
    data.add_argument(
        "--target",
        help="the CSV column to predict: a name, or an index from 0 (negative "
        "from the end) (default: the last column)",
    )
    data.add_argument(
        "--task",
        choices=datasets.TASKS,
        default="auto",
        help="classify or regress the target; auto: whole numbers with at most "
        f"{datasets.task.AUTO_MAX_CLASSES} distinct values (and at most half the "
        "rows) are classes, anything else is regressed",
    )
    data.add_argument(
        "--n",
        type=integer("--n", 4, MAX_SAMPLES),
        help="samples to generate (generated sets; default: the set's own)",
    )
    data.add_argument(
        "--noise", type=NOISE, help="noise of a generated set, 0-0.5 (default: 0)"
    )
    data.add_argument(
        "--features",
        type=feature_names,
        help="input features for 2-D sets, comma separated, e.g. x1,x2,x1^2,sin(x1)",
    )
    data.add_argument(
        "--test-fraction",
        type=number("--test-fraction", 0, 1, low_open=True, high_open=True),
        default=0.5,
        help="share of data held out",
    )


def _model_options(model) -> None:
    model.add_argument(
        "--layers", type=_layers, default=[4, 2], help="hidden widths, e.g. 8,8"
    )
    model.add_argument("--activation", default="tanh", help="hidden activation")
    model.add_argument("--output", help="output activation (default: from the loss)")
    model.add_argument("--loss", help="mse, bce or cross_entropy (default: from data)")
    model.add_argument("--init", help="initializer (default: from the activation)")
    model.add_argument("--dtype", default="float64", choices=["float64", "float32"])


def _fit_options(fit) -> None:
    fit.add_argument("--optimizer", default="sgd", help="sgd, momentum, nesterov, ...")
    fit.add_argument(
        "--lr", type=number("--lr", 0, 1e6), default=0.03, help="learning rate"
    )
    fit.add_argument("--epochs", type=integer("--epochs", 1, MAX_EPOCHS), default=100)
    fit.add_argument(
        "--batch-size", type=integer("--batch-size", 1, MAX_SAMPLES), default=10
    )
    fit.add_argument(
        "--l2", type=number("--l2", 0, 1e6), default=0.0, help="L2 regularization"
    )
    fit.add_argument(
        "--l1", type=number("--l1", 0, 1e6), default=0.0, help="L1 regularization"
    )
    fit.add_argument("--seed", type=SEED, default=0)
    fit.add_argument(
        "--save",
        metavar="PATH",
        help="save the trained model to PATH (.npz is added when missing)",
    )
    fit.add_argument(
        "--record",
        metavar="DIR",
        help="record the run into DIR (a new .ngrun file) or into a .ngrun path",
    )
    fit.add_argument("--quiet", action="store_true", help="no progress bar")


def _load_data(args):
    """(X, TaskChoice, source): the data and what kind of target it has."""
    if args.csv:
        X, y = datasets.from_csv(args.csv, target=args.target)
        for flag, value in (("--n", args.n), ("--noise", args.noise)):
            if value is not None:
                raise ValueError(t("n_noise_csv", flag=flag, csv=args.csv))
        choice = datasets.choose_task(
            y, args.task, what=f"the target column of {args.csv!r}"
        )
        source = f"CSV {args.csv}"
    else:
        if args.target is not None:
            raise ValueError(t("target_builtin"))
        X, y = load_named(args.dataset, n=args.n, noise=args.noise, seed=args.seed)
        choice = datasets.choose_named_task(args.dataset, y, args.task)
        source = args.dataset
    if args.features:
        if X.shape[1] != 2:
            raise ValueError(t("features_2d", source=source, n=X.shape[1]))
        X = datasets.features(X, args.features)
    return X, choice, source


def _outputs(choice, loss):
    """(loss, n_outputs): ``--loss`` or the target's default loss."""
    default, n_out = choice.default_loss()
    if loss == "cross_entropy" and n_out == 1:
        if choice.task != "classification":
            raise ValueError(t("ce_regressed", reason=choice.reason))
        n_out = choice.n_classes
    return loss or default, n_out


def _save_path(path: str) -> str:
    """The file ``--save PATH`` writes, checked before training starts."""
    if os.path.isdir(path):
        example = os.path.join(path, "model.npz")
        raise IsADirectoryError(t("save_is_dir", path=path, example=example))
    if not path.endswith(".npz"):
        path += ".npz"  # NumPy would add it anyway; say so
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise FileNotFoundError(t("save_no_folder", path=path, folder=folder))
    return path


def _record_path(path: str) -> str:
    """``--record`` takes a folder (a new run file in it) or a ``.ngrun`` path."""
    if path.endswith(".ngrun"):
        if os.path.isdir(path):
            raise IsADirectoryError(t("record_dir_named_run", path=path))
        return path
    if os.path.exists(path) and not os.path.isdir(path):
        raise FileExistsError(t("record_is_file", path=path))
    os.makedirs(path, exist_ok=True)
    return path


def _recorder(args, record_path, source, n_samples, choice):
    """The Recorder of ``--record`` (None without it). Its data description is
    enough to draw the same points again (datasets.described): the dashboard and
    `plot` regenerate a built-in set from it; a CSV's training rows are kept by
    the recorder (its data_samples)."""
    if not record_path:
        return None
    dataset = description(
        source,
        n_samples=n_samples,
        seed=args.seed,
        test_fraction=args.test_fraction,
        task=choice.task,
        noise=args.noise,
        features=args.features,
    )
    return Recorder(record_path, dataset=dataset)


def cmd_train(args) -> int:
    X, choice, source = _load_data(args)
    loss, n_out = _outputs(choice, args.loss)
    sizes = [X.shape[1], *args.layers, n_out]
    check_params(sizes)
    get_optimizer(args.optimizer, args.lr)  # a bad name fails before any output
    save_path = _save_path(args.save) if args.save else None
    record_path = _record_path(args.record) if args.record else None
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, choice.y, test_fraction=args.test_fraction, seed=args.seed
    )
    net = mlp(
        sizes,
        activation=args.activation,
        output=args.output,
        loss=loss,
        init=args.init,
        seed=args.seed,
        dtype=args.dtype,
        l1=args.l1,
        l2=args.l2,
    )
    print(t("data_line", source=source, n_train=len(X_train), n_test=len(X_test)))
    name = None if args.csv else args.dataset
    print(t("task_line", task=task(choice, name=name, asked=args.task)))
    print(summary(net))
    callbacks = [] if args.quiet else [progress_bar()]
    recorder = _recorder(args, record_path, source, len(X), choice)
    if recorder is not None:
        callbacks.append(recorder)
    start = time.perf_counter()
    history = net.fit(
        X_train,
        y_train,
        epochs=args.epochs,
        batch_size=args.batch_size,
        optimizer=args.optimizer,
        lr=args.lr,
        validation_data=(X_test, y_test),
        callbacks=callbacks,
    )
    elapsed = time.perf_counter() - start
    train = metrics("train", net.evaluate(X_train, y_train))
    test = metrics("test", net.evaluate(X_test, y_test))
    print(
        t("train_result", train=train, test=test, epochs=len(history), seconds=elapsed)
    )
    if save_path:
        net.save(save_path)
        print(t("saved", path=save_path))
    if recorder is not None:
        print(t("recorded", path=recorder.path))
    return 0
