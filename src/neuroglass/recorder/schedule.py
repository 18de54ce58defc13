"""When a Recorder takes a snapshot: the ``snapshot_every`` modes.

An integer takes one every that many epochs of a fit; ``"auto"`` one after
each of the first :data:`AUTO_FIRST_EPOCHS` epochs, then about
:data:`AUTO_SNAPSHOTS` over the fit; ``"progressive"`` one after each of the
first 100 epochs, then every 10th up to 1,000, every 100th up to 10,000 and so
on. The last epoch of a fit always gets one. Pure functions of epoch counts.
"""

from __future__ import annotations

AUTO_FIRST_EPOCHS = 5  # "auto": a snapshot after each of the first epochs ...
AUTO_SNAPSHOTS = 30  # ... then about this many over the fit
#: the names ``snapshot_every`` takes besides a positive integer
SNAPSHOT_MODES = ("auto", "progressive")


def progressive_step(done: int) -> int:
    """Epochs between "progressive" snapshots around epoch ``done`` of a fit."""
    return 1 if done < 100 else 10 ** (len(str(done)) - 2)


def snapshot_interval(snapshot_every, epochs: int) -> int:
    """Epochs between snapshots in a fit of ``epochs`` epochs (for
    "progressive", the interval at its end: only for the size estimate)."""
    if snapshot_every == "auto":
        return max(1, round(epochs / AUTO_SNAPSHOTS))
    if snapshot_every == "progressive":
        return progressive_step(epochs)
    return snapshot_every


def takes_snapshot(snapshot_every, interval: int, done: int, epochs: int) -> bool:
    """Whether the fit's epoch ``done`` (counted from 0 in this fit of
    ``epochs`` epochs) gets a snapshot; ``interval`` from
    :func:`snapshot_interval`."""
    return (
        (
            done % progressive_step(done) == 0
            if snapshot_every == "progressive"
            else done % interval == 0
        )
        or done == epochs - 1
        or (snapshot_every == "auto" and done < AUTO_FIRST_EPOCHS)
    )
