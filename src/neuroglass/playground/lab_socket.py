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

Bounds: at most :data:`MAX_SESSIONS` lab sockets at once (one more is told why
and closed with code 1013, "try again later"); a frame's stepping stops after
:data:`FRAME_BUDGET_S` of wall time (the frame then says ``cut`` and the
``speed`` reached, so a page asking 8x of Hodgkin–Huxley on a slow machine is
told it gets less, and the server keeps its frame rate); a send that waits
:data:`SEND_TIMEOUT_S` (a page that never reads) closes the socket; the f-I
curves are computed one at a time in their own thread (:data:`FI_POOL`), so
many pages changing models cannot hold up the frames of others.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from starlette.websockets import WebSocket, WebSocketDisconnect

from . import lab, lab_phase, lab_validate
from . import messages as msg
from .fields import ConfigMessageError
from .lab_models import Refusal

FPS = 30
MAX_WAITING = 64
MAX_ERRORS = 8
MAX_SESSIONS = 16  # lab sockets open at once, in this process
FRAME_BUDGET_S = 0.6 / FPS  # wall time one frame's stepping may take
SEND_TIMEOUT_S = 10.0
FI_POOL = ThreadPoolExecutor(1, thread_name_prefix="lab-fi")
_open = 0  # lab sockets now served


def error(exc: ConfigMessageError) -> dict:
    """The ``error`` message of a refusal, with its Chinese wording (``zh``)
    when it has one."""
    return msg.refusal(exc)


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
        except Exception as exc:  # a bug in a check: say so, keep reading
            errors.append(
                msg.error(
                    f"the lab could not read that message: {exc}",
                    None,
                    f"实验室无法读取这条消息（程序错误）：{exc}",
                )
            )
            continue
        try:
            commands.put_nowait(command)
        except asyncio.QueueFull:
            errors.append(
                msg.error(
                    f"the lab is busy: {MAX_WAITING} commands are waiting, so this "
                    f"{command['type']!r} was dropped; send it again.",
                    "type",
                    f"实验室正忙：已有 {MAX_WAITING} 条命令在等待，所以这条 "
                    f"{command['type']!r} 被丢弃了；请再发送一次。",
                )
            )


async def send(ws: WebSocket, message: dict):
    """Send ``message`` as JSON (a non-finite number is a bug: an ``error``
    says so instead); waits at most :data:`SEND_TIMEOUT_S` for the page."""
    try:
        text = json.dumps(message, allow_nan=False)
    except (TypeError, ValueError) as exc:
        text = json.dumps(
            msg.error(
                f"could not send a {message.get('type')!r} message: {exc}",
                None,
                f"无法发送 {message.get('type')!r} 消息（程序错误）：{exc}",
            )
        )
    await asyncio.wait_for(ws.send_text(text), SEND_TIMEOUT_S)


class _Curves:
    """The f-I curve of the session's model, computed once per model in
    :data:`FI_POOL`; one computation at a time, the newest model's next; none
    while a mystery neuron is hidden (:meth:`~.lab.LabSession.fi_job`)."""

    def __init__(self):
        self.task = None
        self.neuron = None  # the neuron whose curve is being computed
        self.sent = None  # the neuron whose curve the page has (or failed)

    async def poll(self, ws, session):
        if self.task is not None and self.task.done():
            task, self.task = self.task, None
            try:
                message = task.result()
            except Exception as exc:  # told once, never retried
                self.sent = self.neuron
                await send(
                    ws,
                    msg.error(
                        f"the f-I curve could not be computed: {exc}",
                        None,
                        f"无法计算 f-I 曲线：{exc}",
                    ),
                )
            else:
                if self.neuron is session.neuron and not session.hidden:
                    await send(ws, message)
                    self.sent = self.neuron
        job = session.fi_job()
        if self.task is None and job is not None and self.sent is not job[0]:
            self.neuron, compute = job
            self.task = asyncio.get_running_loop().run_in_executor(FI_POOL, compute)

    def cancel(self):
        if self.task is not None:
            self.task.cancel()


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
    ``sent_key``; returns the key now sent (it holds the neuron itself: an
    ``id`` could be reused by the next neuron)."""
    key = (session.neuron, session.current, session.mystery is not None)
    if sent_key is None or any(a is not b for a, b in zip(key, sent_key)):
        await send(ws, await asyncio.to_thread(phase, session))
    return key


async def _send_frame(ws, session):
    """Step one frame (within :data:`FRAME_BUDGET_S`) and send it; a state
    that went non-finite is an ``error`` and a ``lab_model`` (paused)."""
    try:
        frame = await asyncio.to_thread(
            session.advance, session.frame_ms(), FRAME_BUDGET_S
        )
    except Refusal as exc:
        await send(ws, error(exc))
        await send(ws, session.model_message())
        return
    await send(ws, frame)


async def run(ws: WebSocket):
    """Serve the lab on an accepted websocket until it closes (refused, with
    an ``error`` and code 1013, when :data:`MAX_SESSIONS` are open)."""
    global _open
    if _open >= MAX_SESSIONS:
        with contextlib.suppress(Exception):
            full = msg.error(
                FULL.format(MAX_SESSIONS), "type", FULL_ZH.format(MAX_SESSIONS)
            )
            await send(ws, full)
            await ws.close(code=1013, reason="the lab is full")
        return
    _open += 1
    try:
        await _serve(ws)
    finally:
        _open -= 1


FULL = (
    "the lab already serves {} pages, its most; close a lab tab you do not need "
    "and reload this one."
)
FULL_ZH = (
    "实验室已经服务了 {} 个页面，这是它的上限；请关闭一个不需要的实验室标签页，"
    "再重新加载这一页。"
)


async def _serve(ws: WebSocket):
    session = lab.LabSession()  # its mystery neurons seeded from the OS
    commands: asyncio.Queue = asyncio.Queue(MAX_WAITING)
    errors: deque = deque(maxlen=MAX_ERRORS)
    receiver = asyncio.create_task(_receive(ws, commands, errors))
    curves = _Curves()
    phase_key = None
    loop = asyncio.get_running_loop()
    try:
        await send(ws, lab.hello())
        await send(ws, session.model_message())
        while not receiver.done():
            tick = loop.time() + 1 / FPS
            while errors:
                await send(ws, errors.popleft())
            while not commands.empty():
                for reply in apply(session, commands.get_nowait()):
                    await send(ws, reply)
            await curves.poll(ws, session)
            phase_key = await _send_phase(ws, session, phase_key)
            if session.running:
                await _send_frame(ws, session)
            await asyncio.sleep(max(0.0, tick - loop.time()))
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass  # the page went away mid-send, or stopped reading (a timeout)
    finally:
        receiver.cancel()
        curves.cancel()
        with contextlib.suppress(Exception):  # a page that stopped reading
            await asyncio.wait_for(ws.close(code=1008), 1.0)
