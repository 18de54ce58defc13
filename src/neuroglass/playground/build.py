"""From the page's settings to the engine's objects: data, network, schedule.

Pure functions of a config (and the drawn or uploaded points): what a session
trains. Nothing here keeps state.
"""

from __future__ import annotations

import numpy as np

from ..engine import Dense, Network
from ..engine.schedules import CosineDecay, ExponentialDecay, Schedule, StepDecay
from . import config as cfg
from . import data as pdata
from .outputs import OUTPUT_LAYERS, output_kind

#: the page's initialisation -> the engine's initializer
INIT_NAMES = {
    "playground": "uniform",
    "glorot_uniform": "glorot_uniform",
    "he_uniform": "he_uniform",
}


def new_seed() -> int:
    """A fresh seed for the page's weights or data (in its allowed range)."""
    return int(np.random.SeedSequence().entropy % cfg.MAX_SEED)


def first_config(config=None) -> dict:
    """A session's first config: the defaults with fresh seeds, then ``config``
    (a link with one ``seed`` draws both the data and the weights from it)."""
    seed, data_seed = (
        int(v % cfg.MAX_SEED) for v in np.random.SeedSequence().generate_state(2)
    )
    base = {**cfg.DEFAULTS, "seed": seed, "data_seed": data_seed}
    config = dict(config or {})
    if "seed" in config and "data_seed" not in config:
        config["data_seed"] = config["seed"]  # one seed given: it drew both
    return cfg.merge(base, config)


def set_problem(config: dict, problem: str) -> None:
    """The data decides the problem; a new problem gets its first output, as
    choosing it on the page does (regression: linear, as in TF Playground)
    and as :func:`config.merge` does."""
    if problem != config["problem"] or config["output"] not in cfg.OUTPUTS[problem]:
        config["output"] = cfg.OUTPUTS[problem][0]
    config["problem"] = problem


def build_data(config: dict, custom=None, custom_scale=None):
    """The :class:`~neuroglass.playground.data.Data` the config asks for: the
    drawn or uploaded points ``custom`` (a :class:`.state.Custom`) when the
    dataset is "custom", else a generated set. Updates ``config``'s problem (the
    data decides it) and its dataset (a "custom" with no points falls back)."""
    if config["dataset"] == "custom" and custom is not None:
        # the data decides: class labels are classification
        set_problem(config, "classification" if custom.classes else "regression")
        X, y, classes, names = custom.X, custom.y, custom.classes, custom.names
        is_test, scale = custom.is_test, custom_scale
    else:
        if config["dataset"] == "custom":
            config["dataset"] = cfg.DATASETS[config["problem"]][0]
        X, y, classes = pdata.generate(
            config["dataset"], config["noise"] / 100, config["data_seed"]
        )
        names, is_test = None, None
        scale = None  # TF Playground's own sets are made for [-1, 1]
    if is_test is None:
        return pdata.split(
            X, y, classes, config["train_ratio"], config["data_seed"], names, scale
        )
    # drawn points: each keeps its part
    return pdata.make(
        X[~is_test], y[~is_test], X[is_test], y[is_test], classes, names, scale
    )


def build_network(config, n_inputs, classes, seed) -> Network:
    """The network of the page's settings for ``n_inputs`` features and
    ``classes`` classes (0: a regression), its weights drawn from ``seed``."""
    kind = output_kind(config, classes)
    out_act, loss = OUTPUT_LAYERS[kind]
    n_out = classes if kind == "softmax_ce" else 1
    init = INIT_NAMES[config["init"]]
    sizes = [n_inputs, *config["hidden"], n_out]
    per_layer = config["layer_activations"]
    layers = []
    for i in range(len(sizes) - 1):
        if i == len(sizes) - 2:
            act = out_act
        elif i < len(per_layer) and per_layer[i]:
            act = per_layer[i]
        else:
            act = config["activation"]
        layers.append(Dense(sizes[i], sizes[i + 1], act, init=init))
    rate = config["reg_rate"]
    return Network(
        layers,
        loss=loss,
        seed=seed,
        l1=rate if config["regularization"] == "l1" else 0.0,
        l2=rate if config["regularization"] == "l2" else 0.0,
    )


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
    """The page's schedule, which the page may change while training (as in TF
    Playground: no reset). The base rate is the trainer's (``trainer.lr``, the
    page's learning rate). ``start`` is the epochs the network trained before
    this trainer, so a schedule goes on where it was when a new run file
    begins."""

    name = "playground"

    def __init__(self, config, start: int = 0):
        self.update(config)
        self.start = start

    def update(self, config):
        self.kind = config["schedule"]
        self.inner = library_schedule(config)

    def factor(self, epoch, total_epochs):
        if self.inner is None:
            return 1.0
        return self.inner.factor(epoch + self.start, total_epochs)

    def rate_at(self, base_lr: float, epochs_trained: int) -> float:
        """The rate of the epoch after ``epochs_trained`` (what the page shows)."""
        return self(max(epochs_trained - self.start, 0), base_lr, 0)

    def config(self):
        return {"name": "playground", "kind": self.kind, "start": self.start}
