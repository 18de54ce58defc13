"""Resuming a recorded run: ``net.fit(..., resume=path)``."""

from __future__ import annotations

import os

from ..engine.optimizers import optimizer_from_config
from .recorder import Recorder
from .store import RecorderError, RunWriter


def resume(net, path) -> Recorder:
    """Restore ``net`` from the last checkpoint of the run at ``path``.

    Returns the Recorder that goes on writing into the same file. Used by
    ``net.fit(..., resume=path)``.
    """
    from .run import open_run

    path = os.fspath(path)
    with open_run(path) as run:
        config = run.config
        checkpoint = run._checkpoint()
    recorded = config["network"]
    ours = net.config()
    for key in ("layers", "loss", "dtype"):
        if recorded.get(key) != ours[key]:
            raise RecorderError(
                f"cannot resume {path!r} with this network: its {key} differ "
                f"(recorded: {recorded.get(key)!r}; this network: {ours[key]!r}). "
                "Rebuild the network as recorded: open_run(path).network()."
            )
    if checkpoint is None:
        raise RecorderError(f"{path!r} has no checkpoint to resume from.")
    net.set_parameters_vector(checkpoint["params"])
    opt_config = dict(checkpoint["optimizer"])
    t = opt_config.pop("t", 0)
    opt_config.pop("state_names", None)
    net.epochs_trained = checkpoint["epochs_trained"]
    net.steps_trained = checkpoint["steps_trained"]
    if opt_config:
        opt = optimizer_from_config(opt_config)
        opt.load_state({"t": t, **checkpoint["optimizer_state"]})
        net.optimizer = opt
    if checkpoint["rng"] is not None:
        net.rng.bit_generator.state = checkpoint["rng"]
    settings = config.get("recorder", {})
    recorder = Recorder(
        path,
        **{
            k: v
            for k, v in settings.items()
            if k in Recorder.__init__.__code__.co_varnames
        },
    )
    recorder._mode = "append"
    writer = RunWriter(path, mode="append")
    try:
        writer.transaction(
            lambda con: (
                RunWriter._trim_steps(con, net.steps_trained),
                con.execute(
                    "DELETE FROM epochs WHERE epoch >= ?", (net.epochs_trained,)
                ),
            )
        )
    finally:
        writer.close()
    return recorder
