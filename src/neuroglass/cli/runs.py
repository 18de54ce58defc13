"""``neuroglass runs ls DIR`` and ``neuroglass runs show RUN``: a table of the
recorded runs (``.ngrun``) in a folder, with the unreadable ones named and why, and
everything about one run (network, configuration, final metrics, diagnostics)."""

from __future__ import annotations

from ..recorder import list_runs, open_run
from ..recorder.store import run_size
from ..views.lang import get_lang
from ..views.text import config_rows
from .messages import MESSAGES, ljust, t, width
from .render import status

#: the table's columns (message ids): run, dataset, epochs, loss, accuracy, status
TABLE_COLUMNS = ("run", "dataset", "epochs", "loss", "accuracy", "status")
TABLE_HEADER = TABLE_COLUMNS  # the English header


def _header() -> tuple:
    labels = {"loss": "column_loss", "accuracy": "column_accuracy"}
    return tuple(t(labels.get(c, f"label_{c}")) for c in TABLE_COLUMNS)


def _row(key: str, text: str) -> str:
    """``run       text``: a label of ``runs show`` in a column 9 wide (a label
    that is not a message id is shown as it is)."""
    label = t(f"label_{key}") if f"label_{key}" in MESSAGES["en"] else key
    return f"{ljust(label, 9)} {text}"


def add_parser(sub) -> None:
    runs = sub.add_parser("runs", help="list and inspect recorded runs (.ngrun)")
    runs_sub = runs.add_subparsers(dest="runs_command", metavar="ACTION")
    ls = runs_sub.add_parser("ls", help="a table of the runs in a folder")
    ls.add_argument("dir", nargs="?", default=".", help="default: the current folder")
    show = runs_sub.add_parser("show", help="everything about one run")
    show.add_argument("run", help="a .ngrun file")


def _fmt(value, percent=False) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.1f}%" if percent else f"{value:.4f}"


def cmd_runs(args) -> int:
    if args.runs_command == "show":
        return cmd_runs_show(args.run)
    directory = getattr(args, "dir", ".")
    runs = list_runs(directory)
    if not runs:
        print(t("no_runs", directory=directory))
        return 0
    rows = [
        (
            (r.file, "-", "-", "-", "-", t("unreadable", error=r.error))
            if r.error is not None
            else (
                r.file,
                r.dataset or "-",
                str(r.epochs),
                _fmt(r.loss),
                _fmt(r.accuracy, percent=True),
                status(r.status),
            )
        )
        for r in runs
    ]
    header = _header()
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(6)]
    for row in [header, *rows]:
        print("  ".join(ljust(cell, w) for cell, w in zip(row, widths)).rstrip())
    print(t("runs_note"))
    return 0


def cmd_runs_show(path) -> int:
    with open_run(path) as run:
        c = run.config
        s = run.summary()
        net = c["network"]
        sizes = run.layout.sizes
        acts = ", ".join(layer["activation"] for layer in net["layers"])
        if sizes is None:  # a recorded PyTorch model: its layers side by side
            sizes = [
                f"{layer.get('type', '?')}({layer['n_in']}, {layer['n_out']})"
                for layer in net["layers"]
            ]
        # the size on disk, with the WAL: a run being written keeps its newest
        # data there
        print(_row("run", f"{run.name}  ({run_size(path) / 1e6:.2f} MB)"))
        print(_row("status", status(s["status"])))
        network = t(
            "network_line",
            sizes=" -> ".join(map(str, sizes)),
            activations=acts,
            loss=c.get("loss") or "-",
            dtype=net.get("dtype", "-"),
            seed=c.get("seed", "-"),
        )
        print(_row("network", network))
        framework = c.get("framework")
        if isinstance(framework, dict):  # a recorded PyTorch run
            world = (c.get("distributed") or {}).get("world_size", 1)
            line = t(
                "framework_line",
                name=framework.get("name"),
                version=framework.get("version"),
                params=net.get("n_params", 0),
                world=world,
            )
            print(_row("framework", line))
        for label, text in config_rows(c, lang=get_lang()):  # as the HTML report
            print(_row(label, text))
        epochs = t(
            "epochs_line",
            epochs=s["epochs"],
            snapshots=len(run.snapshot_epochs),
            steps=len(run.steps["step"]),
        )
        print(_row("epochs", epochs))
        final = t(
            "final_line",
            loss=_fmt(s["final_loss"]),
            accuracy=_fmt(s["final_accuracy"], True),
            val_loss=_fmt(s["final_val_loss"]),
            val_accuracy=_fmt(s["final_val_accuracy"], True),
        )
        print(_row("final", final))
        _print_diagnostics(run.diagnostics())
    return 0


def _print_diagnostics(diagnostics) -> None:
    if not diagnostics:
        print(t("diagnostics_none"))
        return
    print(t("diagnostics_head", count=len(diagnostics)))
    for d in diagnostics:
        # the recorder words each finding in English and in Chinese
        print(f"  - {d.line(get_lang())}")
