"""The one command dispatch, used by live and replayed sessions.

A command is a checked dict from the page (:mod:`.validate`) or from the server
(``_call``: a download; ``_close``: the page went; ``_data``: an upload). A
handler is ``handler(worker, command) -> outcome``: None (go on), a
:class:`.state.Restart` or :data:`.state.CLOSE`. Each kind of session gives its
table of handlers; the ones here are shared by both. A failing handler is told
to the page, and the session goes on.

A worker offers ``state`` (a :class:`.state.View`), ``send(message)``,
``redraw()`` (after the focus changed), ``last_epoch()`` and ``seek(epoch)``.
"""

from __future__ import annotations

from collections.abc import Callable

from . import messages as msg
from .state import CLOSE

Handler = Callable[[object, dict], object]


def dispatch(worker, command: dict, handlers: dict, refuse: Handler | None = None):
    """Run the handler of ``command``'s type; returns its outcome. A type with no
    handler goes to ``refuse`` (default: "unknown message type")."""
    kind = command["type"]
    handler = handlers.get(kind)
    if handler is None:
        if refuse is not None:
            return refuse(worker, command)
        worker.send(
            msg.error(
                f"unknown message type {kind!r}.", "type", f"未知的消息类型 {kind!r}。"
            )
        )
        return None
    try:
        return handler(worker, command)
    except Exception as exc:  # a bug or an odd case: say so, keep the session
        worker.send(
            msg.error(
                f"{kind} failed: {type(exc).__name__}: {exc}",
                None,
                f"“{kind}”执行失败（程序错误）：{type(exc).__name__}: {exc}",
            )
        )
        return None


# -- the handlers every session has ---------------------------------------------------
def on_close(worker, command):
    return CLOSE


def on_call(worker, command):
    """A download: run ``fn(state)`` in the worker's thread (the only one that
    touches the network); the server waits for its box."""
    box = command["box"]
    try:
        box["value"] = command["fn"](worker.state)
    except Exception as exc:  # reported to the HTTP caller
        box["error"] = exc
    box["done"].set()


def on_focus(worker, command):
    """Show one unit's map (``layer`` 0: an input feature), or none."""
    layer = command.get("layer")
    if layer is not None and not unit_exists(worker, layer, command["unit"]):
        return
    worker.state.focus = None if layer is None else (layer, command["unit"])
    worker.redraw()


def on_seek(worker, command):
    """Show a recorded epoch."""
    epoch = command["epoch"]
    if epoch_exists(worker, epoch, worker.last_epoch()):
        worker.seek(epoch)


def ignore(worker, command):
    """A command with nothing to do here (an ack of a replay's frame)."""


COMMON = {
    "_close": on_close,
    "_call": on_call,
    "focus": on_focus,
    "seek": on_seek,
}


# -- checks against the network drawn ------------------------------------------------
def unit_exists(worker, layer: int, unit: int) -> bool:
    """Is there a neuron ``unit`` in ``layer`` (0: the inputs)? If not, the page
    is told which layers and units there are."""
    sizes = worker.state.net.sizes
    if not 0 <= layer < len(sizes):
        worker.send(
            msg.error(
                f"layer must be from 0 (the inputs) to {len(sizes) - 1} (the "
                f"output); got {layer}.",
                "layer",
                f"层必须在 0（输入）到 {len(sizes) - 1}（输出）之间；"
                f"收到的是 {layer}。",
            )
        )
        return False
    if not 0 <= unit < sizes[layer]:
        worker.send(
            msg.error(
                f"layer {layer} has units 0 to {sizes[layer] - 1}; got unit {unit}.",
                "unit",
                f"第 {layer} 层的单元为 0 到 {sizes[layer] - 1}；收到的是单元 {unit}。",
            )
        )
        return False
    return True


def epoch_exists(worker, epoch: int, last: int) -> bool:
    if epoch > last:
        worker.send(
            msg.error(
                f"epoch must be from 0 to {last} (the epochs trained so far); "
                f"got {epoch}.",
                "epoch",
                f"轮次必须在 0 到 {last}（目前已训练的轮数）之间；收到的是 {epoch}。",
            )
        )
        return False
    return True
