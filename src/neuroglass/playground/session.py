"""One browser tab's live training session: data, network, run file, pacing.

Training runs in the session's worker thread inside the engine's own loop, so the
recorder, the divergence check and the diagnostics work exactly as in a script.
Between epochs (and briefly during long ones) the session sends the page its
frame and handles the page's commands (:mod:`.commands`); a command that needs
new data or weights ends the fit and starts a new one (a new run file). The
thread is the only one that touches the network; the server only puts commands
in :attr:`Session.commands` and sends what ``send`` receives.
"""

from __future__ import annotations

import copy
import os
import queue
import time
from collections import deque
from collections.abc import Callable
from types import SimpleNamespace

import numpy as np

from ..engine import Network
from ..engine.callbacks import Callback
from ..engine.errors import TrainingDiverged
from ..recorder import open_run
from . import messages as msg
from .build import LiveSchedule, build_data, build_network, first_config
from .commands import LIVE, MAX_IN_FLIGHT
from .events import DIVERGENCE_RULES, diagnostic_events, diverged_event, stopped_event
from .outputs import output_kind, parts
from .state import CLOSE, GO_ON, LiveState, Restart
from .timeline import Curve, RunFiles, network_at, new_recorder
from .wire import header
from .worker import Worker

#: TF Playground runs one epoch per animation frame; so do we, at most this often
MAX_FPS = 60
#: epochs per fit call; training goes on with a new fit after that many
FIT_EPOCHS = 100_000
#: steps per fit call at most (a run file of a few dozen MB)
STEP_BUDGET = 500_000
#: training samples on which the recorder's diagnostics and the page's dead and
#: saturated rings are both computed (the same samples: they agree)
PROBE_SIZE = 64
#: seconds between looks at the mailbox during a long epoch
BATCH_CHECK = 0.1
#: commands answered during an epoch; the others wait for its end
DURING_EPOCH = ("_close", "_call", "ack")


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

    handlers = LIVE

    def __init__(
        self,
        send: Callable,
        runs_dir: str,
        config=None,
        *,
        max_fps=MAX_FPS,
        ephemeral=False,
    ):
        super().__init__(send, LiveState(config=first_config(config)))
        self.runs = RunFiles(runs_dir, self.id, ephemeral)
        self.min_interval = 1.0 / max_fps if max_fps else 0.0
        self.schedule = LiveSchedule(self.state.config)
        self.recorder = None
        self._seen_diagnostics = 0
        self._run_start_epoch = 0
        self._last_release = 0.0
        self._last_batch_check = 0.0
        self._deferred = deque()

    # -- the worker thread --------------------------------------------------------
    def _work(self):
        plan = Restart(new_weights=True, new_data=True)
        try:
            while plan is not CLOSE:
                try:
                    plan = self._round(plan)
                except Exception as exc:  # never let the page's session die
                    plan = self._failed(exc)
        finally:
            self._close_recorder()
            self.runs.forget()

    def _round(self, restart: Restart):
        """Prepare and train until a command restarts; returns how to go on."""
        self._prepare(restart)
        if len(self.state.parts["train"][0]) == 0:  # an emptied custom data set
            self.state.playing = False
            self.push_state()
            self.push_frame()
            return self._wait() or GO_ON
        try:
            return self._fit()
        except TrainingDiverged as exc:
            return self._diverged(exc)

    def _failed(self, exc):
        """Say what went wrong, then wait for a change of settings or a reset."""
        self.state.playing = False
        self.send(
            msg.error(
                f"training stopped: {type(exc).__name__}: {exc}. Change a setting "
                "or press reset.",
                None,
            )
        )
        self._close_recorder()
        while True:
            outcome = self.handle(self._next_command(None))
            if outcome is not None:
                return outcome
            self.state.playing = self.state.step_pending = False

    def _prepare(self, restart: Restart):
        self._close_recorder()  # before the network changes: it writes the weights
        state = self.state
        config = state.config
        if restart.new_data or state.data is None:
            state.data = build_data(config, state.custom, state.custom_scale)
        kind = output_kind(config, state.data.classes)
        state.parts = parts(state.data, config["features"], kind)
        old = state.net
        if restart.same_init and state.initial is not None:
            state.net = Network.from_config(*state.initial)
        elif restart.new_weights or old is None:
            state.net = build_network(
                config, len(config["features"]), state.data.classes, config["seed"]
            )
            state.initial = (state.net.config(), state.net.parameters_vector().copy())
        new_network = state.net is not old
        if new_network:
            state.curve = Curve()  # a new network: a new timeline
        start = 0 if new_network else state.net.epochs_trained
        self.schedule = LiveSchedule(config, start)
        self._open_recorder(new_network)

    def _open_recorder(self, new_network: bool):
        state = self.state
        state.run_path = self.runs.new_path(new_network)
        self._run_start_epoch = state.net.epochs_trained
        self.recorder = new_recorder(
            state.run_path,
            state.config,
            state.data,
            self._probe(),
            self._steps_per_epoch(),
        )
        self._seen_diagnostics = 0

    def _close_recorder(self):
        """End the current run file (a no-op if the fit already ended it)."""
        recorder, self.recorder = self.recorder, None
        net = self.state.net
        if recorder is not None and net is not None:
            try:
                recorder.on_fit_end(
                    net,
                    SimpleNamespace(
                        status="interrupted", error="restarted from the page"
                    ),
                )
            except Exception:  # it never started (e.g. no disk space)
                pass
            if net.epochs_trained == self._run_start_epoch:
                self.runs.remove(self.state.run_path)  # no epoch trained: not kept

    def _fit(self):
        """Train the network in the engine's loop until a command ends it."""
        X, T = self.state.parts["train"]
        test = self.state.parts["test"]
        c = self.state.config
        try:
            self.state.net.fit(
                X,
                T,
                epochs=self._fit_epochs(),
                batch_size=min(c["batch_size"], len(X)),
                optimizer=c["optimizer"],
                lr=c["learning_rate"],
                lr_schedule=self.schedule,
                validation_data=test if len(test[0]) else None,
                callbacks=[self.recorder, _Gate(self)],
            )
        except _Leave as leave:
            return leave.outcome
        return GO_ON

    def _probe(self):
        """The samples the diagnostics and the rings are computed on."""
        X = self.state.parts["train"][0]
        return X[:PROBE_SIZE] if len(X) else None

    def _steps_per_epoch(self) -> int:
        n = len(self.state.parts["train"][0])
        return max(1, -(-n // max(1, min(self.state.config["batch_size"], n))))

    def _fit_epochs(self) -> int:
        """Epochs per fit: training goes on with another fit (and run file)
        after that, so each run file stays a reasonable size."""
        return max(1, min(FIT_EPOCHS, STEP_BUDGET // self._steps_per_epoch()))

    def _diverged(self, exc):
        """One ``diverged`` event per divergence, with what the page offers;
        then wait for the page (play trains on from the last finite weights)."""
        state = self.state
        state.playing = False
        lr = state.config["learning_rate"]
        state.pending_events.append(
            diverged_event(exc, state.net.epochs_trained + 1, lr)
        )
        # the recorder's own note of the same event would say it twice
        state.pending_events += [
            e for e in self._new_diagnostics() if e["code"] not in DIVERGENCE_RULES
        ]
        self.push_frame()
        return self._wait() or GO_ON

    # -- between epochs -----------------------------------------------------------
    def _at_fit_start(self):
        self.push_state()
        self.push_frame()
        return self._wait()

    def _after_epoch(self):
        state = self.state
        state.pending_events += self._new_diagnostics()
        stop = state.config["stop_epoch"]
        if stop and state.net.epochs_trained == stop and state.playing:
            state.playing = False
            state.pending_events.append(stopped_event(stop))
        self.push_frame()
        return self._wait()

    def _next_command(self, timeout):
        """The next command: ones deferred during an epoch first."""
        if self._deferred:
            return self._deferred.popleft()
        if timeout is not None and timeout <= 0:
            return self.commands.get_nowait()
        return self.commands.get(timeout=timeout)

    def _during_epoch(self):
        """During a long epoch, every ~0.1 s: stop if the page went, note a pause,
        answer downloads and acks; everything else waits for the epoch's end.
        Returns CLOSE when the page went."""
        now = time.perf_counter()
        if now - self._last_batch_check < BATCH_CHECK:
            return None
        self._last_batch_check = now
        while True:
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return None
            if command["type"] == "pause":
                self.state.playing = False
            elif command["type"] in DURING_EPOCH:
                if self.handle(command) is CLOSE:
                    return CLOSE
            else:
                self._deferred.append(command)

    def _wait(self):
        """Handle commands until it is time to train the next epoch (None), or
        until one of them restarts or closes (its outcome)."""
        state = self.state
        while True:
            if state.step_pending:
                state.step_pending = False
                self._last_release = time.perf_counter()
                return None
            timeout = None
            if state.playing and state.in_flight < MAX_IN_FLIGHT:
                # one epoch per 1/max_fps seconds at most, counted from the last start
                timeout = self.min_interval - (time.perf_counter() - self._last_release)
                if timeout <= 0:
                    try:
                        command = self._next_command(0)
                    except queue.Empty:
                        self._last_release = time.perf_counter()
                        return None
                    outcome = self.handle(command)
                    if outcome is not None:
                        return outcome
                    continue
            try:
                command = self._next_command(timeout)
            except queue.Empty:
                continue
            outcome = self.handle(command)
            if outcome is not None:
                return outcome

    def _new_diagnostics(self) -> list:
        found = (
            self.recorder.diagnostics[self._seen_diagnostics :] if self.recorder else []
        )
        self._seen_diagnostics += len(found)
        return diagnostic_events(found)

    # -- what the page is sent ------------------------------------------------------
    def push_state(self):
        state = self.state
        snapshots = [e + 1 for _, e in self.runs.recorded()]
        self.send(
            msg.state(
                copy.deepcopy(state.config),
                state.data,
                state.net,
                epoch=state.net.epochs_trained,
                run_name=os.path.basename(state.run_path or ""),
                snapshots=snapshots,
            )
        )

    def push_frame(self, net=None, *, epoch=None, replay=False):
        state = self.state
        net = net or state.net
        state.viewing = (net, epoch) if replay else None
        state.seq += 1
        with np.errstate(all="ignore"):
            frame = msg.frame(
                net,
                state.config,
                state.data,
                state.parts,
                seq=state.seq,
                epoch=net.epochs_trained if epoch is None else epoch,
                playing=state.playing,
                focus=state.focus,
                events=state.pending_events,
                replay=replay,
                lr=self.schedule.rate_at(net.epochs_trained),
                probe=self._probe(),
            )
        state.pending_events = []
        state.in_flight += 1
        if not replay and epoch is None:
            state.curve.add(net.epochs_trained, header(frame))
        self.send(frame)

    # -- the hooks of the handlers ------------------------------------------------
    def retune(self):
        """The rate or the schedule changed: from the next epoch on."""
        self.schedule.update(self.state.config)

    def redraw(self):
        state = self.state
        if state.viewing is not None:  # stay on the epoch the page is viewing
            net, epoch = state.viewing
            self.push_frame(net, epoch=epoch, replay=True)
        elif not state.playing:
            self.push_frame()

    def last_epoch(self) -> int:
        return self.state.net.epochs_trained

    def seek(self, epoch: int):
        """Show the snapshot recorded at or before ``epoch`` (and the curve)."""
        state = self.state
        state.playing = False
        recorded = self.runs.recorded()
        if not recorded:
            self.send(msg.error("nothing is recorded yet; train first.", "epoch"))
            return
        earlier = [r for r in recorded if r[1] <= epoch - 1]
        path, chosen = earlier[-1] if earlier else recorded[0]
        with open_run(path) as run:
            net = network_at(run, chosen)
        self.send(msg.history(*state.curve.columns()))
        self.push_frame(net, epoch=chosen + 1, replay=True)


class _Leave(BaseException):
    """Carries a command's outcome out of the engine's fit."""

    def __init__(self, outcome):
        super().__init__("leave")
        self.outcome = outcome


class _Gate(Callback):
    """Hands control to the session at the start of the fit, after each epoch,
    and briefly during long epochs."""

    wants_batches = True

    def __init__(self, session: Session):
        self.session = session

    def on_fit_start(self, net, fit):
        outcome = self.session._at_fit_start()
        if outcome is not None:
            raise _Leave(outcome)

    def on_batch_end(self, net, step):
        if self.session._during_epoch() is CLOSE:
            raise _Leave(CLOSE)

    def on_epoch_end(self, net, info):
        outcome = self.session._after_epoch()
        if outcome is not None:
            raise _Leave(outcome)
