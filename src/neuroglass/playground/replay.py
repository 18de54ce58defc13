"""``neuroglass dashboard RUN``: a recorded run replayed in the playground's page.

The page is the same; the session reads snapshots from the run instead of
training. What the output map shows of the run's data, by kind of run:

- recorded by the playground on a generated set: its settings, so the same
  train and test points are generated again;
- a built-in set described with its size, noise, seed and test fraction (as
  ``neuroglass train --record`` does, see :mod:`neuroglass.datasets.described`):
  the same train and test points, drawn again (checked against the training
  sample the run kept, when it kept one);
- anything else (a CSV, a script's arrays, the playground's drawn or uploaded
  points): the training sample the run kept (the recorder's ``data_samples``),
  with labels from the targets the loss saw; its test points were not kept;
- networks with more than two inputs are drawn over their first two inputs
  (the others at 0), so their points are not drawn, unless the inputs are
  Playground features that include x1 and x2;
- runs that kept no sample (older runs, ``data_samples=0``): no points.

Whatever cannot be drawn is said in the page's events panel with the first
frame. Losses and accuracies are the ones the run recorded, except for the
playground's generated sets (computed on the same points, as live).
"""

from __future__ import annotations

import numpy as np

from ..datasets.described import described
from ..recorder import RunFileError, open_run
from . import config as cfg
from . import data as pdata
from . import messages as msg
from .session import Worker, network_at, run_history


class ReplaySession(Worker):
    mode = "replay"

    def __init__(self, send, path):
        super().__init__(send)
        self.path = path
        self.run_path = path  # what the run export sends
        self.from_playground = False
        self._notes = []

    # -- the worker ---------------------------------------------------------------
    def _work(self):
        try:
            self.run = open_run(self.path)
        except Exception as exc:  # a bad file: say so in the page
            self.send(msg.error(f"cannot replay {self.path}: {exc}", None))
            self.run = None
        ready = False
        if self.run is not None:
            try:
                ready = self._setup()
            except Exception as exc:
                self.send(msg.error(f"cannot replay {self.path}: {exc}", None))
        try:
            self._serve(ready)
        finally:
            if self.run is not None:
                self.run.close()

    def _serve(self, ready):
        while True:
            command = self.commands.get()
            kind = command["type"]
            if kind == "_close":
                return
            try:
                self._handle(command, ready)
            except Exception as exc:  # keep answering
                self.send(msg.error(f"{kind} failed: {type(exc).__name__}: {exc}"))

    def _handle(self, command, ready):
        kind = command["type"]
        if kind == "ack":
            return
        if not ready:
            self.send(msg.error(f"{self.path} cannot be replayed (see above).", None))
            if kind == "_call":
                command["box"]["error"] = RuntimeError("nothing to export")
                command["box"]["done"].set()
            return
        if kind == "_call":
            box = command["box"]
            try:
                box["value"] = command["fn"](self)
            except Exception as exc:
                box["error"] = exc
            box["done"].set()
        elif kind == "seek":
            last = int(self.run.snapshot_epochs[-1]) + 1
            if self._epoch_exists(command["epoch"], last):
                self._show(command["epoch"])
        elif kind == "focus":
            layer = command.get("layer")
            if layer is not None and not self._unit_exists(layer, command["unit"]):
                return
            self.focus = None if layer is None else (layer, command["unit"])
            self._show(self.epoch)
        elif kind != "pause":
            self.send(
                msg.error(
                    f"{kind!r} does not apply to a replayed run; start "
                    "`neuroglass playground` to train.",
                    "type",
                )
            )

    def _setup(self) -> bool:
        run = self.run
        epochs = run.snapshot_epochs
        if len(epochs) == 0:
            self.send(msg.error(f"{self.path} holds no snapshots to replay.", None))
            return False
        self.net = run.network(int(epochs[-1]))
        if self.net.n_inputs < 2:
            self.send(
                msg.error(
                    f"the page draws a network's output over a plane of two inputs; "
                    f"this one has {self.net.n_inputs}. Use `neuroglass report` or "
                    "`neuroglass plot` for it.",
                    None,
                )
            )
            return False
        dataset = run.config.get("dataset") or {}
        setup = dataset.get("playground") if isinstance(dataset, dict) else None
        self.config = dict(cfg.DEFAULTS)
        if setup:
            self.config.update(setup)
        self.from_playground = bool(setup)
        if not setup:  # describe the script's network in the page's terms
            hidden = self.net.layers[:-1]
            self.config["hidden"] = [layer.n_out for layer in hidden]
            names = [layer.activation_name for layer in hidden]
            names = ["linear" if n == "identity" else n for n in names]
            self.config["activation"] = names[0] if names else "tanh"
            self.config["layer_activations"] = names
            self.config["features"] = ["x1", "x2"]
            classes = _classes(self.net)
            if self.net.loss_fn.name == "cross_entropy":
                self.config["output"] = "softmax_ce"
            elif self.net.loss_fn.name == "bce":
                self.config["output"] = "sigmoid_bce"
            elif classes == 0:
                self.config["problem"] = "regression"
                self.config["output"] = (
                    "linear_mse"
                    if self.net.layers[-1].activation_name == "identity"
                    else "tanh_mse"
                )
        if setup:
            self.config["data_seed"] = dataset.get(
                "data_seed", setup.get("data_seed", self.config["seed"])
            )
        notes = []
        if setup and self.config["dataset"] != "custom":
            X, y, classes = pdata.generate(
                self.config["dataset"],
                self.config["noise"] / 100,
                self.config["data_seed"],
            )
            self.data = pdata.split(
                X, y, classes, self.config["train_ratio"], self.config["data_seed"]
            )
            self.inputs = self.config["features"]
            kind = msg.output_kind(self.config, self.data.classes)
            self.parts = msg.parts(self.data, self.inputs, kind)
        else:  # the run's points: described, or the training sample it kept
            self.data, self.inputs, notes = _run_data(
                run, self.net, self.config, bool(setup)
            )
            self.parts = None  # its losses and accuracies: those the run recorded
            if self.inputs is not None and not setup:
                self.config["features"] = list(self.inputs)
        self._notes = [_note(text) for text in notes]
        self.send(
            msg.state(
                self.config,
                self.data,
                self.net,
                epoch=int(epochs[-1]) + 1,
                run_name=run.name if hasattr(run, "name") else self.path,
                snapshots=[int(e) + 1 for e in epochs],
                mode="replay",
                input_names=None
                if setup
                else list(self.inputs or _raw_names(self.net.n_inputs)),
            )
        )
        self.send(run_history(run))
        self._show(int(epochs[-1]) + 1)
        return True

    def _show(self, epoch):
        epochs = self.run.snapshot_epochs
        chosen = epochs[epochs <= epoch - 1]
        chosen = int(chosen[-1] if len(chosen) else epochs[0])
        self.epoch = chosen + 1
        net = network_at(self.run, chosen)
        self.net = net
        # the rings from the numbers the run holds (those its diagnostics used)
        units = [layer.units for layer in self.run.snapshot(chosen).layers]
        unit_stats = (
            [u["active"] if u else None for u in units],
            [u["saturated"] if u else None for u in units],
        )
        self.seq += 1
        with np.errstate(all="ignore"):
            frame = msg.frame(
                net,
                self.config,
                self.data,
                self.parts,
                seq=self.seq,
                epoch=chosen + 1,
                playing=False,
                focus=self.focus,
                replay=True,
                inputs=self.inputs,
                domain=self.data.domain,
                unit_stats=unit_stats,
                recorded=self._metrics_at(chosen),
                events=self._notes,
            )
        self._notes = []  # said once, with the first frame
        self.send(frame)

    def _metrics_at(self, epoch):
        """The run's recorded loss and accuracy (train, validation) at ``epoch``."""
        m = self.run.metrics(format="dict")
        rows = np.flatnonzero(np.asarray(m["epoch"]) == epoch)
        if not len(rows):
            return None
        i = int(rows[-1])
        return {
            k: m[k][i]
            for k in ("loss", "accuracy", "val_loss", "val_accuracy")
            if k in m and m[k] is not None and len(m[k]) > i
        }


# -- the run's data ---------------------------------------------------------------
def _classes(net, config=None) -> int:
    """How many classes the page colours the points with (0: a regression)."""
    loss = net.loss_fn.name
    if loss == "cross_entropy":
        return net.n_outputs
    if loss == "bce" or (config and config.get("problem") == "classification"):
        return 2
    return 2 if net.is_classifier else 0


def _target_scale(dataset):
    """``(center, half)`` of a playground run whose values were trained scaled
    (its dataset description's ``target_scale``), or None."""
    scale = dataset.get("target_scale") if isinstance(dataset, dict) else None
    try:
        center, half = (float(v) for v in scale)
    except (TypeError, ValueError):
        return None
    ok = np.isfinite(center) and np.isfinite(half) and half > 0
    return (center, half) if ok else None


def _labels(targets, loss, classes):
    """Class labels or values from the targets the loss saw, (n, n_outputs)."""
    if loss == "cross_entropy":
        return targets.argmax(axis=1)
    if classes:  # 0/1 for cross-entropy, -1/+1 for the playground's tanh MSE
        return (targets[:, 0] > (0.5 if loss == "bce" else 0.0)).astype(np.int64)
    return targets[:, 0].astype(float)


def _plane(inputs, features):
    """The points' (x1, x2) from the network's inputs, or None if they are lost."""
    if features is None:
        return inputs if inputs.shape[1] == 2 else None
    cols = [
        next((j for j, f in enumerate(features) if f in names), None)
        for names in (("x1", "x"), ("x2", "y"))
    ]
    return None if None in cols else inputs[:, cols]


def _raw_names(n):
    return [f"x{i + 1}" for i in range(n)]


def _note(text) -> dict:
    return {
        "kind": "diagnostic",
        "code": "replay_data",
        "severity": "info",
        "message": text,
        "hint": "",
    }


def _described_data(recipe, net, features, classes, sample, fit):
    """The run's train and test points drawn again from its description, or
    (None, why) when they cannot be, or are not those the run kept."""
    try:
        X_train, X_test, y_train, y_test = recipe.split()
        inputs = recipe.inputs(X_train)
    except ValueError as exc:  # e.g. a noise the generator refuses
        return None, f"The run's data ({recipe.name}) cannot be drawn again: {exc}"
    what = f"The recorded description of the run's data ({recipe.name})"
    if X_train.shape[1] != 2:  # not points of a plane: nothing to draw
        return None, None
    if inputs.shape[1] != net.n_inputs:
        return None, f"{what} does not fit the network's {net.n_inputs} inputs"
    n_train = fit.get("n_train")
    if isinstance(n_train, int) and n_train != len(X_train):
        return None, (
            f"{what} makes {len(X_train):,} training points, but the run trained "
            f"on {n_train:,}"
        )
    if classes and not (
        np.issubdtype(y_train.dtype, np.integer)
        and y_train.min(initial=0) >= 0
        and max(y_train.max(initial=0), y_test.max(initial=0)) < classes
    ):
        return None, f"{what} does not hold the network's {classes} classes"
    if sample is not None:
        rows, kept, _ = sample
        if not (
            np.issubdtype(rows.dtype, np.integer)
            and 0 <= rows.min(initial=0)
            and rows.max(initial=0) < len(inputs)
        ) or not np.allclose(inputs[rows], kept, rtol=1e-5, atol=1e-6):
            return None, f"{what} draws other points than those the run kept"
    if not classes:
        y_train, y_test = y_train.astype(float), y_test.astype(float)
    return pdata.make(X_train, y_train, X_test, y_test, classes), None


def _run_data(run, net, config, playground):
    """``(Data, inputs, notes)``: the points of a run that the page cannot
    generate as the playground does (see the module's docstring). ``inputs``
    names the Playground feature of each network input, or None (raw inputs)."""
    recipe = described(run.config)
    if playground:
        features = tuple(config["features"])
    else:
        features = recipe.features if recipe is not None else None
    if features is not None and len(features) != net.n_inputs:
        features = None  # a description that does not fit the network
    classes = _classes(net, config if playground else None)
    notes, unreadable = [], False
    try:
        sample = run.data_sample()
    except RunFileError as exc:  # the rest of the run can still be shown
        sample, unreadable = None, True
        notes.append(f"The training sample the run kept cannot be read: {exc}")
    data = None
    if recipe is not None and recipe.exact and not playground:
        fit = run.config.get("fit")
        fit = fit if isinstance(fit, dict) else {}
        data, why = _described_data(recipe, net, features, classes, sample, fit)
        if why:
            kept = "; the page shows the training points the run kept" if sample else ""
            notes.append(f"{why.rstrip('.')}{kept}.")
    if data is None and sample is not None:
        rows, kept, targets = sample
        plane = _plane(kept, features)
        if plane is not None and len(plane):
            y = _labels(np.asarray(targets), net.loss_fn.name, classes)
            scale = None if classes else _target_scale(run.config.get("dataset"))
            if scale is not None:  # the playground trained (value - center) / half
                y = scale[0] + scale[1] * y
            data = pdata.make(plane, y, plane[:0], y[:0], classes, target_scale=scale)
            fit = run.config.get("fit")
            fit = fit if isinstance(fit, dict) else {}
            n_train, n_val = fit.get("n_train"), fit.get("n_val")
            some = isinstance(n_train, int) and len(rows) < n_train
            notes.append(
                (
                    f"The points are {len(rows):,} of the run's {n_train:,} "
                    "training points, the sample it kept"
                    if some
                    else f"The points are the run's {len(rows):,} training points"
                )
                + (
                    f"; its {n_val:,} test (validation) points were not kept"
                    if isinstance(n_val, int) and n_val > 0
                    else ""
                )
                + ". Losses and accuracies are those the run recorded."
            )
    if data is None:
        empty = np.zeros((0, 2))
        data = pdata.make(empty, np.zeros(0), empty, np.zeros(0), classes)
        if net.n_inputs > 2 and features is None:
            notes.append(
                f"This network has {net.n_inputs} inputs; the page draws its output "
                "over the first two (x1, x2) with the others at 0, so the run's "
                f"data points, of {net.n_inputs} values each, are not drawn. "
                "`neuroglass report` shows the whole run."
            )
        elif sample is not None and _plane(sample[1], features) is None:
            notes.append(
                f"The network's inputs are the features {', '.join(features)}; "
                "the points' x1 and x2 cannot be recovered from them, so they are "
                "not drawn."
            )
        elif not unreadable:
            notes.append(
                "This run did not keep its data (it was recorded by an older "
                "neuroglass, or with data_samples=0) and does not describe a "
                "built-in data set with its size, noise, seed and test fraction, "
                "so no points are drawn."
            )
    if not playground:  # fit the plane to the points (or to the probe batch)
        data.domain = _domain(data, run, features)
    return data, (list(features) if features else None), notes


def _domain(data, run, features):
    """Half the side of the plane the page draws: the points with a margin."""
    points = data.X
    if not len(points) and features is None:
        probe = run.probe()
        points = np.zeros((0, 2)) if probe is None else np.asarray(probe)[:, :2]
    extent = float(np.abs(points).max()) if len(points) else 0.0
    return extent * 1.1 if np.isfinite(extent) and extent > 0 else pdata.DOMAIN
