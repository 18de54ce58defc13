"""The playground's web server: Starlette routes, thin shells over the session.

``create_app()`` builds the ASGI app; ``serve()`` runs it with uvicorn. Every
message is built in :mod:`.messages`; the page is the static folder beside
this file. See docs/playground-protocol.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from . import exports, lab_socket, lab_stdp, validate
from . import messages as msg
from .data import MAX_UPLOAD_BYTES, DataMessageError, parse_csv
from .events import note_event
from .fields import ConfigMessageError
from .queues import MAX_WAITING, Outbox
from .replay import ReplaySession
from .session import Session

STATIC = Path(__file__).parent / "static"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _hostname(host: str) -> str:
    """``127.0.0.1`` of ``127.0.0.1:8765``; ``::1`` of ``[::1]:8765``."""
    return urlsplit(f"//{host}").hostname or ""


def _origin_ok(headers, allowed_hosts) -> bool:
    """A request with no Origin (not a browser) or from this server's own page:
    the Origin must name exactly the host and port the request was sent to."""
    origin = headers.get("origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc == headers.get("host")


class HostGuard:
    """Refuses requests whose Host header is not one of this server's names, so a
    web page whose domain is made to resolve to 127.0.0.1 (DNS rebinding) cannot
    reach the playground."""

    def __init__(self, app, allowed_hosts):
        self.app = app
        self.allowed_hosts = set(allowed_hosts)

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            headers = dict(scope["headers"])
            host = headers.get(b"host", b"").decode("latin-1")
            if _hostname(host) not in self.allowed_hosts:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    response = JSONResponse(
                        {"error": f"unknown host {host!r}"}, status_code=400
                    )
                    await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Playground:
    """The app's state: open sessions, where runs go, the replayed run if any."""

    def __init__(
        self, runs_dir=None, replay=None, allowed_hosts=LOCAL_HOSTS, max_fps=None
    ):
        self._tmp = None
        if runs_dir is None:
            self._tmp = tempfile.mkdtemp(prefix="neuroglass-playground-")
            runs_dir = self._tmp
        self.runs_dir = os.fspath(runs_dir)
        self.replay = None if replay is None else os.fspath(replay)
        self.allowed_hosts = set(allowed_hosts)
        self.max_fps = max_fps
        self.sessions: dict[str, Session] = {}

    def cleanup(self):
        for session in list(self.sessions.values()):
            session.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    # -- routes ------------------------------------------------------------------
    async def index(self, request):
        return FileResponse(
            STATIC / "index.html", headers={"Cache-Control": "no-cache"}
        )

    async def websocket(self, ws: WebSocket):
        if not _origin_ok(ws.headers, self.allowed_hosts):
            await ws.close(code=1008)  # before accept: the handshake gets HTTP 403
            return
        await ws.accept()
        outbox = Outbox(asyncio.get_running_loop())
        if self.replay is not None:
            session = ReplaySession(outbox.put, self.replay)
        else:
            kwargs = {} if self.max_fps is None else {"max_fps": self.max_fps}
            session = Session(
                outbox.put, self.runs_dir, ephemeral=self._tmp is not None, **kwargs
            )
        self.sessions[session.id] = session
        session.start()
        sender = asyncio.create_task(_pump(ws, outbox))
        try:
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                text = message.get("text")
                if text is None:
                    text = message.get("bytes") or b""
                try:
                    command = validate.command(text)
                except ConfigMessageError as exc:
                    outbox.offer(msg.refusal(exc))
                    continue
                if not session.put(command):
                    outbox.offer(_busy(command["type"]))
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            # synchronous first: this task may be cancelled at the next await
            session.stop()  # drops the commands still waiting
            outbox.close()  # and unblocks a session waiting to send
            self.sessions.pop(session.id, None)
            sender.cancel()

    async def lab(self, request):
        return FileResponse(STATIC / "lab.html", headers={"Cache-Control": "no-cache"})

    async def lab_websocket(self, ws: WebSocket):
        """The neuron lab (lab_socket.py): one model per socket."""
        if not _origin_ok(ws.headers, self.allowed_hosts):
            await ws.close(code=1008)
            return
        await ws.accept()
        await lab_socket.run(ws)

    async def lab_stdp(self, request):
        """The lab's STDP panel (lab_stdp.py): the window and simulated pairs for
        the query's parameters, or a 400 naming the refused parameter."""
        if not _origin_ok(request.headers, self.allowed_hosts):
            return JSONResponse({"ok": False, "error": "foreign origin"}, 403)
        query = request.scope.get("query_string", b"")
        status, body = await asyncio.to_thread(lab_stdp.respond, query)
        return JSONResponse(body, status, headers={"Cache-Control": "no-store"})

    def _session(self, request):
        return self.sessions.get(request.path_params["session"])

    async def upload(self, request):
        if not _origin_ok(request.headers, self.allowed_hosts):
            return _refused("foreign origin", "来源不被允许", 403)
        session = self._session(request)
        if session is None or session.mode != "live":
            return _refused("no such session", "没有这个会话；请重新加载页面", 404)
        declared = request.headers.get("content-length")
        if (
            declared is not None
            and declared.isdigit()
            and int(declared) > MAX_UPLOAD_BYTES
        ):
            return _too_large()
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_UPLOAD_BYTES:
                return _too_large()
        try:
            text = body.decode("utf-8-sig")
            # off the event loop: a 5 MB file takes a while to parse
            X, y, classes, names, note = await asyncio.to_thread(parse_csv, text)
        except UnicodeDecodeError:
            return _refused(
                "the file is not UTF-8 text; save it as CSV.",
                "文件不是 UTF-8 文本；请把它保存为 CSV。",
                400,
            )
        except DataMessageError as exc:
            return _refused(str(exc), exc.zh, 400)
        event = note_event("csv_task", note, note.zh)
        if not session.put({"type": "_data", "data": (X, y, classes, names, event)}):
            return _refused(
                "the session is busy; try again.", "会话正忙；请再试一次。", 503
            )
        return JSONResponse(
            {
                "ok": True,
                "rows": len(y),
                "classes": classes,
                "task": "classification" if classes else "regression",
                "note": note,
                "note_zh": note.zh,
            }
        )

    async def export(self, request):
        session = self._session(request)
        name = request.path_params["name"]
        if session is None:
            return _refused("no such session", "没有这个会话；请重新加载页面", 404)
        if name not in exports.EXPORTS:
            return _refused(f"unknown export {name!r}", f"没有 {name!r} 这种导出", 404)
        if name in exports.PLAYGROUND_ONLY and not getattr(
            session.state, "from_playground", True
        ):
            return _refused(
                f"{name} needs the playground's settings; this run was "
                "recorded by a script (export the model or the run instead)",
                f"{name} 需要游乐场的设置，而这个运行是由脚本记录的"
                "（请改为导出模型或运行记录）",
                404,
            )
        box = session.call(exports.EXPORTS[name])
        done = await asyncio.to_thread(box["done"].wait, 30)
        if not done or box["error"] is not None:
            error = str(box["error"] or "timed out")
            return _refused(error, f"导出失败：{error}", 500)
        body, media_type = box["value"]
        return Response(
            body,
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


def _refused(error: str, zh: str, status: int) -> JSONResponse:
    """An HTTP refusal: ``error`` in English, ``zh`` in Chinese."""
    return JSONResponse({"ok": False, "error": error, "zh": zh}, status)


def _too_large():
    megabytes = MAX_UPLOAD_BYTES // (1024 * 1024)
    return _refused(
        f"the file is larger than {megabytes} MB; "
        "upload at most 50,000 rows of x1,x2,label.",
        f"文件超过了 {megabytes} MB；最多上传 50,000 行 x1,x2,标签。",
        413,
    )


def _busy(kind):
    return msg.error(
        f"the session is busy: {MAX_WAITING} commands are waiting, so this "
        f"{kind!r} was dropped. Send it again once the page has caught up.",
        "type",
        f"会话正忙：已有 {MAX_WAITING} 条命令在等待，所以这条 {kind!r} 被丢弃了。"
        "等页面跟上后再发送一次。",
    )


async def _pump(ws: WebSocket, outbox: Outbox):
    """Writes the outbox to the socket; a write waits while the page does not
    read, and the box's room is given back only once a message is written."""
    while True:
        message = await outbox.get()
        if isinstance(message, bytes):
            await ws.send_bytes(message)
        else:
            try:
                text = json.dumps(message, allow_nan=False)
            except (TypeError, ValueError) as exc:  # a bug: report it, keep going
                text = json.dumps(
                    msg.error(
                        f"could not send a {message.get('type')} message: {exc}",
                        None,
                        f"无法发送 {message.get('type')} 消息（程序错误）：{exc}",
                    )
                )
            await ws.send_text(text)
        del message
        outbox.sent()


def create_app(runs_dir=None, replay=None, *, allowed_hosts=LOCAL_HOSTS, max_fps=None):
    """The playground as an ASGI app (``app.state.playground`` holds its state)."""
    pg = Playground(runs_dir, replay, allowed_hosts, max_fps)
    routes = [
        Route("/", pg.index),
        WebSocketRoute("/ws", pg.websocket),
        Route("/lab", pg.lab),
        WebSocketRoute("/ws/lab", pg.lab_websocket),
        Route("/api/lab/stdp", pg.lab_stdp),
        Route("/api/session/{session}/data", pg.upload, methods=["POST"]),
        Route("/api/session/{session}/export/{name}", pg.export),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await asyncio.to_thread(pg.cleanup)

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.playground = pg
    app.add_middleware(HostGuard, allowed_hosts=pg.allowed_hosts)
    return app


def serve(
    host="127.0.0.1",
    port=8765,
    *,
    open_browser=True,
    runs_dir=None,
    replay=None,
    allow_remote=False,
):
    """Run the playground until interrupted (Ctrl+C)."""
    import uvicorn

    if host not in LOCAL_HOSTS and not allow_remote:
        raise ValueError(
            f"--host {host} would let other machines reach the playground; pass "
            "--allow-remote as well if that is what you want."
        )
    hosts = set(LOCAL_HOSTS) | ({host} if host not in LOCAL_HOSTS else set())
    app = create_app(runs_dir, replay, allowed_hosts=hosts)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    print(f"neuroglass playground on {url}  (Ctrl+C stops it)", flush=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        ws_max_size=validate.MAX_MESSAGE_BYTES,
    )
