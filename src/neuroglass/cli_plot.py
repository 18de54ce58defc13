"""``neuroglass plot KIND SOURCE -o FILE``: any figure of a model or a run."""

from __future__ import annotations

import os

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
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter,
    )
    plot.add_argument(
        "kind", choices=list(kinds), metavar="KIND", help="what to draw (see above)"
    )
    plot.add_argument("source", help="a model saved with --save, or a .ngrun run")
    plot.add_argument(
        "-o", "--output", required=True, help="the image file: .png, .svg or .pdf"
    )
    plot.add_argument("--epoch", type=int, help="for a run: the snapshot epoch")
    plot.add_argument(
        "--dataset",
        help="data for boundary/landscape (default: the "
        "run's dataset, when it is a built-in one)",
    )
    plot.add_argument("--noise", type=float, default=0.0)
    plot.add_argument("--seed", type=int, default=0)
    plot.add_argument(
        "--layer", type=int, default=0, help="for distributions: which layer (from 0)"
    )
    plot.add_argument(
        "--mode",
        default="weights",
        choices=["weights", "gradients", "updates"],
        help="for network: what the edges show",
    )
    plot.add_argument("--dpi", type=int, default=120)


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
    report.add_argument(
        "--dataset",
        help="data for the boundary, landscape and "
        "worked example (default: the run's, when built in)",
    )
    report.add_argument("--noise", type=float, default=0.0)
    report.add_argument("--seed", type=int, default=0)


def run_report(args) -> int:
    import matplotlib

    matplotlib.use("Agg")
    from . import open_run
    from .views.report import write_report

    with open_run(args.run) as run:
        args.kind = "report"
        try:
            data = _data(args, run)
        except ValueError:
            data = None  # the report then uses the run's probe batch
        if (
            data is not None
            and data[0].shape[1] != run.config["network"]["layers"][0]["n_in"]
        ):
            data = None
        write_report(run, args.output, data)
    print(f"wrote {args.output}")
    return 0


def _data(args, run):
    from . import datasets

    name = args.dataset
    if name is None and run is not None:
        described = run.config.get("dataset")
        if isinstance(described, dict):
            described = described.get("source")
        if described in datasets.NAMES:
            name = described
    if name is None:
        raise ValueError(
            f"'{args.kind}' needs data: pass --dataset NAME (one of "
            f"{', '.join(datasets.NAMES)})."
        )
    kwargs = {"seed": args.seed}
    if name not in ("digits", "iris"):
        kwargs["noise"] = args.noise
    return datasets.load(name, **kwargs)


def run(args) -> int:
    import matplotlib

    matplotlib.use("Agg")  # a command line tool draws to files
    import matplotlib.pyplot as plt

    from . import load, open_run
    from .views import figures

    suffix = os.path.splitext(args.output)[1].lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise ValueError(
            f"the output file must end in .png, .svg or .pdf; got {args.output!r}."
        )
    is_run = args.source.endswith(".ngrun")
    source = open_run(args.source) if is_run else load(args.source)
    try:
        if args.kind in RUN_KINDS or args.kind == "history":
            if not is_run:
                raise ValueError(
                    f"'{args.kind}' draws a recorded run (.ngrun); {args.source!r} "
                    "is a model. Record one with `neuroglass train --record DIR`."
                )

        def data():
            return _data(args, source if is_run else None)

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
            "distributions": lambda: figures.plot_distributions(
                source, layer=args.layer
            ),
            "gradient-flow": lambda: figures.plot_gradient_flow(source),
            "update-ratios": lambda: figures.plot_update_ratios(source),
            "dashboard": lambda: figures.plot_dashboard(source),
            "activations": lambda: figures.plot_activations(source, epoch=args.epoch),
        }
        ax = draw[args.kind]()
        fig = ax if hasattr(ax, "savefig") else ax.figure
        fig.savefig(args.output, dpi=args.dpi, bbox_inches="tight")
        plt.close(fig)
    finally:
        if is_run:
            source.close()
    print(f"wrote {args.output}")
    return 0
