"""The neuron lab's websocket loop: one :class:`~.lab.LabSession` per socket.

One task reads the page's messages, checks them (:mod:`.lab_validate`) and
queues them (at most :data:`MAX_WAITING`; beyond that a command is refused with
an ``error``). The loop below is the only one touching the session: it applies
the queued commands, steps the model one chunk (in a worker thread, so the
server keeps answering) and sends the frame, about :data:`FPS` times a second;
the f-I curve of each new model is computed in the background and sent as
``lab_fi`` when ready. The socket closing ends the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque

from starlette.websockets import WebSocket, WebSocketDisconnect

from . import lab, lab_validate
from . import messages as msg
from .fields import ConfigMessageError

FPS = 30
MAX_WAITING = 64
MAX_ERRORS = 8


def apply(session: lab.LabSession, command: dict) -> list:
    """Apply one checked ``command``; the messages to send back (a refused
    value: an ``error`` naming the field, the session unchanged)."""
    kind = command["type"]
    try:
        if kind == "model":
            session.set_model(command["model"], command.get("preset", "RS"))
        elif kind == "current":
            session.set_current(command["value"])
        elif kind == "pulse":
            session.start_pulse(command["amplitude"], command["duration"])
        elif kind == "speed":
            session.speed = command["value"]
        elif kind == "parameter":
            session.set_parameter(command["name"], command["value"])
        elif kind == "reset":
            session.reset()
        else:
            session.running = kind == "play"
    except ConfigMessageError as exc:
        return [msg.error(str(exc), exc.field)]
    return [session.model_message()] if kind in ("model", "parameter", "speed") else []


async def _receive(ws: WebSocket, commands: asyncio.Queue, errors: deque):
    """Reads and checks the page's messages until the socket closes."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
        await _read(ws, commands, errors)


async def _read(ws: WebSocket, commands: asyncio.Queue, errors: deque):
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            text = message.get("text")
            command = lab_validate.command(b"" if text is None else text)
        except ConfigMessageError as exc:
            errors.append(msg.error(str(exc), exc.field))
            continue
        try:
            commands.put_nowait(command)
        except asyncio.QueueFull:
            errors.append(
                msg.error(
                    f"the lab is busy: {MAX_WAITING} commands are waiting, so this "
                    f"{command['type']!r} was dropped; send it again.",
                    "type",
                )
            )


class _Curves:
    """The f-I curve of the session's model, computed once per model in a
    thread; one computation at a time, the newest model's next."""

    def __init__(self):
        self.task = None
        self.sent = None  # the neuron whose curve the page has

    async def poll(self, ws, session):
        if self.task is not None and self.task.done():
            neuron, curve = self.task.result()
            self.task = None
            if neuron is session.neuron:
                await ws.send_text(json.dumps(lab.fi_message(session.model, curve)))
                self.sent = neuron
        if self.task is None and self.sent is not session.neuron:
            neuron, model = session.neuron, session.model
            self.task = asyncio.create_task(
                asyncio.to_thread(lambda: (neuron, lab.fi_curve(neuron, model)))
            )


async def run(ws: WebSocket):
    """Serve the lab on an accepted websocket until it closes."""
    session = lab.LabSession()
    commands: asyncio.Queue = asyncio.Queue(MAX_WAITING)
    errors: deque = deque(maxlen=MAX_ERRORS)
    await ws.send_text(json.dumps(lab.hello()))
    await ws.send_text(json.dumps(session.model_message()))
    receiver = asyncio.create_task(_receive(ws, commands, errors))
    curves = _Curves()
    loop = asyncio.get_running_loop()
    try:
        while not receiver.done():
            tick = loop.time() + 1 / FPS
            while errors:
                await ws.send_text(json.dumps(errors.popleft()))
            while not commands.empty():
                for reply in apply(session, commands.get_nowait()):
                    await ws.send_text(json.dumps(reply))
            await curves.poll(ws, session)
            if session.running:
                frame = await asyncio.to_thread(session.advance, session.frame_ms())
                await ws.send_text(json.dumps(frame, allow_nan=False))
            await asyncio.sleep(max(0.0, tick - loop.time()))
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass  # the page went away mid-send
    finally:
        receiver.cancel()
        if curves.task is not None:
            curves.task.cancel()
