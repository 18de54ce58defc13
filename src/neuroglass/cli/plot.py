"""``neuroglass plot KIND SOURCE -o FILE``: any figure of a model or a run; and
``neuroglass report RUN``, a run's HTML report.  Both take the data a figure needs
from ``--dataset`` or from the run's own recorded description."""

from __future__ import annotations

import argparse
import os

from .args import (
    MAX_DPI,
    MAX_EPOCHS,
    MAX_PIXELS,
    MIN_DPI,
    NOISE,
    SEED,
    integer,
    load_named,
)
from .messages import t

KINDS = {
    "network": "neurons and connections with their weights",
    "boundary": "the decision boundary over the input plane, with the data",
    "neurons": "every neuron's output over the input plane",
    "history": "loss curves (a run)",
    "landscape": "the loss landscape (and the optimizer's path, for a run)",
}
RUN_KINDS = {
    "distributions": "weights per layer over training, as bands (a run)",
    "gradient-flow": "gradient norms per layer over training (a run)",
    "update-ratios": "log10 ||dW|| / ||W|| per layer over training (a run)",
    "activations": "the probe batch's activations, dead/saturated units marked",
    "dashboard": "the main panels of a run in one figure",
}


def add_parser(sub) -> None:
    kinds = {**KINDS, **RUN_KINDS}
    plot = sub.add_parser(
        "plot",
        help="draw a figure of a model (.npz) or a run (.ngrun) to PNG/SVG/PDF",
        description="Draw a figure of a saved model or a recorded run.\n\n"
        + "\n".join(f"  {k:14} {v}" for k, v in kinds.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plot.add_argument(
        "kind", choices=list(kinds), metavar="KIND", help="what to draw (see above)"
    )
    plot.add_argument("source", help="a model saved with --save, or a .ngrun run")
    plot.add_argument(
        "-o", "--output", required=True, help="the image file: .png, .svg or .pdf"
    )
    plot.add_argument(
        "--epoch",
        type=integer("--epoch", 0, MAX_EPOCHS),
        help="for a run: the snapshot epoch (from 0; `runs show` lists them)",
    )
    _data_options(plot, "boundary/landscape")
    plot.add_argument(
        "--layer",
        type=integer("--layer", 0, 10_000),
        default=0,
        help="for distributions: which layer (from 0)",
    )
    plot.add_argument(
        "--mode",
        default="weights",
        choices=["weights", "gradients", "updates"],
        help="for network: what the edges show",
    )
    plot.add_argument(
        "--dpi",
        type=integer("--dpi", MIN_DPI, MAX_DPI),
        default=120,
        help="resolution of a PNG (default: %(default)s)",
    )


def _data_options(parser, what) -> None:
    from .. import datasets

    parser.add_argument(
        "--dataset",
        choices=datasets.NAMES,
        metavar="NAME",
        help=f"data for {what}: one of {', '.join(datasets.NAMES)} (default: the "
        "run's dataset, when it is a built-in one)",
    )
    parser.add_argument(
        "--noise",
        type=NOISE,
        help="noise of a generated set, 0-0.5 (default: the run's, else 0)",
    )
    parser.add_argument(
        "--seed",
        type=SEED,
        help="seed of a generated set (default: the run's, else 0)",
    )


def add_report_parser(sub) -> None:
    report = sub.add_parser(
        "report",
        help="a self-contained HTML report of a run (figures, diagnostics, math)",
    )
    report.add_argument("run", help="a .ngrun file")
    report.add_argument(
        "-o",
        "--output",
        default="report.html",
        help="the HTML file (default: %(default)s)",
    )
    _data_options(report, "the boundary, landscape and worked example")


def run_report(args) -> int:
    import matplotlib

    matplotlib.use("Agg")
    from .. import open_run
    from ..views.report import write_report

    _check_writable(args.output)
    with open_run(args.run) as run:
        args.kind = "report"
        n_in = run.config["network"]["layers"][0]["n_in"]
        if args.dataset is not None:  # asked for: it must fit
            data = _data(args, run)
            _check_inputs(data, n_in, args.dataset)
        else:
            try:
                data = _data(args, run)
                _check_inputs(data, n_in, t("the_runs_data"))
            except ValueError:
                data = None  # the report then uses the run's probe batch
        write_report(run, args.output, data)
    print(t("wrote", path=args.output))
    return 0


def _check_writable(output) -> None:
    """The output file's folder must exist: say so before drawing anything."""
    if os.path.isdir(output):
        raise IsADirectoryError(t("output_is_dir", path=output))
    folder = os.path.dirname(output) or "."
    if not os.path.isdir(folder):
        raise FileNotFoundError(t("output_no_folder", path=output, folder=folder))


def _check_inputs(data, n_in, what) -> None:
    if data[0].shape[1] != n_in:
        have = data[0].shape[1]
        raise ValueError(t("inputs_mismatch", what=what, have=have, n_in=n_in))


def _check_epoch(run, epoch) -> None:
    have = [int(e) for e in run.snapshot_epochs]
    if epoch is not None and epoch not in have:
        shown = have if len(have) <= 12 else [*have[:6], "...", *have[-5:]]
        epochs = ", ".join(map(str, shown))
        raise ValueError(t("no_snapshot", epoch=epoch, run=run.name, epochs=epochs))


def _check_layer(run, layer) -> None:
    count = len(run.config["network"]["layers"])
    if layer >= count:
        raise ValueError(t("bad_layer", layer=layer, count=count, last=count - 1))


def _check_pixels(fig, dpi) -> None:
    width, height = fig.get_size_inches()
    pixels = width * height * dpi * dpi
    if pixels > MAX_PIXELS:
        most = int((MAX_PIXELS / (width * height)) ** 0.5)
        raise ValueError(
            t(
                "too_many_pixels",
                dpi=dpi,
                width=width,
                height=height,
                px_width=width * dpi,
                px_height=height * dpi,
                millions=MAX_PIXELS / 1e6,
                most=most,
            )
        )


def _data(args, run):
    """The data a figure needs: --dataset, or the built-in set the run recorded
    (drawn again with the run's own size, noise and seed unless told otherwise)."""
    from .. import datasets
    from ..datasets.described import described

    recorded = described(run.config) if args.dataset is None and run else None
    if recorded is not None and recorded.name in datasets.FIXED:
        return load_named(recorded.name, noise=args.noise)  # refuses --noise
    if recorded is not None:  # the run's own data: its size, noise and seed
        seed = _first(args.seed, recorded.seed, run.config.get("seed"))
        return recorded.load(noise=args.noise, seed=seed)
    if args.dataset is None:
        names = ", ".join(datasets.NAMES)
        raise ValueError(t("needs_data", kind=args.kind, names=names))
    seed = 0 if args.seed is None else args.seed
    return load_named(args.dataset, noise=args.noise, seed=seed)


def _first(*values):
    return next((v for v in values if v is not None), None)


def run(args) -> int:
    import matplotlib

    matplotlib.use("Agg")  # a command line tool draws to files
    import matplotlib.pyplot as plt

    from .. import load, open_run

    suffix = os.path.splitext(args.output)[1].lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise ValueError(t("output_suffix", path=args.output))
    _check_writable(args.output)
    is_run = args.source.endswith(".ngrun")
    source = open_run(args.source) if is_run else load(args.source)
    try:
        if is_run:
            _check_epoch(source, args.epoch)
            _check_layer(source, args.layer)
        if args.kind in RUN_KINDS or args.kind == "history":
            if not is_run:
                raise ValueError(t("needs_run", kind=args.kind, source=args.source))
        ax = _draw(args, source, is_run)
        fig = ax if hasattr(ax, "savefig") else ax.figure
        try:
            _check_pixels(fig, args.dpi)
            fig.savefig(args.output, dpi=args.dpi, bbox_inches="tight")
        finally:
            plt.close(fig)
    finally:
        if is_run:
            source.close()
    print(t("wrote", path=args.output))
    return 0


def _draw(args, source, is_run):
    """The figure ``args.kind`` of a model or a run (its Axes or Figure)."""
    from ..views import figures

    n_in = source.config["network"]["layers"][0]["n_in"] if is_run else source.n_inputs

    def data():
        X, y = _data(args, source if is_run else None)
        _check_inputs((X, y), n_in, args.dataset or t("the_runs_data"))
        return X, y

    draw = {
        "network": lambda: figures.plot_network(
            source, epoch=args.epoch, mode=args.mode
        ),
        "boundary": lambda: figures.plot_decision_boundary(
            source, *data(), epoch=args.epoch
        ),
        "neurons": lambda: figures.plot_neuron_maps(source, epoch=args.epoch),
        "history": lambda: figures.plot_history(source),
        "landscape": lambda: figures.plot_loss_landscape(
            source, *data(), epoch=args.epoch
        ),
        "distributions": lambda: figures.plot_distributions(source, layer=args.layer),
        "gradient-flow": lambda: figures.plot_gradient_flow(source),
        "update-ratios": lambda: figures.plot_update_ratios(source),
        "dashboard": lambda: figures.plot_dashboard(source),
        "activations": lambda: figures.plot_activations(source, epoch=args.epoch),
    }
    return draw[args.kind]()
