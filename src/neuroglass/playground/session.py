"""One browser tab's live training session: data, network, run file, pacing.

The session's worker thread drives the engine's own training loop, an
:class:`neuroglass.Trainer`, so the recorder, the divergence check and the
diagnostics work exactly as in a script. Between epochs (and briefly during long
ones) the session sends the page its frame and handles the page's commands
(:mod:`.commands`); a command that needs new data or weights stops the trainer
(its run file says "stopped") and starts a new one (a new run file). Nothing is
raised through the engine's loop. The thread is the only one that touches the
network; the server only puts commands in :attr:`Session.commands` and sends what
``send`` receives.
"""

from __future__ import annotations

import copy
import math
import os
import time
from collections import deque
from collections.abc import Callable

from ..engine import Network, Trainer
from ..engine.errors import TrainingDiverged
from ..recorder import open_run
from . import messages as msg
from .build import LiveSchedule, build_data, build_network, first_config
from .commands import LIVE
from .events import DIVERGENCE_RULES, diagnostic_events, diverged_event, stopped_event
from .outputs import output_kind, parts
from .pacing import BATCH_CHECK, Pacing
from .state import CLOSE, GO_ON, LiveState, Restart
from .timeline import Curve, RunFiles, network_at, new_recorder
from .wire import header
from .worker import Worker

#: TF Playground runs one epoch per animation frame; so do we, at most this often
MAX_FPS = 60
#: epochs per trainer; training goes on with a new one (a new run file) after that
FIT_EPOCHS = 100_000
#: steps per trainer at most (a run file of a few dozen MB)
STEP_BUDGET = 500_000
#: training samples on which the recorder's diagnostics and the page's dead and
#: saturated rings are both computed (the same samples: they agree)
PROBE_SIZE = 64


class Session(Pacing, Worker):
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
        self.trainer = None
        self._open_path = None  # the run file of this round
        #: seconds of the last step (epochs shorter than BATCH_CHECK run whole)
        self._step_seconds = math.inf
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
            self.runs.forget()

    def _round(self, restart: Restart):
        """Prepare a trainer and drive it until a command restarts or closes,
        or its epochs run out; returns how to go on."""
        try:
            self._prepare(restart)
            if len(self.state.parts["train"][0]) == 0:  # an emptied custom set
                self.state.playing = False
                self.push_state()
                self.push_frame()
                return self._wait() or GO_ON
            # an error of ours in flight ends the fit "interrupted", with its text
            with self._start_trainer() as trainer:
                return self._train(trainer)
        except TrainingDiverged as exc:
            return self._diverged(exc)
        finally:
            self._end_run()

    def _failed(self, exc):
        """Say what went wrong, then wait for a change of settings or a reset."""
        self.state.playing = False
        self.send(
            msg.error(
                f"training stopped: {type(exc).__name__}: {exc}. Change a setting "
                "or press reset.",
                None,
                f"训练停止了：{type(exc).__name__}: {exc}。请修改一个设置或按重置。",
            )
        )
        while True:
            outcome = self.handle(self._next_command(None))
            if outcome is not None:
                return outcome
            self.state.playing = self.state.step_pending = False

    def _prepare(self, restart: Restart):
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
        state.run_path = self._open_path = self.runs.new_path(new_network)
        self._run_start_epoch = state.net.epochs_trained

    def _start_trainer(self):
        """The trainer of this round, recording into its run file."""
        state, config = self.state, self.state.config
        self.recorder = new_recorder(
            state.run_path, config, state.data, self._probe(), self._steps_per_epoch()
        )
        self._seen_diagnostics = 0
        X, T = state.parts["train"]
        test = state.parts["test"]
        self.trainer = Trainer(
            state.net,
            X,
            T,
            epochs=self._fit_epochs(),
            batch_size=min(config["batch_size"], len(X)),
            optimizer=config["optimizer"],
            lr=config["learning_rate"],
            lr_schedule=self.schedule,
            validation_data=test if len(test[0]) else None,
            callbacks=[self.recorder],
        )
        return self.trainer

    def _end_run(self):
        """Stop the trainer if it still runs (its run file says "stopped"); a
        run file in which no epoch was trained is not kept."""
        trainer, self.trainer = self.trainer, None
        path, self._open_path = self._open_path, None
        if trainer is not None:
            trainer.stop()  # a no-op once the fit has ended (finished, diverged...)
        if path is not None and self.state.net.epochs_trained == self._run_start_epoch:
            self.runs.remove(path)

    def _train(self, trainer):
        """Epoch after epoch, with the page's commands in between."""
        outcome = self._at_fit_start()
        while outcome is None:
            if trainer.done:  # its epochs ran out: go on in a new run file
                return GO_ON
            outcome = self._run_epoch(trainer)
            if outcome is None:
                outcome = self._after_epoch()
        return outcome

    def _run_epoch(self, trainer):
        """One epoch. A short one runs whole; a long one step by step, looking
        at the mailbox every BATCH_CHECK seconds (CLOSE: the page went)."""
        if self._step_seconds * trainer.steps_per_epoch < BATCH_CHECK:
            start = time.perf_counter()
            trainer.run_epoch()
            elapsed = time.perf_counter() - start
            self._step_seconds = elapsed / trainer.steps_per_epoch
            return None
        epoch = trainer.epoch
        while trainer.epoch == epoch and not trainer.done:
            start = time.perf_counter()
            trainer.step()
            self._step_seconds = time.perf_counter() - start
            if self._during_epoch() is CLOSE:
                return CLOSE
        return None

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
        frame = msg.session_frame(
            state,
            net,
            epoch=net.epochs_trained if epoch is None else epoch,
            playing=state.playing,
            events=state.pending_events,
            replay=replay,
            lr=self.schedule.rate_at(state.config["learning_rate"], net.epochs_trained),
            probe=self._probe(),
        )
        state.pending_events = []
        state.in_flight += 1
        if not replay and epoch is None:
            state.curve.add(net.epochs_trained, header(frame))
        self.send(frame)

    # -- the hooks of the handlers ------------------------------------------------
    def retune(self):
        """The rate or the schedule changed: the trainer goes on with them."""
        self.schedule.update(self.state.config)
        if self.trainer is not None and not self.trainer.done:
            self.trainer.lr = self.state.config["learning_rate"]

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
            self.send(
                msg.error(
                    "nothing is recorded yet; train first.",
                    "epoch",
                    "还没有任何记录；请先训练。",
                )
            )
            return
        earlier = [r for r in recorded if r[1] <= epoch - 1]
        path, chosen = earlier[-1] if earlier else recorded[0]
        with open_run(path) as run:
            net = network_at(run, chosen)
        self.send(msg.history(*state.curve.columns()))
        self.push_frame(net, epoch=chosen + 1, replay=True)
