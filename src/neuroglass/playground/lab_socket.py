"""The neuron lab's websocket loop: one :class:`~.lab.LabSession` per socket.

One task reads the page's messages, checks them (:mod:`.lab_validate`) and
queues them (at most :data:`MAX_WAITING`; beyond that a command is refused with
an ``error``). The loop below is the only one touching the session: it applies
the queued commands, steps the model one chunk (in a worker thread, so the
server keeps answering) and sends the frame, about :data:`FPS` times a second;
the f-I curve of each new model is computed in the background and sent as
``lab_fi`` when ready (never for a mystery neuron before the answer), and the
phase plane (``lab_phase``) is sent again whenever the model or the current
changes. The socket closing ends the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque

from starlette.websockets import WebSocket, WebSocketDisconnect

from . import lab, lab_phase, lab_validate
from . import messages as msg
from .fields import ConfigMessageError
from .lab_models import Refusal

FPS = 30
MAX_WAITING = 64
MAX_ERRORS = 8


def error(exc: ConfigMessageError) -> dict:
    """The ``error`` message of a refusal, with its Chinese wording (``zh``)
    when it has one."""
    message = msg.error(str(exc), exc.field)
    if isinstance(exc, Refusal):
        message["zh"] = exc.zh
    return message


def apply(session: lab.LabSession, command: dict) -> list:
    """Apply one checked ``command``; the messages to send back (a refused
    value: an ``error`` naming the field, the session unchanged)."""
    kind = command["type"]
    replies = []
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
        elif kind == "mystery":
            session.start_mystery()
        elif kind == "answer":
            replies.append(session.answer(command["value"]))
        else:
            session.running = kind == "play"
    except ConfigMessageError as exc:
        return [error(exc)]
    if kind in ("model", "parameter", "speed", "mystery", "answer"):
        replies.append(session.model_message())
    return replies


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
            errors.append(error(exc))
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
    thread; one computation at a time, the newest model's next; none while a
    mystery neuron is hidden (:meth:`~.lab.LabSession.fi_job`)."""

    def __init__(self):
        self.task = None
        self.sent = None  # the neuron whose curve the page has

    async def poll(self, ws, session):
        if self.task is not None and self.task.done():
            neuron, message = self.task.result()
            self.task = None
            if neuron is session.neuron and not session.hidden:
                await ws.send_text(json.dumps(message))
                self.sent = neuron
        job = session.fi_job()
        if self.task is None and job is not None and self.sent is not job[0]:
            neuron, compute = job
            self.task = asyncio.create_task(
                asyncio.to_thread(lambda: (neuron, compute()))
            )


def phase(session: lab.LabSession) -> dict:
    """``lab_phase`` for the session now (:mod:`.lab_phase`)."""
    if session.mystery is not None:
        return lab_phase.unavailable("mystery")
    if session.model == "lif":
        return lab_phase.unavailable("lif")
    v_range = lab.MODELS[session.model]["v_range"]
    return lab_phase.phase_message(
        session.neuron, session.model, session.current, v_range
    )


async def _send_phase(ws, session, sent_key):
    """Sends ``lab_phase`` when the neuron or the current changed since
    ``sent_key``; returns the key now sent."""
    key = (id(session.neuron), session.current, session.mystery is not None)
    if key != sent_key:
        message = await asyncio.to_thread(phase, session)
        await ws.send_text(json.dumps(message, allow_nan=False))
    return key


async def run(ws: WebSocket):
    """Serve the lab on an accepted websocket until it closes."""
    session = lab.LabSession()  # its mystery neurons seeded from the OS
    commands: asyncio.Queue = asyncio.Queue(MAX_WAITING)
    errors: deque = deque(maxlen=MAX_ERRORS)
    await ws.send_text(json.dumps(lab.hello()))
    await ws.send_text(json.dumps(session.model_message()))
    receiver = asyncio.create_task(_receive(ws, commands, errors))
    curves = _Curves()
    phase_key = None
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
            phase_key = await _send_phase(ws, session, phase_key)
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
