"""Benchmark: the playground, end to end, as a browser would see it.

The server runs in its own process (``neuroglass playground --no-browser``); a
websocket client in this process presses play and draws nothing but decodes
every frame and acknowledges it, as the page does.

* Live rate with the default network (2-4-2-1 tanh, circle, 250 training
  points, batch 10): one epoch plus the 100 x 100 output map and every
  neuron's thumbnail per update. Target >= 30 updates/s (TF Playground: one
  epoch per animation frame).
* Size of each update message. Target <= 64 KB.
* First page load: the page and all its static files over HTTP. Target < 1 s.

TF Playground itself runs in a browser and cannot be timed here, so these
targets are absolute, not ratios.
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench_common import Config, Row

NAME = "playground"
STATIC = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "neuroglass"
    / "playground"
    / "static"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port):
    cmd = [
        sys.executable,
        "-m",
        "neuroglass",
        "playground",
        "--no-browser",
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the playground did not start: {proc.stderr.read().decode()}")


def _page_load(base) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(base + "/") as r:
        r.read()
    for path in sorted(STATIC.iterdir()):
        if path.is_file():
            with urllib.request.urlopen(f"{base}/static/{path.name}") as r:
                r.read()
    return time.perf_counter() - start


def _live_rate(port, seconds):
    from websockets.sync.client import connect

    from neuroglass.playground.wire import decode

    sizes, frames = [], 0
    with connect(f"ws://127.0.0.1:{port}/ws", max_size=2**24) as ws:
        # wait for the first frame (the session is ready)
        while True:
            message = ws.recv()
            if isinstance(message, bytes):
                header, _ = decode(message)
                ws.send(json.dumps({"type": "ack", "seq": header["seq"]}))
                break
        ws.send(json.dumps({"type": "play"}))
        start = time.perf_counter()
        last_epoch = 0
        while time.perf_counter() - start < seconds:
            message = ws.recv()
            if isinstance(message, bytes):
                header, arrays = decode(message)
                assert arrays["output"].shape == (100, 100)
                ws.send(json.dumps({"type": "ack", "seq": header["seq"]}))
                frames += 1
                sizes.append(len(message))
                last_epoch = header["epoch"]
        elapsed = time.perf_counter() - start
        ws.send(json.dumps({"type": "pause"}))
    return frames / elapsed, sizes, last_epoch, header


def run(cfg: Config) -> list[Row]:
    seconds = 3 if cfg.quick else 8
    port = _free_port()
    proc = _start_server(port)
    try:
        base = f"http://127.0.0.1:{port}"
        _page_load(base)  # warm-up
        loads = [_page_load(base) for _ in range(5)]
        rates, all_sizes, details = [], [], []
        for _ in range(2 if cfg.quick else 3):
            rate, sizes, epoch, header = _live_rate(port, seconds)
            rates.append(rate)
            all_sizes += sizes
            details.append({"rate": rate, "epochs": epoch, "frames": len(sizes)})
    finally:
        proc.terminate()
        proc.wait(10)
    rate = statistics.median(rates)
    size = max(all_sizes)
    load = statistics.median(loads)
    return [
        Row(
            benchmark=NAME,
            contender="live updates, default net + 100x100 map + thumbnails",
            unit="updates/s",
            median=rate,
            best=max(rates),
            target_text=">= 30 updates/s",
            passed=rate >= 30,
            details={
                "rounds": details,
                "test_loss_at_end": header.get("test_loss"),
            },
        ),
        Row(
            benchmark=NAME,
            contender="largest update message",
            unit="KB",
            median=size / 1024,
            best=statistics.median(all_sizes) / 1024,
            target_text="<= 64 KB",
            passed=size <= 64 * 1024,
        ),
        Row(
            benchmark=NAME,
            contender="first page load (page + static files)",
            unit="s",
            median=load,
            best=min(loads),
            target_text="< 1 s",
            passed=load < 1.0,
            raw_seconds=loads,
        ),
    ]
