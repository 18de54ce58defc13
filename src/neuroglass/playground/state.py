"""What a session knows, declared in one place.

A session's worker thread is the only one that reads or writes its state; the
command handlers (:mod:`.commands`, :mod:`.dispatch`), the exports and the
explain panel all receive it. :class:`View` is what every session shows (a live
one or a replayed run); :class:`LiveState` and :class:`ReplayState` add what
each kind of session needs. No field is added anywhere else.

A handler answers with an outcome: None (go on), a :class:`Restart` (start
training again with new data, new weights or both) or :data:`CLOSE` (the page
went away). The session's loop acts on it; nothing is raised through the
engine's training loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .timeline import Curve


@dataclass(frozen=True)
class Restart:
    """Start training again: new data, new weights (or the same initial ones)."""

    new_weights: bool = True
    new_data: bool = False
    same_init: bool = False


@dataclass(frozen=True)
class Close:
    """The page went away: end the session."""


CLOSE = Close()
#: the same network goes on training (a new run file, the same timeline)
GO_ON = Restart(new_weights=False)


@dataclass
class Custom:
    """Drawn or uploaded points. ``is_test`` says which are test points (None:
    an upload, split by the train ratio)."""

    X: np.ndarray
    y: np.ndarray
    classes: int
    names: list
    is_test: np.ndarray | None = None


@dataclass
class View:
    """What a page is shown: the setup, its data and the network drawn."""

    config: dict = field(default_factory=dict)
    #: a :class:`neuroglass.playground.data.Data`
    data: object = None
    #: ``{"train": (inputs, T), "test": (inputs, T)}``, or None (no metrics)
    parts: dict | None = None
    #: the :class:`neuroglass.Network` drawn
    net: object = None
    #: ``(layer, unit)`` whose map the page shows, or None
    focus: tuple | None = None
    #: the number of the last frame sent
    seq: int = 0
    #: the run file the run export sends
    run_path: str | None = None


@dataclass
class LiveState(View):
    """A live session: what trains, what the page is doing, what it was told."""

    playing: bool = False
    #: frames sent and not yet acknowledged (drawn) by the page
    in_flight: int = 0
    #: the newest frame the page acknowledged
    acked: int = 0
    #: a "step" asked: train one epoch, then pause
    step_pending: bool = False
    #: ``(network, epoch)`` of a recorded epoch the page is looking at (a seek)
    viewing: tuple | None = None
    custom: Custom | None = None
    #: ``(center, half)`` of drawn or uploaded values when they are scaled
    custom_scale: tuple | None = None
    #: ``(network config, parameters)`` of the current network's first weights
    initial: tuple | None = None
    #: events for the next frame (diagnostics, divergence, stop)
    pending_events: list = field(default_factory=list)
    #: the numbers the page's chart showed, per epoch trained
    curve: Curve = field(default_factory=Curve)


@dataclass
class ReplayState(View):
    """A recorded run replayed: the run, and how its data is drawn."""

    #: the open :class:`neuroglass.recorder.Run`
    run: object = None
    #: the Playground feature of each network input, or None (raw inputs)
    inputs: list | None = None
    #: the epoch shown (snapshot epoch + 1)
    epoch: int = 0
    #: the run was recorded by the playground (its settings are known)
    from_playground: bool = False
    #: notes said with the first frame (what cannot be drawn)
    notes: list = field(default_factory=list)
    #: the run's model is no ng.Network: the page draws its layer graph
    graph: bool = False
