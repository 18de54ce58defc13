"""``neuroglass dashboard RUN``: a recorded run replayed in the playground's page.

The page is the same; the session reads snapshots from the run instead of
training. Runs recorded by the playground bring their settings, so their data is
generated again; runs from scripts show the network's maps over its first two
inputs (others held at 0), without data points.
"""

from __future__ import annotations

import numpy as np

from ...recorder import open_run
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
        self.inputs = self.config["features"] if setup else None
        self.from_playground = bool(setup)
        if not setup:  # describe the script's network in the page's terms
            hidden = self.net.layers[:-1]
            self.config["hidden"] = [layer.n_out for layer in hidden]
            names = [layer.activation_name for layer in hidden]
            names = ["linear" if n == "identity" else n for n in names]
            self.config["activation"] = names[0] if names else "tanh"
            self.config["layer_activations"] = names
            self.config["features"] = ["x1", "x2"]
        if setup:
            self.config["data_seed"] = dataset.get(
                "data_seed", setup.get("data_seed", self.config["seed"])
            )
        if setup and self.config["dataset"] != "custom":
            X, y, classes = pdata.generate(
                self.config["dataset"],
                self.config["noise"] / 100,
                self.config["data_seed"],
            )
            self.data = pdata.split(
                X, y, classes, self.config["train_ratio"], self.config["data_seed"]
            )
        else:
            classes = (
                self.net.n_outputs
                if self.net.loss_fn.name == "cross_entropy"
                else (2 if self.net.is_classifier else 0)
            )
            empty = np.zeros((0, 2))
            self.data = pdata.Data(
                empty,
                np.zeros(0),
                empty,
                np.zeros(0),
                classes,
                [str(c) for c in range(classes)],
            )
            if self.net.loss_fn.name == "bce":
                self.config["output"] = "sigmoid_bce"
            elif classes == 0:
                self.config["problem"] = "regression"
                self.config["output"] = (
                    "linear_mse"
                    if self.net.layers[-1].activation_name == "identity"
                    else "tanh_mse"
                )
        kind = msg.output_kind(self.config, self.data.classes)
        if self.inputs is not None:
            feats = self.inputs
            self.parts = msg.parts(self.data, feats, kind)
        else:
            self.parts = None
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
                else [f"x{i + 1}" for i in range(self.net.n_inputs)],
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
                domain=self._domain(),
                unit_stats=unit_stats,
                recorded=self._metrics_at(chosen),
            )
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

    def _domain(self):
        if self.inputs is not None:
            return None
        probe = self.run.probe
        probe = probe() if callable(probe) else probe
        if probe is None or len(probe) == 0:
            return pdata.DOMAIN
        return float(np.abs(np.asarray(probe)[:, :2]).max() * 1.1) or pdata.DOMAIN
