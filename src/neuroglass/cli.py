"""The ``neuroglass`` command: parse the arguments, then call the library."""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

from . import __version__, cli_plot, datasets
from .engine import NeuroglassError, load, mlp
from .recorder import Recorder, RecorderError, open_run

PLAYGROUND = ("circle", "xor", "gauss", "spiral", "spirals", "plane", "multi_gauss")

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


def _layers(text: str) -> list[int]:
    if text.strip() in ("", "none", "0"):
        return []
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--layers takes hidden layer widths separated by commas, e.g. 8,8; got "
            f"{text!r}"
        ) from None
    if any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError(f"layer widths must be >= 1; got {text!r}")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    demo.add_argument("--epochs", type=int, default=300, help="default: %(default)s")
    demo.add_argument("--seed", type=int, default=0, help="default: %(default)s")
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
    data.add_argument("--target", help="CSV column holding the labels (default: last)")
    data.add_argument("--n", type=int, help="samples to generate (Playground sets)")
    data.add_argument(
        "--noise", type=float, default=0.0, help="Playground noise, 0-0.5"
    )
    data.add_argument(
        "--features",
        help="input features for 2-D sets, comma separated, e.g. x1,x2,x1^2,sin(x1)",
    )
    data.add_argument(
        "--test-fraction", type=float, default=0.5, help="share of data held out"
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
    fit.add_argument("--lr", type=float, default=0.03, help="learning rate")
    fit.add_argument("--epochs", type=int, default=100)
    fit.add_argument("--batch-size", type=int, default=10)
    fit.add_argument("--l2", type=float, default=0.0, help="L2 regularization")
    fit.add_argument("--l1", type=float, default=0.0, help="L1 regularization")
    fit.add_argument("--seed", type=int, default=0)
    fit.add_argument("--save", metavar="PATH", help="save the trained model (.npz)")
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
    p.add_argument("--port", type=int, default=8765, help="default: 8765")
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

    if args.host not in ("127.0.0.1", "localhost", "::1"):
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


def cmd_dashboard(args) -> int:
    open_run(args.run).close()  # a clear error now rather than in the page
    return cmd_playground(args)


def _load_data(args):
    if args.csv:
        X, y = datasets.from_csv(args.csv, target=args.target)
        task = "regression" if y.dtype.kind == "f" else "classification"
        return X, y, task, f"CSV {args.csv}"
    kwargs = {"seed": args.seed}
    if args.dataset in PLAYGROUND:
        kwargs["noise"] = args.noise
        if args.n:
            kwargs["n"] = args.n
    X, y = datasets.load(args.dataset, **kwargs)
    if args.features:
        X = datasets.features(X, [f.strip() for f in args.features.split(",")])
    task = "regression" if args.dataset in datasets.REGRESSION else "classification"
    return X, y, task, args.dataset


def _default_loss(task, y):
    if task == "regression":
        return "mse", 1
    n_classes = int(np.max(y)) + 1
    return ("bce", 1) if n_classes <= 2 else ("cross_entropy", n_classes)


def format_metrics(prefix, metrics) -> str:
    parts = [f"{prefix} loss {metrics['loss']:.4f}"]
    if "accuracy" in metrics:
        parts.append(f"{prefix} accuracy {100 * metrics['accuracy']:.1f}%")
    if "r2" in metrics:
        parts.append(f"{prefix} R^2 {metrics['r2']:.4f}")
    return "  ".join(parts)


def cmd_train(args) -> int:
    X, y, task, source = _load_data(args)
    loss, n_out = _default_loss(task, y)
    loss = args.loss or loss
    if loss == "cross_entropy" and n_out == 1:
        n_out = int(np.max(y)) + 1
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=args.test_fraction, seed=args.seed
    )
    net = mlp(
        [X.shape[1], *args.layers, n_out],
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
    print(net.summary())
    callbacks = []
    if args.record:
        if not args.record.endswith(".ngrun"):
            os.makedirs(args.record, exist_ok=True)
        description = {
            "source": source,
            "noise": args.noise,
            "features": args.features,
            "n_samples": len(X),
            "test_fraction": args.test_fraction,
        }
        recorder = Recorder(args.record, dataset=description)
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
    if args.save:
        net.save(args.save)
        print(f"saved model to {args.save}")
    if args.record:
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
    paths = sorted(
        (
            os.path.join(directory, f)
            for f in os.listdir(directory)
            if f.endswith(".ngrun")
        ),
        key=os.path.getmtime,
    )
    header = ("run", "dataset", "epochs", "loss", "accuracy", "status")
    rows = []
    for path in paths:
        try:
            with open_run(path) as run:
                s = run.summary()
        except RecorderError as exc:
            rows.append(
                (os.path.basename(path), "-", "-", "-", "-", f"unreadable: {exc}")
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
        opt = ", ".join(f"{k}={v}" for k, v in c["optimizer"].items() if k != "name")
        fit = c["fit"]
        print(f"run       {run.name}  ({os.path.getsize(path) / 1e6:.2f} MB)")
        print(f"status    {s['status']}")
        print(
            f"network   {' -> '.join(map(str, sizes))}  ({acts})  loss={c['loss']}  "
            f"dtype={net['dtype']}  seed={c['seed']}"
        )
        print(f"optimizer {c['optimizer']['name']}({opt})  schedule={c['schedule']}")
        print(
            f"training  batch {fit['batch_size']}, {fit['n_train']} train / "
            f"{fit['n_val']} validation samples, l1={fit['l1']}, l2={fit['l2']}"
        )
        print(f"dataset   {c['dataset']}")
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
    parser = build_parser()
    args = parser.parse_args(argv)
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
    except (NeuroglassError, RecorderError, FileNotFoundError, ValueError) as exc:
        print(f"neuroglass {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
