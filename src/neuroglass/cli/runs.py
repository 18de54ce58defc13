"""``neuroglass runs ls DIR`` and ``neuroglass runs show RUN``: a table of the
recorded runs (``.ngrun``) in a folder, with the unreadable ones named and why, and
everything about one run (network, configuration, final metrics, diagnostics)."""

from __future__ import annotations

from ..recorder import list_runs, open_run
from ..recorder.store import run_size
from ..views.text import config_rows

TABLE_HEADER = ("run", "dataset", "epochs", "loss", "accuracy", "status")


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
        print(f"no runs (.ngrun files) in {directory}")
        return 0
    rows = [
        (
            (r.file, "-", "-", "-", "-", f"unreadable: {r.error}")
            if r.error is not None
            else (
                r.file,
                r.dataset or "-",
                str(r.epochs),
                _fmt(r.loss),
                _fmt(r.accuracy, percent=True),
                r.status,
            )
        )
        for r in runs
    ]
    widths = [max(len(r[i]) for r in [TABLE_HEADER, *rows]) for i in range(6)]
    for row in [TABLE_HEADER, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print("(loss and accuracy: validation where recorded, else training)")
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
        print(f"run       {run.name}  ({run_size(path) / 1e6:.2f} MB)")
        print(f"status    {s['status']}")
        print(
            f"network   {' -> '.join(map(str, sizes))}  ({acts})  "
            f"loss={c.get('loss') or '-'}  dtype={net.get('dtype', '-')}  "
            f"seed={c.get('seed', '-')}"
        )
        framework = c.get("framework")
        if isinstance(framework, dict):  # a recorded PyTorch run
            world = (c.get("distributed") or {}).get("world_size", 1)
            print(
                f"framework {framework.get('name')} {framework.get('version')}, "
                f"{net.get('n_params', 0):,} parameters, {world} process(es)"
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
