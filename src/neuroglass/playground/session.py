"""One browser tab's training session: data, network, optimiser, run file.

Training runs in a worker thread inside the engine's own ``fit`` loop, so the
recorder, the divergence check and the diagnostics work exactly as in a script.
A callback (:class:`_Gate`) stops the loop after every epoch: there the thread
builds the page's frame and handles the page's commands (pause, step, edits,
reset...). The thread is the only one that touches the network; the server
only puts commands in :attr:`Session.commands` and sends what :attr:`send`
receives.
"""

from __future__ import annotations

import copy
import math
import os
import queue
import re
import secrets
import threading
import time
from array import array
from collections import deque
from collections.abc import Callable
from types import SimpleNamespace

import numpy as np

from ..engine import Dense, Network
from ..engine.callbacks import Callback
from ..engine.errors import TrainingDiverged
from ..engine.schedules import CosineDecay, ExponentialDecay, Schedule, StepDecay
from ..recorder import Recorder, open_run
from . import config as cfg
from . import data as pdata
from . import messages as msg
from .queues import Mailbox

#: TF Playground runs one epoch per animation frame; so do we, at most this often
MAX_FPS = 60
#: frames sent but not yet drawn (acknowledged) by the page
MAX_IN_FLIGHT = 2
#: epochs per fit call; training goes on with a new fit after that many
FIT_EPOCHS = 100_000
#: steps per fit call at most (a run file of a few dozen MB)
STEP_BUDGET = 500_000
#: run files a session keeps in the runs folder at most (see _prune). A file in
#: which no epoch was trained (settings changed, points drawn, reset while
#: paused) is deleted when it ends; beyond this many, the oldest go.
MAX_RUN_FILES = 4
#: training samples on which the recorder's diagnostics and the page's dead and
#: saturated rings are both computed (the same samples: they agree)
PROBE_SIZE = 64
#: step losses recorded per epoch at most
STEPS_RECORDED = 100
#: the page's output choice -> (output activation, loss)
OUTPUT_LAYERS = {
    "tanh_mse": ("tanh", "mse"),
    "sigmoid_bce": ("sigmoid", "bce"),
    "softmax_ce": ("softmax", "cross_entropy"),
    "linear_mse": ("linear", "mse"),
}
#: the page's initialisation -> the engine's initializer
INIT_NAMES = {
    "playground": "uniform",
    "glorot_uniform": "glorot_uniform",
    "he_uniform": "he_uniform",
}


class _Restart(BaseException):
    """Leave the fit loop and start again (new data, new weights or both)."""

    def __init__(self, *, new_weights=True, new_data=False, same_init=False):
        super().__init__("restart")
        self.new_weights = new_weights
        self.new_data = new_data
        self.same_init = same_init


class _Close(BaseException):
    """The page went away: end the session."""


def _what_diverged(exc) -> str:
    """What became NaN or infinite, in the page's words, from the
    :class:`TrainingDiverged` ``exc`` (its ``cause``; its ``loss`` when that
    was the cause)."""
    cause = getattr(exc, "cause", "loss")
    if cause == "loss":
        loss = getattr(exc, "loss", math.nan)
        return f"the loss became {'NaN' if math.isnan(loss) else 'infinite'}"
    if cause == "gradient":
        return (
            "a gradient became infinite or NaN while the loss was still finite, "
            "and so did the weights it updated"
        )
    if cause == "optimizer state":
        state = getattr(exc, "state", None)
        return (
            f"the optimizer's state{f' {state!r}' if state else ''} became infinite "
            "or NaN while the loss and the weights were still finite (a gradient "
            "too large to square, say); from there on its steps would have been 0"
        )
    return "the weights became infinite or NaN while the loss was still finite"


#: the recorder's rules about the divergence itself (the page has its own event)
DIVERGENCE_RULES = frozenset({"loss_not_finite"})
#: advice the page cannot follow (only a script can), in the recorder's hints
_SCRIPT_ONLY = ("clip", "fit(", "standardiz", "batch norm")


def page_hint(suggestion: str) -> str:
    """A diagnostic's suggestion without the advice only a script can follow
    (the page has no gradient clipping and its features are fixed)."""
    sentences = [t.strip() for t in re.split(r"(?<=[.;])\s+", suggestion or "")]
    kept = []
    for sentence in sentences:
        parts = [re.sub(r"^or\s+", "", p.strip()) for p in sentence.split(",")]
        good = [p for p in parts if p and not any(w in p.lower() for w in _SCRIPT_ONLY)]
        if good:
            if len(good) > 1:
                good[-1] = "or " + good[-1]
            text = ", ".join(g.rstrip(".;") for g in good)
            kept.append(text[0].upper() + text[1:] + ".")
    return " ".join(kept) or "Lower the learning rate, or press reset."


def lr_advice(suggestion: str) -> str | None:
    """Which way a diagnostic's advice moves the learning rate: "lower",
    "higher" or None (the page words its own hint from it)."""
    text = (suggestion or "").lower()
    if "lower learning rate" in text or "lower rate" in text:
        return "lower"
    if "higher learning rate" in text:
        return "higher"
    return None


def _new_seed() -> int:
    return int(np.random.SeedSequence().entropy % cfg.MAX_SEED)


def library_schedule(config) -> Schedule | None:
    """The engine schedule behind the page's choice (None: constant).

    ``step`` halves the rate every 100 epochs, ``exponential`` multiplies it by
    0.995 per epoch, ``cosine`` anneals it to 1% over ``stop_epoch`` epochs
    (1,000 when there is no stop).
    """
    kind = config["schedule"]
    if kind == "step":
        return StepDecay(step_size=100, gamma=0.5)
    if kind == "exponential":
        return ExponentialDecay(gamma=0.995)
    if kind == "cosine":
        return CosineDecay(epochs=config["stop_epoch"] or 1000, min_factor=0.01)
    return None


class LiveSchedule(Schedule):
    """The learning rate the page sets, with its schedule; a change applies from
    the next epoch, without a reset (as in TF Playground)."""

    def __init__(self, config):
        self.update(config)
        self.start = 0

    def update(self, config):
        self.lr = float(config["learning_rate"])
        self.kind = config["schedule"]
        self.inner = library_schedule(config)

    def factor(self, epoch, total_epochs):
        if self.inner is None:
            return 1.0
        return self.inner.factor(epoch + self.start, total_epochs)

    def __call__(self, epoch, base_lr, total_epochs):
        return self.lr * self.factor(epoch, total_epochs)

    def config(self):
        return {"name": "playground", "kind": self.kind, "lr": self.lr}


def build_network(config, n_inputs, classes, seed) -> Network:
    kind = msg.output_kind(config, classes)
    out_act, loss = OUTPUT_LAYERS[kind]
    n_out = classes if kind == "softmax_ce" else 1
    init = INIT_NAMES[config["init"]]
    sizes = [n_inputs, *config["hidden"], n_out]
    per_layer = config["layer_activations"]
    layers = []
    for i in range(len(sizes) - 1):
        last = i == len(sizes) - 2
        act = (
            out_act
            if last
            else (
                per_layer[i]
                if i < len(per_layer) and per_layer[i]
                else config["activation"]
            )
        )
        layers.append(Dense(sizes[i], sizes[i + 1], act, init=init))
    rate = config["reg_rate"]
    return Network(
        layers,
        loss=loss,
        seed=seed,
        l1=rate if config["regularization"] == "l1" else 0.0,
        l2=rate if config["regularization"] == "l2" else 0.0,
    )


class Worker:
    """A page's session: a worker thread fed by a command queue.

    The server calls :meth:`start`, :meth:`put` (checked commands), :meth:`call`
    (downloads) and :meth:`stop`/:meth:`close`; subclasses implement ``_work``.
    """

    mode = "live"

    def __init__(self, send: Callable):
        self.id = secrets.token_urlsafe(12)
        self.send = send
        self.commands = Mailbox()
        self.focus = None
        self._viewing = None  # (network, epoch) of the seek the page is looking at
        self.seq = 0
        self._thread = threading.Thread(
            target=self._work, name=f"playground-{self.id}", daemon=True
        )

    def _work(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def start(self):
        self.send(msg.hello(self.id, self.mode, dict(cfg.DEFAULTS)))
        self._thread.start()

    def put(self, command: dict) -> bool:
        """Queue a checked command from the page; False when it was refused
        because too many wait (the caller tells the page)."""
        return self.commands.put(command)

    def stop(self) -> None:
        """End the worker: what waits is dropped; returns at once."""
        self.commands.close()

    def close(self, timeout=5.0) -> None:
        self.stop()
        self._thread.join(timeout)

    def call(self, fn):
        """Run ``fn(session)`` in the worker thread; returns a box whose "done"
        event is set when "value" (or "error") is there."""
        box = {"done": threading.Event(), "value": None, "error": None}
        if not self.commands.put({"type": "_call", "fn": fn, "box": box}):
            box["error"] = RuntimeError("the session is busy; try again")
            box["done"].set()
        return box

    def forget(self):
        """Remove what the session leaves on disk (nothing by default)."""

    def _unit_exists(self, layer: int, unit: int) -> bool:
        """Is there a neuron ``unit`` in ``layer`` (0: the inputs)? If not,
        the page is told which layers and units there are."""
        sizes = self.net.sizes
        if not 0 <= layer < len(sizes):
            self.send(
                msg.error(
                    f"layer must be from 0 (the inputs) to {len(sizes) - 1} (the "
                    f"output); got {layer}.",
                    "layer",
                )
            )
            return False
        if not 0 <= unit < sizes[layer]:
            self.send(
                msg.error(
                    f"layer {layer} has units 0 to {sizes[layer] - 1}; got unit "
                    f"{unit}.",
                    "unit",
                )
            )
            return False
        return True

    def _epoch_exists(self, epoch: int, last: int) -> bool:
        if epoch > last:
            self.send(
                msg.error(
                    f"epoch must be from 0 to {last} (the epochs trained so far); "
                    f"got {epoch}.",
                    "epoch",
                )
            )
            return False
        return True


class Session(Worker):
    """A live training session, driven by commands; frames go to ``send``.

    Parameters
    ----------
    send : callable
        Called from the worker thread with each outgoing message: a dict (JSON)
        or bytes (a binary frame). It must be thread-safe and must not block.
    runs_dir : str
        Where the session's run files go.
    config : dict, optional
        A partial config; unspecified keys take the defaults (and a random seed).
    """

    def __init__(
        self,
        send: Callable,
        runs_dir: str,
        config=None,
        *,
        max_fps=MAX_FPS,
        ephemeral=False,
    ):
        super().__init__(send)
        self.runs_dir = runs_dir
        self.ephemeral = ephemeral
        self._runs = []
        seed, data_seed = (
            int(v % cfg.MAX_SEED) for v in np.random.SeedSequence().generate_state(2)
        )
        base = {**cfg.DEFAULTS, "seed": seed, "data_seed": data_seed}
        config = dict(config or {})
        if "seed" in config and "data_seed" not in config:
            config["data_seed"] = config["seed"]  # one seed given: it drew both
        self.config = cfg.merge(base, config)
        self.min_interval = 1.0 / max_fps if max_fps else 0.0
        self.playing = False
        self.in_flight = 0
        # (X, y, classes, class_names, is_test or None) of drawn or uploaded data
        self.custom = None
        # (center, half) of its values, when they are scaled (data.value_scale)
        self.custom_scale = None
        self.net = None
        self.data = None
        self.run_path = None
        self.recorder = None
        self.schedule = LiveSchedule(self.config)
        self._last_release = 0.0
        self._last_batch_check = 0.0
        self._deferred = deque()
        self._lineage = []  # run files of the current network, oldest first
        self._curve = Curve()  # the numbers its frames showed, per epoch
        self._seen_diagnostics = 0
        self._pending_events = []
        self._step_pending = False
        self._initial = None
        self._acked = 0
        self._run_start_epoch = 0

    # -- the worker thread --------------------------------------------------------
    def _work(self):
        restart = _Restart(new_weights=True, new_data=True)
        try:
            while True:
                try:
                    restart = self._round(restart)
                except _Restart as again:
                    # drop the traceback: it would keep every old fit alive
                    restart = again.with_traceback(None)
                except Exception as exc:  # never let the page's session die
                    restart = self._failed(exc)
        except _Close:
            pass
        finally:
            self._close_recorder()
            self.forget()

    def _failed(self, exc) -> _Restart:
        """Say what went wrong, then wait for a change of settings or a reset."""
        self.playing = False
        self.send(
            msg.error(
                f"training stopped: {type(exc).__name__}: {exc}. Change a setting "
                "or press reset.",
                None,
            )
        )
        self._close_recorder()
        try:
            while True:
                self._handle(self._next_command(None))
                self.playing = self._step_pending = False
        except _Restart as again:
            return again.with_traceback(None)

    def _round(self, restart: _Restart) -> _Restart:
        """Prepare and train until a command restarts; returns how to go on."""
        self._prepare(restart)
        if len(self.parts["train"][0]) == 0:  # an emptied custom data set
            self.playing = False
            self._push_state()
            self._push_frame()
            self._wait()
            return restart
        try:
            self._fit()
        except TrainingDiverged as exc:
            self._diverged(exc)
        return _Restart(new_weights=False)  # go on with the same network

    def _prepare(self, restart: _Restart):
        self._close_recorder()  # before self.net changes: it writes the final weights
        c = self.config
        if restart.new_data or self.data is None:
            is_test = None
            scale = None  # TF Playground's own sets are made for [-1, 1]
            if c["dataset"] == "custom" and self.custom is not None:
                X, y, classes, names, is_test = self.custom
                scale = self.custom_scale
                # the data decides: class labels are classification
                self._set_problem("classification" if classes else "regression")
            else:
                if c["dataset"] == "custom":
                    c["dataset"] = cfg.DATASETS[c["problem"]][0]
                X, y, classes = pdata.generate(
                    c["dataset"], c["noise"] / 100, c["data_seed"]
                )
                names = None
            if is_test is None:
                self.data = pdata.split(
                    X, y, classes, c["train_ratio"], c["data_seed"], names, scale
                )
            else:  # drawn points: each keeps its part
                self.data = pdata.make(
                    X[~is_test],
                    y[~is_test],
                    X[is_test],
                    y[is_test],
                    classes,
                    names,
                    scale,
                )
        feats = c["features"]
        kind = msg.output_kind(c, self.data.classes)
        self.parts = msg.parts(self.data, feats, kind)
        old = self.net
        if restart.same_init and self._initial is not None:
            self.net = Network.from_config(*self._initial)
        elif restart.new_weights or old is None:
            self.net = build_network(c, len(feats), self.data.classes, c["seed"])
            self._initial = (self.net.config(), self.net.parameters_vector().copy())
        if self.net is not old:
            self._lineage = []  # a new network: a new timeline
            self._curve = Curve()
        self.schedule.update(c)
        self.schedule.start = self.net.epochs_trained if self.net is old else 0
        self._open_recorder()

    def _open_recorder(self):
        os.makedirs(self.runs_dir, exist_ok=True)
        self.run_path = os.path.join(
            self.runs_dir, f"playground-{self.id}-{int(time.time() * 1000)}.ngrun"
        )
        self._runs.append(self.run_path)
        self._lineage.append(self.run_path)
        self._run_start_epoch = self.net.epochs_trained
        self._prune()
        self.recorder = Recorder(
            self.run_path,
            every=max(1, self._steps_per_epoch() // STEPS_RECORDED),
            snapshot_every="progressive",
            probe=self._probe(),
            name=f"playground {self.config['dataset']}",
            dataset={
                "name": self.config["dataset"],
                "features": self.config["features"],
                "data_seed": self.config["data_seed"],
                "playground": dict(self.config),
                # the targets the run holds are (value - center) / half
                "target_scale": (
                    None
                    if self.data.target_scale is None
                    else list(self.data.target_scale)
                ),
            },
        )
        self._seen_diagnostics = 0

    def _close_recorder(self):
        """End the current run file (a no-op if the fit already ended it)."""
        recorder, self.recorder = self.recorder, None
        if recorder is not None and self.net is not None:
            try:
                recorder.on_fit_end(
                    self.net,
                    SimpleNamespace(
                        status="interrupted", error="restarted from the page"
                    ),
                )
            except Exception:  # it never started (e.g. no disk space)
                pass
            if self.net.epochs_trained == self._run_start_epoch:
                self._remove(self.run_path)  # no epoch trained: nothing to keep

    def _remove(self, path):
        """Delete one of the session's run files (and SQLite's files beside it)."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.remove(path + suffix)
            except OSError:
                pass
        for paths in (self._runs, self._lineage):
            if path in paths:
                paths.remove(path)

    def _prune(self):
        """At most MAX_RUN_FILES run files per session: the oldest go first."""
        while len(self._runs) > MAX_RUN_FILES:
            self._remove(self._runs[0])

    def forget(self):
        """Delete the session's run files (when they live in a temporary folder)."""
        if self.ephemeral:
            for path in list(self._runs):
                self._remove(path)

    def _fit(self):
        X, T = self.parts["train"]
        test = self.parts["test"]
        c = self.config
        batch = min(c["batch_size"], len(X))
        self.net.fit(
            X,
            T,
            epochs=self._fit_epochs(),
            batch_size=batch,
            optimizer=c["optimizer"],
            lr=c["learning_rate"],
            lr_schedule=self.schedule,
            validation_data=test if len(test[0]) else None,
            callbacks=[self.recorder, _Gate(self)],
        )

    def _probe(self):
        """The samples the diagnostics and the rings are computed on."""
        X = self.parts["train"][0]
        return X[:PROBE_SIZE] if len(X) else None

    def _steps_per_epoch(self) -> int:
        n = len(self.parts["train"][0])
        return max(1, -(-n // max(1, min(self.config["batch_size"], n))))

    def _fit_epochs(self) -> int:
        """Epochs per fit call: training goes on with another fit (and run file)
        after that, so each run file stays a reasonable size."""
        return max(1, min(FIT_EPOCHS, STEP_BUDGET // self._steps_per_epoch()))

    def _diverged(self, exc):
        """One ``diverged`` event per divergence, with what the page offers."""
        self.playing = False
        lr = self.config["learning_rate"]
        at = self.net.epochs_trained + 1
        self._pending_events.append(
            {
                "kind": "diverged",
                "code": "diverged",
                "cause": getattr(exc, "cause", "loss"),
                "message": f"Training diverged in epoch {at}: {_what_diverged(exc)}. "
                "The network keeps the last weights whose loss was finite.",
                "hint": f"Lower the learning rate (it is {lr:g}; try {lr / 10:g}) "
                "and press play, or press reset for new weights. Fewer input "
                "features or L2 regularisation also help.",
            }
        )
        # the recorder's own note of the same event would say it twice
        self._pending_events += [
            e for e in self._new_diagnostics() if e["code"] not in DIVERGENCE_RULES
        ]
        self._push_frame()
        self._wait()

    # -- between epochs -----------------------------------------------------------
    def at_epoch(self, fit_start: bool):
        if fit_start:
            self._push_state()
        else:
            self._pending_events += self._new_diagnostics()
            stop = self.config["stop_epoch"]
            if stop and self.net.epochs_trained == stop and self.playing:
                self.playing = False
                self._pending_events.append(
                    {
                        "kind": "stopped",
                        "code": "stop_epoch",
                        "message": f"Stopped at epoch {stop}, as asked.",
                        "hint": "Press play to go on, or change 'stop at epoch'.",
                    }
                )
        self._push_frame()
        self._wait()

    def _next_command(self, timeout):
        """The next command: ones deferred during an epoch first."""
        if self._deferred:
            return self._deferred.popleft()
        if timeout is not None and timeout <= 0:
            return self.commands.get_nowait()
        return self.commands.get(timeout=timeout)

    def at_batch(self):
        """During a long epoch, every ~0.1 s: stop if the page went, note a pause,
        answer downloads; everything else waits for the end of the epoch."""
        now = time.perf_counter()
        if now - self._last_batch_check < 0.1:
            return
        self._last_batch_check = now
        while True:
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return
            if command["type"] in ("_close", "_call", "ack", "pause"):
                if command["type"] == "pause":
                    self.playing = False
                else:
                    self._handle(command)
            else:
                self._deferred.append(command)

    def _wait(self):
        """Handle commands until it is time to train the next epoch."""
        while True:
            if self._step_pending:
                self._step_pending = False
                self._last_release = time.perf_counter()
                return
            timeout = None
            if self.playing and self.in_flight < MAX_IN_FLIGHT:
                # one epoch per 1/max_fps seconds at most, counted from the last start
                timeout = self.min_interval - (time.perf_counter() - self._last_release)
                if timeout <= 0:
                    try:
                        command = self._next_command(0)
                    except queue.Empty:
                        self._last_release = time.perf_counter()
                        return
                    self._handle(command)
                    continue
            try:
                command = self._next_command(timeout)
            except queue.Empty:
                continue
            self._handle(command)

    def _new_diagnostics(self):
        found = (
            self.recorder.diagnostics[self._seen_diagnostics :] if self.recorder else []
        )
        self._seen_diagnostics += len(found)
        # the recorder's severity and words (an overfitting finding whose test
        # accuracy held is its note); only the hint is the page's own
        return [
            {
                "kind": "diagnostic",
                "code": d.rule,
                "severity": d.severity,
                "message": d.message,
                "hint": page_hint(d.suggestion),
                "lr_advice": lr_advice(d.suggestion),
            }
            for d in found
        ]

    def _recorded(self):
        """``[(run path, snapshot epoch)]`` of the current network, oldest first:
        its runs since the last new weights (regenerating data or drawing points
        starts a new run file but keeps the network and its timeline)."""
        found = []
        for path in self._lineage:
            if not os.path.exists(path):
                continue
            try:
                with open_run(path) as run:
                    found += [(path, int(e)) for e in run.snapshot_epochs]
            except Exception:  # a run just created, not yet readable
                continue
        return found

    def _push_state(self):
        snapshots = [e + 1 for _, e in self._recorded()]
        self.send(
            msg.state(
                copy.deepcopy(self.config),
                self.data,
                self.net,
                epoch=self.net.epochs_trained,
                run_name=os.path.basename(self.run_path or ""),
                snapshots=snapshots,
            )
        )

    def _push_frame(self, net=None, *, epoch=None, replay=False):
        net = net or self.net
        self._viewing = (net, epoch) if replay else None
        self.seq += 1
        with np.errstate(all="ignore"):
            frame = msg.frame(
                net,
                self.config,
                self.data,
                self.parts,
                seq=self.seq,
                epoch=net.epochs_trained if epoch is None else epoch,
                playing=self.playing,
                focus=self.focus,
                events=self._pending_events,
                replay=replay,
                lr=self.schedule(
                    max(net.epochs_trained - self.schedule.start, 0), 0, 0
                ),
                probe=self._probe(),
            )
        self._pending_events = []
        self.in_flight += 1
        if not replay and epoch is None:
            self._curve.add(net.epochs_trained, msg.header(frame))
        self.send(frame)

    # -- commands -------------------------------------------------------------------
    def _handle(self, command):
        kind = command["type"]
        handler = getattr(self, f"_on_{kind.lstrip('_')}", None)
        if handler is None:
            self.send(msg.error(f"unknown message type {kind!r}.", "type"))
            return
        try:
            handler(command)
        except (_Restart, _Close):
            raise
        except Exception as exc:  # a bug or an odd case: say so, keep the session
            self.send(msg.error(f"{kind} failed: {type(exc).__name__}: {exc}", None))

    def _on_close(self, command):
        raise _Close()

    def _on_call(self, command):
        box = command["box"]
        try:
            box["value"] = command["fn"](self)
        except Exception as exc:  # reported to the HTTP caller
            box["error"] = exc
        box["done"].set()

    def _on_ack(self, command):
        """Frame ``seq`` is drawn: the frames after it are still in flight (acks
        waiting are merged into the newest one, so this counts from the seq)."""
        seq = command["seq"]
        if seq > self.seq:
            self.send(
                msg.error(
                    f"seq must be that of a frame sent (at most {self.seq}); "
                    f"got {seq}.",
                    "seq",
                )
            )
            return
        if seq > self._acked:
            self._acked = seq
            self.in_flight = min(self.in_flight, max(0, self.seq - seq))

    def _on_play(self, command):
        self.playing = True
        self.in_flight = min(self.in_flight, MAX_IN_FLIGHT - 1)

    def _on_live(self, command):
        """Back from a seek to the live network, still paused."""
        self.playing = False
        self._push_frame()

    def _on_pause(self, command):
        self.playing = False
        self._push_frame()

    def _on_step(self, command):
        self.playing = False
        self._step_pending = True

    def _on_reset(self, command):
        """New weights from a new weight seed (or the same initial weights with
        ``same_init``); the data stays, as in TF Playground."""
        self.playing = False
        if not command.get("same_init"):
            self.config["seed"] = _new_seed()
            raise _Restart(new_weights=True)
        raise _Restart(new_weights=True, same_init=True)

    def _on_regenerate(self, command):
        """New data from a new data seed (in the config, hence in the page's URL
        and the snippet); the weights stay."""
        if self.config["dataset"] == "custom":  # drawn or uploaded: nothing to draw
            self.send(
                msg.error(
                    "the data is custom (drawn or uploaded); choose a data set to "
                    "regenerate.",
                    "dataset",
                )
            )
            return
        self.config["data_seed"] = _new_seed()
        raise _Restart(new_weights=False, new_data=True)

    def _on_config(self, command):
        try:
            new = cfg.merge(self.config, command["config"])
        except cfg.ConfigMessageError as exc:
            self.send(msg.error(str(exc), exc.field))
            return
        reset, new_data = cfg.needs_reset(self.config, new)
        self.config = new
        self.schedule.update(new)
        if reset or new_data:
            self.playing = False
            raise _Restart(new_weights=reset, new_data=new_data)
        self._push_state()
        self._push_frame()

    def _on_data(self, command):
        """New custom data (an uploaded CSV): split by the train ratio."""
        X, y, classes, names = command["data"][:4]
        self.custom = (X, y, classes, names, None)
        self.custom_scale = None if classes else pdata.value_scale(y)
        self.config["dataset"] = "custom"
        self._set_problem("classification" if classes else "regression")
        self.playing = False
        if len(command["data"]) > 4 and command["data"][4]:
            self._pending_events.append(command["data"][4])  # how the task was chosen
        raise _Restart(new_weights=command.get("new_weights", True), new_data=True)

    def _custom_points(self):
        """``(X, y, classes, names, is_test)`` of the points on screen: drawn
        points keep their part (training unless asked), the rest theirs."""
        if self.config["dataset"] == "custom" and self.custom is not None:
            X, y, classes, names, is_test = self.custom
            if is_test is None:  # an upload, split by the ratio: keep that split
                d = self.data
                return (
                    np.concatenate([d.X_train, d.X_test]),
                    np.concatenate([d.y_train, d.y_test]),
                    classes,
                    names,
                    np.arange(len(d.y_train) + len(d.y_test)) >= len(d.y_train),
                )
            return X, y, classes, names, is_test
        d = self.data
        return (
            d.X,
            d.y,
            d.classes,
            list(d.class_names),
            np.arange(len(d.y)) >= len(d.y_train),
        )

    def _set_problem(self, problem):
        """The data decides the problem; a new problem gets its first output, as
        choosing it on the page does (regression: linear, as in TF Playground)
        and as :func:`config.merge` does."""
        c = self.config
        if problem != c["problem"] or c["output"] not in cfg.OUTPUTS[problem]:
            c["output"] = cfg.OUTPUTS[problem][0]
        c["problem"] = problem

    def _on_add_point(self, command):
        """One drawn point, or several (``points``: points drawn while the
        session was busy, merged by the mailbox). They are training points
        unless ``test`` is true."""
        X, y, classes, names, is_test = self._custom_points()
        points = command.get("points") or [
            (command["x"], command["y"], command["label"])
        ]
        room = pdata.MAX_POINTS - len(X)
        if room <= 0:
            self.send(
                msg.error(f"at most {pdata.MAX_POINTS} points can be drawn.", "x")
            )
            return
        for _, _, label in points:
            if classes and not (
                isinstance(label, int)
                and not isinstance(label, bool)
                and 0 <= label < classes
            ):
                self.send(
                    msg.error(
                        f"label must be a class index from 0 to {classes - 1}; "
                        f"got {label!r}.",
                        "label",
                    )
                )
                return
        points = points[:room]
        new = np.array([[px, py] for px, py, _ in points], dtype=float)
        X = np.vstack([X, new])
        y = np.append(y, [label for _, _, label in points])
        is_test = np.append(is_test, [bool(command.get("test", False))] * len(points))
        y = y.astype(int) if classes else y.astype(float)
        self.custom = (X, y, classes, names, is_test)
        # a drawn value beyond the colours' range widens it (the data's scale)
        self.custom_scale = (
            None
            if classes
            else pdata.widen_scale(
                self.data.target_scale, [label for _, _, label in points]
            )
        )
        self.config["dataset"] = "custom"
        raise _Restart(new_weights=False, new_data=True)

    def _on_clear_points(self, command):
        classes = self.data.classes
        empty = np.zeros(0, dtype=int if classes else float)
        self.custom = (
            np.zeros((0, 2)),
            empty,
            classes,
            list(self.data.class_names),
            np.zeros(0, dtype=bool),
        )
        self.custom_scale = self.data.target_scale  # points drawn next keep it
        self.config["dataset"] = "custom"
        self.playing = False
        raise _Restart(new_weights=False, new_data=True)

    def _layer(self, command):
        n = len(self.net.layers)
        if not 1 <= command["layer"] <= n:
            self.send(
                msg.error(
                    f"layer must be from 1 to {n}; got {command['layer']}.", "layer"
                )
            )
            return None
        return self.net.layers[command["layer"] - 1]

    def _on_set_weight(self, command):
        layer = self._layer(command)
        if layer is None:
            return
        i, j = command["from"], command["to"]
        if i >= layer.n_in or j >= layer.n_out:
            self.send(
                msg.error(
                    f"layer {command['layer']} has weights from 0..{layer.n_in - 1} to "
                    f"0..{layer.n_out - 1}; got from={i}, to={j}.",
                    "from" if i >= layer.n_in else "to",
                )
            )
            return
        layer.weights[i, j] = command["value"]
        self._push_frame()

    def _on_set_bias(self, command):
        layer = self._layer(command)
        if layer is None:
            return
        if command["unit"] >= layer.n_out:
            self.send(
                msg.error(
                    f"layer {command['layer']} has units 0..{layer.n_out - 1}; got "
                    f"unit={command['unit']}.",
                    "unit",
                )
            )
            return
        layer.bias[command["unit"]] = command["value"]
        self._push_frame()

    def _on_focus(self, command):
        layer = command.get("layer")
        if layer is not None and not self._unit_exists(layer, command["unit"]):
            return
        self.focus = None if layer is None else (layer, command["unit"])
        if self._viewing is not None:  # stay on the epoch the page is viewing
            net, epoch = self._viewing
            self._push_frame(net, epoch=epoch, replay=True)
        elif not self.playing:
            self._push_frame()

    def _on_explain(self, command):
        from .explain import explain_unit

        self.send(
            explain_unit(
                self, command["layer"], command["unit"], command.get("sample", 0)
            )
        )

    def _on_trace(self, command):
        from .explain import trace

        self.send(trace(self, command.get("sample", 0)))

    def _on_seek(self, command):
        epoch = command["epoch"]
        if not self._epoch_exists(epoch, self.net.epochs_trained):
            return
        self.playing = False
        recorded = self._recorded()
        if not recorded:
            self.send(msg.error("nothing is recorded yet; train first.", "epoch"))
            return
        earlier = [r for r in recorded if r[1] <= epoch - 1]
        path, chosen = earlier[-1] if earlier else recorded[0]
        with open_run(path) as run:
            net = network_at(run, chosen)
        self.send(self._curve.message())
        self._push_frame(net, epoch=chosen + 1, replay=True)


def network_at(run, epoch: int):
    """The network of snapshot ``epoch`` with that snapshot's gradients and
    updates, so the page's gradient view works on replays too."""
    net = run.network(epoch)
    snap = run.snapshot(epoch)
    for layer, saved in zip(net.layers, snap.layers):
        for name in ("grad_weights", "grad_bias", "update_weights", "update_bias"):
            value = getattr(saved, name)
            if value is not None:
                getattr(layer, name)[...] = value
    return net


class Curve:
    """The numbers the page's chart showed live, one row per epoch trained: what
    a ``seek`` sends back as the ``history`` (accuracy included for every output,
    which a run file holds only for the library's classifiers)."""

    KEYS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")

    def __init__(self):
        self.epoch = array("q")
        self.values = {k: array("d") for k in self.KEYS}

    def add(self, epoch: int, header: dict) -> None:
        row = [math.nan if header[k] is None else header[k] for k in self.KEYS]
        if self.epoch and epoch <= self.epoch[-1]:
            if epoch < self.epoch[-1]:
                return
            for k, v in zip(self.KEYS, row):  # an edit: the epoch's latest numbers
                self.values[k][-1] = v
            return
        self.epoch.append(int(epoch))
        for k, v in zip(self.KEYS, row):
            self.values[k].append(v)

    def message(self) -> dict:
        return msg.history(self.epoch, *(self.values[k] for k in self.KEYS))


def run_history(run) -> dict:
    """The run's curve, and per snapshot its layers' gradient norms (``grad_epochs``,
    ``grad_norms``: what the page's sparklines draw)."""
    m = run.metrics(format="dict")
    n = len(m["epoch"])
    none = [None] * n
    history = msg.history(
        np.asarray(m["epoch"]) + 1,
        *(
            none if m.get(k) is None else m[k]
            for k in ("loss", "val_loss", "accuracy", "val_accuracy")
        ),
    )
    epochs = [int(e) for e in run.snapshot_epochs]
    norms = []
    for e in epochs:
        layers = run.snapshot(e).layers
        norms.append(
            [msg._finite((la.norms or {}).get("grad_weights")) for la in layers]
        )
    history["grad_epochs"] = [e + 1 for e in epochs]
    history["grad_norms"] = norms
    return history


class _Gate(Callback):
    """Hands control to the session at the start of the fit, after each epoch,
    and briefly during long epochs."""

    wants_batches = True

    def __init__(self, session: Session):
        self.session = session

    def on_fit_start(self, net, fit):
        self.session.at_epoch(fit_start=True)

    def on_batch_end(self, net, step):
        self.session.at_batch()

    def on_epoch_end(self, net, info):
        self.session.at_epoch(fit_start=False)
