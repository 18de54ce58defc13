"""``neuroglass dashboard RUN``: a recorded run replayed in the playground's page.

The page is the same; the session reads snapshots from the run instead of
training, and answers the page's commands through the same dispatch as a live
session (:mod:`.dispatch`). What the output map shows of the run's data, by kind
of run:

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
frame (:mod:`.replay_data`). Losses and accuracies are the ones the run
recorded, except for the playground's generated sets (computed on the same
points, as live).
"""

from __future__ import annotations

import numpy as np

from ..recorder import open_run
from . import config as cfg
from . import data as pdata
from . import messages as msg
from .dispatch import COMMON, ignore, on_close
from .events import note_event
from .outputs import output_kind, parts
from .replay_data import raw_names, run_classes, run_data
from .replay_graph import first_events, graph_frame, graph_state
from .state import CLOSE, ReplayState
from .timeline import gradient_sparklines, network_at, run_curve
from .units import recorded_rings, rings
from .worker import Worker


def refuse_training(session, command):
    session.send(
        msg.error(
            f"{command['type']!r} does not apply to a replayed run; start "
            "`neuroglass playground` to train.",
            "type",
            f"{command['type']!r} 不适用于回放的运行；要训练，请启动 "
            "`neuroglass playground`。",
        )
    )


def not_ready(session, command):
    """Every command of a run that cannot be replayed gets the same answer."""
    session.send(
        msg.error(
            f"{session.path} cannot be replayed (see above).",
            None,
            f"{session.path} 无法回放（见上文）。",
        )
    )
    if command["type"] == "_call":
        command["box"]["error"] = RuntimeError("nothing to export")
        command["box"]["done"].set()


def refuse_graph(session, command):
    """A command about neurons, on a run that has no neuron diagram."""
    session.send(
        msg.error(
            f"{command['type']!r} needs a network of dense layers; this run recorded "
            "a PyTorch model that is not one (see the page's note).",
            "type",
            f"{command['type']!r} 需要一个由全连接层组成的网络；这个运行记录的 PyTorch "
            "模型不是这样的网络（见页面上的说明）。",
        )
    )


REPLAY = {**COMMON, "ack": ignore, "pause": ignore}
#: a run of a model that is no ng.Network (see :mod:`.replay_graph`)
GRAPH_REPLAY = {**REPLAY, "focus": refuse_graph}
NOT_READY = {"_close": on_close, "ack": ignore}


class ReplaySession(Worker):
    mode = "replay"

    def __init__(self, send, path):
        # the run export sends the replayed file
        super().__init__(send, ReplayState(run_path=path))
        self.path = path
        # until the run is read: no command applies (see _work)
        self.handlers, self.refuse = NOT_READY, not_ready

    # -- the worker ---------------------------------------------------------------
    def _work(self):
        state = self.state
        try:
            state.run = open_run(self.path)
        except Exception as exc:  # a bad file: say so in the page
            self.send(_cannot_replay(self.path, exc))
        if state.run is not None:
            try:
                if self._setup():
                    handlers = GRAPH_REPLAY if state.graph else REPLAY
                    self.handlers, self.refuse = handlers, refuse_training
            except Exception as exc:
                self.send(_cannot_replay(self.path, exc))
        try:
            while self.handle(self.commands.get()) is not CLOSE:
                pass
        finally:
            if state.run is not None:
                state.run.close()

    def _setup(self) -> bool:
        """Read the run: its network, its settings and its data; send the page
        its state, its curve and its last epoch. False: it cannot be replayed."""
        state, run = self.state, self.state.run
        epochs = run.snapshot_epochs
        if len(epochs) == 0:
            self.send(
                msg.error(
                    f"{self.path} holds no snapshots to replay.",
                    None,
                    f"{self.path} 没有可以回放的快照。",
                )
            )
            return False
        if not getattr(run, "is_network", True):  # its layer graph instead
            return self._setup_graph(epochs)
        state.net = run.network(int(epochs[-1]))
        if state.net.n_inputs < 2:
            self.send(
                msg.error(
                    "the page draws a network's output over a plane of two inputs; "
                    f"this one has {state.net.n_inputs}. Use `neuroglass report` "
                    "or `neuroglass plot` for it.",
                    None,
                    "页面在两个输入构成的平面上画出网络的输出；这个网络有 "
                    f"{state.net.n_inputs} 个输入。请改用 `neuroglass report` 或 "
                    "`neuroglass plot`。",
                )
            )
            return False
        dataset = run.config.get("dataset") or {}
        setup = dataset.get("playground") if isinstance(dataset, dict) else None
        state.from_playground = bool(setup)
        state.config = dict(cfg.DEFAULTS)
        if setup:
            state.config.update(setup)
            state.config["data_seed"] = dataset.get(
                "data_seed", setup.get("data_seed", state.config["seed"])
            )
        else:  # describe the script's network in the page's terms
            state.config.update(page_config(state.net))
        self._read_data(setup)
        self.send(
            msg.state(
                state.config,
                state.data,
                state.net,
                epoch=int(epochs[-1]) + 1,
                run_name=run.name if hasattr(run, "name") else self.path,
                snapshots=[int(e) + 1 for e in epochs],
                mode="replay",
                input_names=None
                if setup
                else list(state.inputs or raw_names(state.net.n_inputs)),
            )
        )
        self.send({**msg.history(*run_curve(run)), **gradient_sparklines(run)})
        self._show(int(epochs[-1]) + 1)
        return True

    def _setup_graph(self, epochs) -> bool:
        """A run of a model that is no ng.Network: its state with the layer
        graph, its curve, and its last snapshot (see :mod:`.replay_graph`)."""
        state, run = self.state, self.state.run
        state.graph = True
        self.send(
            graph_state(
                run,
                epoch=int(epochs[-1]) + 1,
                snapshots=[int(e) + 1 for e in epochs],
                run_name=run.name if hasattr(run, "name") else self.path,
            )
        )
        self.send({**msg.history(*run_curve(run)), **gradient_sparklines(run)})
        state.notes = first_events(run)
        self._show(int(epochs[-1]) + 1)
        return True

    def _read_data(self, setup):
        """The points shown: generated again from the playground's settings, or
        the run's own (see :mod:`.replay_data`)."""
        state = self.state
        notes = []
        if setup and state.config["dataset"] != "custom":
            c = state.config
            X, y, classes = pdata.generate(
                c["dataset"], c["noise"] / 100, c["data_seed"]
            )
            state.data = pdata.split(X, y, classes, c["train_ratio"], c["data_seed"])
            state.inputs = c["features"]
            kind = output_kind(c, state.data.classes)
            state.parts = parts(state.data, state.inputs, kind)
        else:  # the run's points: described, or the training sample it kept
            state.data, state.inputs, notes = run_data(
                state.run, state.net, state.config, bool(setup)
            )
            state.parts = None  # its losses and accuracies: those the run recorded
            if state.inputs is not None and not setup:
                state.config["features"] = list(state.inputs)
        state.notes = [note_event("replay_data", text, text.zh) for text in notes]

    def _show(self, epoch):
        state = self.state
        epochs = state.run.snapshot_epochs
        chosen = epochs[epochs <= epoch - 1]
        chosen = int(chosen[-1] if len(chosen) else epochs[0])
        state.epoch = chosen + 1
        if state.graph:
            frame = graph_frame(
                state,
                state.run.snapshot(chosen),
                epoch=chosen + 1,
                recorded=self._metrics_at(chosen),
                events=state.notes,
            )
            state.notes = []
            self.send(frame)
            return
        state.net = net = network_at(state.run, chosen)
        # the rings from what the run holds (what its diagnostics used)
        layers = state.run.snapshot(chosen).layers
        names = [layer.activation_name for layer in net.layers]
        if all(layer.activations is not None for layer in layers):
            unit_rings = rings(names, [layer.activations for layer in layers])
        else:
            unit_rings = recorded_rings(names, [layer.units for layer in layers])
        frame = msg.session_frame(
            state,
            net,
            epoch=chosen + 1,
            playing=False,
            replay=True,
            inputs=state.inputs,
            domain=state.data.domain,
            unit_rings=unit_rings,
            recorded=self._metrics_at(chosen),
            events=state.notes,
        )
        state.notes = []  # said once, with the first frame
        self.send(frame)

    def _metrics_at(self, epoch):
        """The run's recorded loss and accuracy (train, validation) at ``epoch``."""
        m = self.state.run.metrics(format="dict")
        rows = np.flatnonzero(np.asarray(m["epoch"]) == epoch)
        if not len(rows):
            return None
        i = int(rows[-1])
        return {
            k: m[k][i]
            for k in ("loss", "accuracy", "val_loss", "val_accuracy")
            if k in m and m[k] is not None and len(m[k]) > i
        }

    # -- the hooks of the shared handlers ------------------------------------------
    def redraw(self):
        self._show(self.state.epoch)

    def last_epoch(self) -> int:
        return int(self.state.run.snapshot_epochs[-1]) + 1

    def seek(self, epoch: int):
        self._show(epoch)


def _cannot_replay(path, exc) -> dict:
    return msg.error(f"cannot replay {path}: {exc}", None, f"无法回放 {path}：{exc}")


def page_config(net) -> dict:
    """A script's network described in the page's settings."""
    hidden = net.layers[:-1]
    names = [layer.activation_name for layer in hidden]
    names = ["linear" if n == "identity" else n for n in names]
    config = {
        "hidden": [layer.n_out for layer in hidden],
        "activation": names[0] if names else "tanh",
        "layer_activations": names,
        "features": ["x1", "x2"],
    }
    if net.loss_fn.name == "cross_entropy":
        config["output"] = "softmax_ce"
    elif net.loss_fn.name == "bce":
        config["output"] = "sigmoid_bce"
    elif run_classes(net) == 0:
        config["problem"] = "regression"
        last = net.layers[-1].activation_name
        config["output"] = "linear_mse" if last == "identity" else "tanh_mse"
    return config
