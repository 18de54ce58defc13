"""What the page can download: the model, the run, the data, a figure, a script.

Each export is ``fn(session) -> (bytes, media type)``, run in the session's own
thread (the only one that touches its network).
"""

from __future__ import annotations

import io
import os
import sqlite3
import tempfile

from ...engine.serialization import save
from . import data as pdata
from . import messages as msg


def model(session):
    buffer = io.BytesIO()
    save(session.net, buffer)
    return buffer.getvalue(), "application/octet-stream"


def run(session):
    """A consistent copy of the run file, even while it is being written."""
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "run.ngrun")
        source = sqlite3.connect(session.run_path)
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
    return python_snippet(
        session.config, session.data.classes
    ).encode(), "text/x-python"


def _figure(session, fmt):
    from matplotlib.figure import Figure

    from ..figures.network import plot_network

    fig = Figure(figsize=(7, 4.5))
    ax = fig.add_subplot()
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

_OUTPUT_CODE = {
    "tanh_mse": ('"tanh"', '"mse"'),
    "sigmoid_bce": ('"sigmoid"', '"bce"'),
    "softmax_ce": ('"softmax"', '"cross_entropy"'),
    "linear_mse": ('"linear"', '"mse"'),
}
_INIT_CODE = {
    "playground": "uniform",
    "glorot_uniform": "glorot_uniform",
    "he_uniform": "he_uniform",
}


def python_snippet(config, classes) -> str:
    """A script that rebuilds this experiment with the library (not the page)."""
    c = config
    kind = msg.output_kind(c, classes)
    out_act, loss = _OUTPUT_CODE[kind]
    if c["dataset"] == "custom":
        load = (
            'X, y = ng.datasets.from_csv("data.csv", target="label")  '
            "# the page's 'export CSV'; drop its split column first"
        )
    else:
        loader, n, extra = pdata.LOADERS[c["dataset"]]
        args = "".join(f", {k}={v!r}" for k, v in extra.items())
        load = (
            f'X, y = ng.datasets.load("{loader}", n={n}, noise={c["noise"] / 100}, '
            f"seed={c['seed']}{args})"
        )
    n_out = classes if kind == "softmax_ce" else 1
    sizes = [len(c["features"]), *c["hidden"], n_out]
    acts = [
        (c["layer_activations"][i] if i < len(c["layer_activations"]) else "")
        or c["activation"]
        for i in range(len(c["hidden"]))
    ]
    layers = ",\n".join(
        f'        ng.Dense({sizes[i]}, {sizes[i + 1]}, "{acts[i]}", '
        f'init="{_INIT_CODE[c["init"]]}")'
        for i in range(len(acts))
    )
    layers += (",\n" if layers else "") + (
        f"        ng.Dense({sizes[-2]}, {sizes[-1]}, {out_act}, "
        f'init="{_INIT_CODE[c["init"]]}")'
    )
    target = "y"
    if kind == "tanh_mse" and classes:
        target = "2.0 * y - 1.0  # TF Playground's labels are -1 and +1"
    elif kind == "softmax_ce":
        target = "y  # class indices"
    else:
        target = "y.astype(float)"
    reg = ""
    if c["regularization"] != "none":
        reg = f", {c['regularization']}={c['reg_rate']}"
    epochs = c["stop_epoch"] or 500
    return f'''"""A neuroglass playground experiment, rebuilt with the library.

Run it with: python snippet.py
"""

import neuroglass as ng

{load}
features = {c["features"]!r}
inputs = ng.datasets.features(X, features)
targets = {target}
X_train, X_test, y_train, y_test = ng.datasets.train_test_split(
    inputs, targets, test_fraction={1 - c["train_ratio"] / 100:.2f}, seed={c["seed"]}
)
net = ng.Network(
    [
{layers},
    ],
    loss={loss},
    seed={c["seed"]}{reg},
)
history = net.fit(
    X_train,
    y_train,
    validation_data=(X_test, y_test),
    epochs={epochs},
    batch_size={c["batch_size"]},
    optimizer="{c["optimizer"]}",
    lr={c["learning_rate"]},
)
print(history)
'''
