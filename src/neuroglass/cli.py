"""The ``neuroglass`` command: parse the arguments, then call the library."""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

from . import __version__, cli_plot, datasets
from .cli_args import (
    MAX_EPOCHS,
    MAX_SAMPLES,
    NOISE,
    SEED,
    Parser,
    check_params,
    feature_names,
    integer,
    load_named,
    number,
    quiet_broken_pipe,
)
from .cli_args import layers as _layers
from .engine import NeuroglassError, load, mlp
from .engine.optimizers import get_optimizer
from .recorder import Recorder, RecorderError, open_run
from .recorder.store import run_size
from .views.text import config_rows

DESCRIPTION = """\
neuroglass: neural networks you can see through.

Train small networks on TensorFlow Playground's datasets, real data or your own
CSV file, and look at every number inside them."""

EPILOG = """\
examples:
  neuroglass demo
  neuroglass train --dataset spiral --layers 8,8 --activation tanh --lr 0.03 \\
      --epochs 300 --batch-size 10 --seed 0 --save model.npz
  neuroglass train --dataset digits --layers 64 --activation relu \\
      --optimizer adam --lr 0.001 --epochs 30 --batch-size 32
  neuroglass train --csv data.csv --target label --layers 16 --epochs 100
  neuroglass train --dataset spiral --layers 8,8 --epochs 200 --record runs/
  neuroglass runs ls runs/
  neuroglass runs show runs/run-20261128-120000.ngrun
  neuroglass plot network model.npz -o network.png
  neuroglass plot boundary runs/run-20261128-120000.ngrun -o boundary.svg
  neuroglass report runs/run-20261128-120000.ngrun -o report.html
  neuroglass info model.npz
"""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="neuroglass",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"neuroglass {__version__}"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

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

    train = sub.add_parser(
        "train",
        help="train a network and report its test metrics",
        description="Train a multi-layer perceptron and print its test metrics.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    data = train.add_argument_group("data")
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
    model = train.add_argument_group("model")
    model.add_argument(
        "--layers", type=_layers, default=[4, 2], help="hidden widths, e.g. 8,8"
    )
    model.add_argument("--activation", default="tanh", help="hidden activation")
    model.add_argument("--output", help="output activation (default: from the loss)")
    model.add_argument("--loss", help="mse, bce or cross_entropy (default: from data)")
    model.add_argument("--init", help="initializer (default: from the activation)")
    model.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    fit = train.add_argument_group("training")
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

    info = sub.add_parser("info", help="describe a saved model file")
    info.add_argument("path", help="a model saved with --save or net.save()")

    runs = sub.add_parser("runs", help="list and inspect recorded runs (.ngrun)")
    runs_sub = runs.add_subparsers(dest="runs_command", metavar="ACTION")
    ls = runs_sub.add_parser("ls", help="a table of the runs in a folder")
    ls.add_argument("dir", nargs="?", default=".", help="default: the current folder")
    show = runs_sub.add_parser("show", help="everything about one run")
    show.add_argument("run", help="a .ngrun file")
    cli_plot.add_parser(sub)
    cli_plot.add_report_parser(sub)
    _add_server_parsers(sub)
    return parser


def _server_options(p):
    p.add_argument(
        "--port", type=integer("--port", 1, 65535), default=8765, help="default: 8765"
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="default: 127.0.0.1 (this machine only); another address needs "
        "--allow-remote",
    )
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="let --host expose the server to other machines (it has no login)",
    )
    p.add_argument(
        "--no-browser", action="store_true", help="do not open a browser tab"
    )


def _add_server_parsers(sub):
    pg = sub.add_parser(
        "playground",
        help="the live browser playground (TensorFlow Playground, on this engine)",
    )
    _server_options(pg)
    pg.add_argument(
        "--runs",
        default=None,
        metavar="DIR",
        help="keep every session's run file in DIR (default: a temporary folder, "
        "deleted on exit; the page can still download each run)",
    )
    dash = sub.add_parser(
        "dashboard", help="replay a recorded run (.ngrun) in the playground's page"
    )
    dash.add_argument("run", help="a .ngrun file, from the playground or a script")
    _server_options(dash)


def cmd_playground(args) -> int:
    from .views.playground import serve

    local = args.host in ("127.0.0.1", "localhost", "::1")
    if not local and not args.allow_remote:
        raise ValueError(
            f"--host {args.host} would let other machines reach the playground (it "
            "has no login); pass --allow-remote as well if that is what you want."
        )
    runs_dir = getattr(args, "runs", None)
    if runs_dir is not None:
        if os.path.exists(runs_dir) and not os.path.isdir(runs_dir):
            raise FileExistsError(
                f"--runs {runs_dir!r} is an existing file, not a folder; pass a folder "
                "for the sessions' run files."
            )
        os.makedirs(runs_dir, exist_ok=True)  # fails now if it cannot exist
    _check_port(args.host, args.port)
    if not local:
        print(
            f"warning: serving on {args.host}: anyone who can reach this address can "
            "use the playground.",
            file=sys.stderr,
        )
    serve(
        args.host,
        args.port,
        open_browser=not args.no_browser,
        runs_dir=getattr(args, "runs", None),
        replay=getattr(args, "run", None),
        allow_remote=args.allow_remote,
    )
    return 0


def _check_port(host, port) -> None:
    """Fail now, in one line, if ``host:port`` cannot be served (before any
    temporary folder exists)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValueError(
            f"--host {host!r} is not an address of this machine: {exc}."
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise OSError(
                f"cannot serve on {host} port {port}: {exc.strerror or exc}; is "
                "another program (or another playground) using it? Pass --port "
                "with another number."
            ) from None


def cmd_dashboard(args) -> int:
    open_run(args.run).close()  # a clear error now rather than in the page
    return cmd_playground(args)


def _load_data(args):
    """(X, y, TaskChoice, source): the data and what kind of target it has."""
    if args.csv:
        X, y = datasets.from_csv(args.csv, target=args.target)
        for flag, value in (("--n", args.n), ("--noise", args.noise)):
            if value is not None:
                raise ValueError(
                    f"{flag} applies to generated data sets, not to --csv {args.csv}."
                )
        choice = datasets.choose_task(
            y, args.task, what=f"the target column of {args.csv!r}"
        )
        source = f"CSV {args.csv}"
    else:
        if args.target is not None:
            raise ValueError(
                "--target picks a column of --csv data; built-in data sets have "
                "their own target."
            )
        X, y = load_named(args.dataset, n=args.n, noise=args.noise, seed=args.seed)
        what = f"the {args.dataset} data set"
        if args.task == "auto":
            if args.dataset in datasets.REGRESSION:
                choice = datasets.choose_task(y, "regress", what=what)
                reason = f"{args.dataset} is a regression data set"
            else:
                choice = datasets.choose_task(y, "classify", what=what)
                reason = f"{args.dataset} is a classification data set"
            choice = datasets.TaskChoice(choice.task, choice.y, choice.classes, reason)
        else:
            choice = datasets.choose_task(y, args.task, what=what)
        source = args.dataset
    if args.features:
        if X.shape[1] != 2:
            raise ValueError(
                f"--features maps the two inputs of a 2-D data set; {source} has "
                f"{X.shape[1]} input columns. Drop --features."
            )
        X = datasets.features(X, args.features)
    return X, choice, source


def _default_loss(choice):
    if choice.task == "regression":
        return "mse", 1
    k = choice.n_classes
    return ("bce", 1) if k <= 2 else ("cross_entropy", k)


def _save_path(path: str) -> str:
    """The file ``--save PATH`` writes, checked before training starts."""
    if os.path.isdir(path):
        raise IsADirectoryError(
            f"--save {path!r} is a folder; pass a file name such as "
            f"{os.path.join(path, 'model.npz')!r}."
        )
    if not path.endswith(".npz"):
        path += ".npz"  # NumPy would add it anyway; say so
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"--save {path!r}: the folder {folder!r} does not exist; create it first."
        )
    return path


def _record_path(path: str) -> str:
    """``--record`` takes a folder (a new run file in it) or a ``.ngrun`` path."""
    if path.endswith(".ngrun"):
        if os.path.isdir(path):
            raise IsADirectoryError(
                f"--record {path!r} is a folder named like a run file; pass another "
                "name."
            )
        return path
    if os.path.exists(path) and not os.path.isdir(path):
        raise FileExistsError(
            f"--record {path!r} is an existing file, not a folder; pass a folder "
            "(a new run file is created in it) or a path ending in .ngrun."
        )
    os.makedirs(path, exist_ok=True)
    return path


def format_metrics(prefix, metrics) -> str:
    parts = [f"{prefix} loss {metrics['loss']:.4f}"]
    if "accuracy" in metrics:
        parts.append(f"{prefix} accuracy {100 * metrics['accuracy']:.1f}%")
    if "r2" in metrics:
        parts.append(f"{prefix} R^2 {metrics['r2']:.4f}")
    return "  ".join(parts)


def cmd_train(args) -> int:
    X, choice, source = _load_data(args)
    y = choice.y
    loss, n_out = _default_loss(choice)
    loss = args.loss or loss
    if loss == "cross_entropy" and n_out == 1:
        if choice.task != "classification":
            raise ValueError(
                "--loss cross_entropy needs class labels, but the target is "
                f"regressed ({choice.reason}); pass --task classify or another loss."
            )
        n_out = choice.n_classes
    sizes = [X.shape[1], *args.layers, n_out]
    check_params(sizes)
    get_optimizer(args.optimizer, args.lr)  # a bad name fails before any output
    save_path = _save_path(args.save) if args.save else None
    record_path = _record_path(args.record) if args.record else None
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=args.test_fraction, seed=args.seed
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
    print(f"data: {source}, {len(X_train)} train / {len(X_test)} test samples")
    print(f"task: {choice.describe()}")
    print(net.summary())
    callbacks = []
    if record_path:
        # enough to draw the same points again (datasets.described): the
        # dashboard and `plot` regenerate a built-in set from this; a CSV's
        # training rows are kept by the recorder (its data_samples)
        description = {
            "source": source,
            "noise": args.noise or 0.0,
            "features": ",".join(args.features) if args.features else None,
            "n_samples": len(X),
            "seed": args.seed,
            "test_fraction": args.test_fraction,
            "task": choice.task,
        }
        recorder = Recorder(record_path, dataset=description)
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
        verbose=not args.quiet,
        callbacks=callbacks,
    )
    elapsed = time.perf_counter() - start
    train_metrics = net.evaluate(X_train, y_train)
    test_metrics = net.evaluate(X_test, y_test)
    print(
        f"{format_metrics('train', train_metrics)}  |  "
        f"{format_metrics('test', test_metrics)}  |  "
        f"{len(history)} epochs in {elapsed:.1f} s"
    )
    if save_path:
        net.save(save_path)
        print(f"saved model to {save_path}")
    if record_path:
        print(f"recorded the run to {recorder.path}")
    return 0


def decision_map(net, X, y, width=56, height=22) -> str:
    """The decision regions of a 2-input classifier as text: '+' for class 1."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    xs = np.linspace(lo[0], hi[0], width)
    ys = np.linspace(hi[1], lo[1], height)
    grid = np.array([[x, v] for v in ys for x in xs])
    classes = net.predict_classes(grid).reshape(height, width)
    rows = ["".join("+" if c else "." for c in row) for row in classes]
    cells = {}
    for (px, py), label in zip(X, y):
        col = round((px - lo[0]) / (hi[0] - lo[0]) * (width - 1))
        row = round((hi[1] - py) / (hi[1] - lo[1]) * (height - 1))
        cells[(row, col)] = "O" if label else "x"
    out = []
    for r, line in enumerate(rows):
        chars = list(line)
        for (row, col), mark in cells.items():
            if row == r:
                chars[col] = mark
        out.append("  |" + "".join(chars) + "|")
    border = "  +" + "-" * width + "+"
    return "\n".join([border, *out, border])


def cmd_demo(args) -> int:
    X, y = datasets.spiral(n=500, noise=0.0, seed=args.seed)
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=0.5, seed=args.seed
    )
    net = mlp(
        [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=args.seed
    )
    print(
        "neuroglass demo: two interleaved spirals (TensorFlow Playground's hardest set)"
    )
    print(net.summary())
    start = time.perf_counter()
    net.fit(
        X_train,
        y_train,
        epochs=args.epochs,
        batch_size=10,
        optimizer="adam",
        lr=0.01,
        validation_data=(X_test, y_test),
        verbose=not args.quiet,
    )
    elapsed = time.perf_counter() - start
    test = net.evaluate(X_test, y_test)
    print(f"{format_metrics('test', test)}  ({args.epochs} epochs in {elapsed:.1f} s)")
    print("decision regions (+ class 1, . class 0; test points O = 1, x = 0):")
    print(decision_map(net, X_test, y_test))
    print("next: neuroglass train --help")
    return 0


def cmd_info(args) -> int:
    net = load(args.path)
    print(net.summary())
    print(f"trained for {net.epochs_trained} epochs ({net.steps_trained} steps)")
    return 0


def _fmt(value, percent=False) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.1f}%" if percent else f"{value:.4f}"


def _dataset_name(dataset) -> str:
    if isinstance(dataset, dict):
        return str(dataset.get("source") or f"{dataset.get('n_samples', '?')} samples")
    return str(dataset)


def cmd_runs(args) -> int:
    if args.runs_command == "show":
        return cmd_runs_show(args.run)
    directory = getattr(args, "dir", ".")
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"no folder {directory!r}")

    def modified(path):  # a dangling link has none: listed first, unreadable
        try:
            return os.path.getmtime(path)
        except OSError:
            return 0.0

    paths = sorted(
        (
            os.path.join(directory, f)
            for f in os.listdir(directory)
            if f.endswith(".ngrun")
        ),
        key=modified,
    )
    header = ("run", "dataset", "epochs", "loss", "accuracy", "status")
    rows = []
    for path in paths:
        try:
            with open_run(path) as run:
                s = run.summary()
        except RecorderError as exc:  # damaged, not a run, or gone: say so
            reason = " ".join(str(exc).split())
            rows.append(
                (os.path.basename(path), "-", "-", "-", "-", f"unreadable: {reason}")
            )
            continue
        loss = (
            s["final_val_loss"] if s["final_val_loss"] is not None else s["final_loss"]
        )
        acc = (
            s["final_val_accuracy"]
            if s["final_val_accuracy"] is not None
            else s["final_accuracy"]
        )
        rows.append(
            (
                os.path.basename(path),
                _dataset_name(s["dataset"]),
                str(s["epochs"]),
                _fmt(loss),
                _fmt(acc, percent=True),
                s["status"],
            )
        )
    if not rows:
        print(f"no runs (.ngrun files) in {directory}")
        return 0
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print("(loss and accuracy: validation where recorded, else training)")
    return 0


def cmd_runs_show(path) -> int:
    with open_run(path) as run:
        c = run.config
        s = run.summary()
        net = c["network"]
        sizes = [net["layers"][0]["n_in"]] + [layer["n_out"] for layer in net["layers"]]
        acts = ", ".join(layer["activation"] for layer in net["layers"])
        # the size on disk, with the WAL: a run being written keeps its newest
        # data there
        print(f"run       {run.name}  ({run_size(path) / 1e6:.2f} MB)")
        print(f"status    {s['status']}")
        print(
            f"network   {' -> '.join(map(str, sizes))}  ({acts})  loss={c['loss']}  "
            f"dtype={net['dtype']}  seed={c['seed']}"
        )
        for label, text in config_rows(c):  # the same words as the HTML report
            print(f"{label:9} {text}")
        print(
            f"epochs    {s['epochs']} recorded, {len(run.snapshot_epochs)} snapshots, "
            f"{len(run.steps['step'])} step losses"
        )
        print(
            f"final     loss {_fmt(s['final_loss'])}  accuracy "
            f"{_fmt(s['final_accuracy'], True)}  val_loss {_fmt(s['final_val_loss'])}  "
            f"val_accuracy {_fmt(s['final_val_accuracy'], True)}"
        )
        diagnostics = run.diagnostics()
        print(f"diagnostics ({len(diagnostics)})" + (":" if diagnostics else ": none"))
        for d in diagnostics:
            print(f"  - {d}")
    return 0


def main(argv=None) -> int:
    """Run the ``neuroglass`` command; returns the exit status.

    Errors the user can fix (bad options, missing or broken files, data the
    library refuses) are one line on stderr and status 2; ``--help`` is 0; a
    closed stdout (``neuroglass ... | head``) ends quietly with status 1.
    """
    try:
        code = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        return quiet_broken_pipe()


def _main(argv) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (one line)
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 0
    commands = {
        "plot": cli_plot.run,
        "report": cli_plot.run_report,
        "demo": cmd_demo,
        "train": cmd_train,
        "info": cmd_info,
        "runs": cmd_runs,
        "playground": cmd_playground,
        "dashboard": cmd_dashboard,
    }
    try:
        return commands[args.command](args)
    except BrokenPipeError:
        raise
    except (NeuroglassError, RecorderError, OSError, ValueError) as exc:
        return _error(args.command, exc)
    except MemoryError:
        return _error(
            args.command,
            "not enough memory for this; use less data or a smaller network",
        )
    except RecursionError:
        source = next(
            (
                getattr(args, k)
                for k in ("path", "run", "source", "csv")
                if getattr(args, k, None)
            ),
            "the input",
        )
        return _error(args.command, f"{source!r} is nested too deeply to read")
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


def _error(command, exc) -> int:
    """One line on stderr: ``neuroglass COMMAND: error: what went wrong``."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        text = f"{exc.strerror}: {exc.filename!r}"  # not "[Errno 2] ..."
    try:
        print(f"neuroglass {command}: error: {text}", file=sys.stderr)
    except BrokenPipeError:  # pragma: no cover - stderr closed too
        pass
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
