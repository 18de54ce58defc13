"""Resuming a recorded run: ``net.fit(..., resume=ng.Resume(path))``.

The engine cannot read run files (data flows engine -> recorder), so it takes
any object with a ``restore(net)`` method; :class:`Resume` is the recorder's.
"""

from __future__ import annotations

from ..engine.optimizers import optimizer_from_config
from ..engine.validation import check_path
from .recorder import Recorder
from .store import RecorderError, RunWriter


class Resume:
    """Continue the run recorded at ``path`` from its last checkpoint.

    Pass it to ``fit`` or ``ng.Trainer``: ``net.fit(X, y, epochs=5,
    resume=ng.Resume("runs/x.ngrun"))``. The network must have the recorded
    architecture (``ng.open_run(path).network()`` rebuilds it).

    Parameters
    ----------
    path : str or pathlib.Path
        A run file written by :class:`~neuroglass.recorder.Recorder`.
    """

    def __init__(self, path):
        self.path = check_path(path, "Resume path")

    def restore(self, net) -> Recorder:
        """Restore ``net``'s weights, optimizer (with its state), counters and
        shuffling generator from the run's checkpoint; forget what the run
        recorded after it; return the Recorder that goes on writing into it.

        Raises
        ------
        RecorderError
            If the network's architecture differs from the recorded one, or
            the run has no checkpoint.
        """
        config, checkpoint = _read_checkpoint(self.path, net)
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
        accepted = Recorder.__init__.__code__.co_varnames
        recorder = Recorder.appending(
            self.path, **{k: v for k, v in settings.items() if k in accepted}
        )
        writer = RunWriter(self.path, mode="append")
        try:
            writer.forget_from(net.steps_trained, net.epochs_trained)
        finally:
            writer.close()
        return recorder

    def __repr__(self) -> str:
        return f"Resume({self.path!r})"


def _read_checkpoint(path, net):
    """The run's config and checkpoint, checked against ``net``."""
    from .run import open_run

    with open_run(path) as run:
        config = run.config
        checkpoint = run.checkpoint()
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
    return config, checkpoint


def resume(net, path) -> Recorder:
    """``Resume(path).restore(net)`` (kept for code written before
    :class:`Resume`)."""
    return Resume(path).restore(net)
