"""What the page can download: the model, the run, the data, a figure, a script.

Each export is ``fn(state) -> (bytes, media type)`` of a session's state (a
:class:`.state.View`), run in the session's own thread (the only one that touches
its network).
"""

from __future__ import annotations

import io
import os
import sqlite3
import tempfile

from ..engine.serialization import save
from . import data as pdata
from .build import INIT_NAMES
from .outputs import OUTPUT_LAYERS, output_kind


def model(session):
    if session.net is None:  # a replayed PyTorch model that is no ng.Network
        raise ValueError(
            "this run recorded a PyTorch model that is not a network of dense "
            "layers, so there is no ng.Network to save; export the run (.ngrun) "
            "instead"
        )
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "model.npz")
        save(session.net, target)
        with open(target, "rb") as f:
            return f.read(), "application/octet-stream"


def run(session):
    """A consistent copy of the run file, even while it is being written."""
    if not session.run_path or not os.path.exists(session.run_path):
        raise FileNotFoundError("nothing is recorded yet: train at least one epoch")
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "run.ngrun")
        # absolute: SQLite may read a name starting "file:" as a URI
        source = sqlite3.connect(os.path.abspath(session.run_path))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()
        with open(target, "rb") as f:
            return f.read(), "application/octet-stream"


def data_csv(session):
    return pdata.to_csv(session.data).encode(), "text/csv"


def snippet(session):
    data = session.data
    code = python_snippet(session.config, data.classes, target_scale=data.target_scale)
    return code.encode(), "text/x-python"


def _figure(session, fmt):
    from matplotlib.figure import Figure

    from ..views.figures.network import plot_network

    fig = Figure(figsize=(7, 4.5))
    ax = fig.add_subplot()
    if session.net is None and getattr(session, "run", None) is not None:
        from ..views.figures.layer_graph import plot_layer_graph

        fig.set_size_inches(5.2, 8)  # a replayed model that is no ng.Network
        plot_layer_graph(session.run, ax=ax)
    else:
        plot_network(session.net, ax=ax, feature_names=session.config["features"])
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight")
    media = "image/svg+xml" if fmt == "svg" else "image/png"
    return buffer.getvalue(), media


#: exports that describe the playground's own setup, not a script's run
PLAYGROUND_ONLY = ("data.csv", "snippet.py")

EXPORTS = {
    "model.npz": model,
    "run.ngrun": run,
    "data.csv": data_csv,
    "snippet.py": snippet,
    "network.svg": lambda s: _figure(s, "svg"),
    "network.png": lambda s: _figure(s, "png"),
}


_SCHEDULE_CODE = {
    "constant": "None",
    "step": "ng.StepDecay(step_size=100, gamma=0.5)",
    "exponential": "ng.ExponentialDecay(gamma=0.995)",
}


def python_snippet(config, classes, data_seed=None, target_scale=None) -> str:
    """A script that rebuilds this experiment with the library (not the page):
    the same data (``data_seed``), split, network, initial weights (``seed``)
    and training settings, so it trains the same numbers as the page from a
    reset. ``target_scale``, ``(center, half)``: the page trains a regression's
    values as ``(y - center) / half`` (``Data.target_scale``); so does the
    script."""
    c = config
    if data_seed is None:
        data_seed = c.get("data_seed", c["seed"])
    kind = output_kind(c, classes)
    loss = f'"{OUTPUT_LAYERS[kind][1]}"'
    data = _data_code(c, classes, data_seed)
    layer_lines = _layers_code(c, classes, kind)
    target = _target_code(kind, classes, target_scale)
    reg = ""
    if c["regularization"] != "none":
        reg = f", {c['regularization']}={c['reg_rate']}"
    if c["schedule"] == "cosine":
        schedule = f"ng.CosineDecay(epochs={c['stop_epoch'] or 1000}, min_factor=0.01)"
    else:
        schedule = _SCHEDULE_CODE[c["schedule"]]
    epochs = c["stop_epoch"] or 500
    return f'''"""A neuroglass playground experiment, rebuilt with the library.

Run it with: python snippet.py
"""

import csv  # noqa: F401 (used for uploaded or drawn data)

import numpy as np

import neuroglass as ng

{data}
features = {c["features"]!r}
inputs = ng.datasets.features(X, features)
{target}

net = ng.Network(
    [
{layer_lines}
    ],
    loss={loss},
    seed={c["seed"]}{reg},
)
history = net.fit(
    inputs[train],
    targets[train],
    validation_data=(inputs[test], targets[test]) if len(test) else None,
    epochs={epochs},
    batch_size=min({c["batch_size"]}, len(train)),
    optimizer="{c["optimizer"]}",
    lr={c["learning_rate"]},
    lr_schedule={schedule},
)
print(history)
'''


def _data_code(c, classes, data_seed) -> str:
    """The script's lines that make ``X``, ``y`` and the ``train``/``test`` rows."""
    if c["dataset"] == "custom":
        return f"""# the page's data ("Data (.csv)"): x1, x2, label, train/test split
with open("data.csv", newline="") as f:
    rows = list(csv.DictReader(f))
X = np.array([[float(r["x1"]), float(r["x2"])] for r in rows])
y = np.array([{"int" if classes else "float"}(r["label"]) for r in rows])
is_train = np.array([r["split"] == "train" for r in rows])
train, test = np.flatnonzero(is_train), np.flatnonzero(~is_train)"""
    loader, n, extra = pdata.LOADERS[c["dataset"]]
    args = "".join(f", {k}={v!r}" for k, v in extra.items())
    return f"""X, y = ng.datasets.load(
    "{loader}", n={n}, noise={c["noise"] / 100}, seed={data_seed}{args}
)
# the page's split: shuffled with seed + 1, the first {c["train_ratio"]}% for training
order = np.random.default_rng({data_seed + 1}).permutation(len(y))
n_train = min(max(1, int(len(y) * {c["train_ratio"]} / 100)), len(y) - 1)
train, test = order[:n_train], order[n_train:]"""


def _layers_code(c, classes, kind) -> str:
    """The script's ``ng.Dense(...)`` lines of the page's network."""
    out_act = f'"{OUTPUT_LAYERS[kind][0]}"'
    n_out = classes if kind == "softmax_ce" else 1
    sizes = [len(c["features"]), *c["hidden"], n_out]
    acts = [
        (c["layer_activations"][i] if i < len(c["layer_activations"]) else "")
        or c["activation"]
        for i in range(len(c["hidden"]))
    ]
    init = INIT_NAMES[c["init"]]
    layers = [
        f'        ng.Dense({sizes[i]}, {sizes[i + 1]}, "{acts[i]}", init="{init}"),'
        for i in range(len(acts))
    ]
    layers.append(
        f'        ng.Dense({sizes[-2]}, {sizes[-1]}, {out_act}, init="{init}"),'
    )
    return "\n".join(layers)


def _target_code(kind, classes, target_scale) -> str:
    """The script's line(s) that make the loss's ``targets`` from ``y``."""
    if kind == "tanh_mse" and classes:
        return "targets = 2.0 * y - 1.0  # TF Playground's labels are -1 and +1"
    if kind == "softmax_ce":
        return "targets = y  # class indices"
    if target_scale is not None:
        center, half = (float(v) for v in target_scale)
        return (
            f"# the values span {center - half:g} to {center + half:g}, beyond the "
            "output's [-1, 1]: the page\n# trains on them scaled to [-1, 1] (its "
            "map, points and R² show them in their own units)\n"
            f"center, half = {center!r}, {half!r}\n"
            "targets = (y.astype(float) - center) / half"
        )
    return "targets = y.astype(float)"
