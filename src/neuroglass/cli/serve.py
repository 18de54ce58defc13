"""``neuroglass playground`` and ``neuroglass dashboard``: the options of the live
browser app (host, port, where session runs are kept), the checks made before the
server starts (a remote host needs ``--allow-remote``; the port must be free), and
the call to the playground's ``serve``."""

from __future__ import annotations

import os
import sys

from ..recorder import open_run
from ..views.lang import get_lang
from .args import integer
from .messages import t


def _server_options(p):
    p.add_argument(
        "--port", type=integer("--port", 1, 65535), default=8765, help="default: 8765"
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="default: 127.0.0.1 (this machine only); another address needs "
        "--allow-remote",
    )
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="let --host expose the server to other machines (it has no login)",
    )
    p.add_argument(
        "--no-browser", action="store_true", help="do not open a browser tab"
    )


def add_parsers(sub) -> None:
    pg = sub.add_parser(
        "playground",
        help="the live browser playground (TensorFlow Playground, on this engine)",
    )
    _server_options(pg)
    pg.add_argument(
        "--runs",
        default=None,
        metavar="DIR",
        help="keep every session's run file in DIR (default: a temporary folder, "
        "deleted on exit; the page can still download each run)",
    )
    dash = sub.add_parser(
        "dashboard", help="replay a recorded run (.ngrun) in the playground's page"
    )
    dash.add_argument("run", help="a .ngrun file, from the playground or a script")
    _server_options(dash)


def cmd_playground(args) -> int:
    from ..playground import serve

    local = args.host in ("127.0.0.1", "localhost", "::1")
    if not local and not args.allow_remote:
        raise ValueError(t("remote_host", host=args.host))
    runs_dir = getattr(args, "runs", None)
    if runs_dir is not None:
        if os.path.exists(runs_dir) and not os.path.isdir(runs_dir):
            raise FileExistsError(t("runs_is_file", path=runs_dir))
        os.makedirs(runs_dir, exist_ok=True)  # fails now if it cannot exist
    _check_port(args.host, args.port)
    if not local:
        print(t("remote_warning", host=args.host), file=sys.stderr)
    # the page opens in the command's language: its address says so (#lang=zh)
    chinese = get_lang() == "zh" and not args.no_browser
    if chinese:
        _open_later(page_url(args.host, args.port, "zh"))
    serve(
        args.host,
        args.port,
        open_browser=not args.no_browser and not chinese,
        runs_dir=getattr(args, "runs", None),
        replay=getattr(args, "run", None),
        allow_remote=args.allow_remote,
    )
    return 0


def page_url(host, port, lang="en") -> str:
    """The page's address as ``serve`` prints it, with ``#lang=zh`` for Chinese
    (the page reads its language from the address first)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return f"http://{shown}:{port}/" + ("#lang=zh" if lang == "zh" else "")


def _open_later(url) -> None:
    """Open ``url`` in a browser a second from now, once the server listens
    (as ``serve(open_browser=True)`` does)."""
    import threading
    import webbrowser

    threading.Timer(1.0, webbrowser.open, args=(url,)).start()


def _check_port(host, port) -> None:
    """Fail now, in one line, if ``host:port`` cannot be served (before any
    temporary folder exists)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValueError(t("bad_host", host=host, error=exc)) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            error = exc.strerror or exc
            raise OSError(t("port_busy", host=host, port=port, error=error)) from None


def cmd_dashboard(args) -> int:
    open_run(args.run).close()  # a clear error now rather than in the page
    return cmd_playground(args)
