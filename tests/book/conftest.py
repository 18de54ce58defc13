"""The built book, shared by the build and browser tests: one build per test
run (mkdocs build --strict, both editions), whichever worker gets there first."""

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id) -> Path:
    """The site, built once per test run: under pytest-xdist the first worker
    that needs it builds it and the others wait for it (a file lock in the run's
    shared temporary folder), rather than each drawing every figure again."""
    if worker_id == "master":  # not under xdist
        return _build(tmp_path_factory.mktemp("site"))
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent  # the same for every worker
    site_dir, done = shared / "site", shared / "site.built"
    with FileLock(str(shared / "site.lock")):
        if not done.exists():
            _build(site_dir)
            done.touch()
    return site_dir


def _build(site_dir: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=ROOT,  # mkdocs.yml names book/jieba-user-dict.txt from the root
        env={
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": "/usr/bin:/bin",
            # a checkout tested from another folder builds with its own sources
            **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"},
        },
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def site_url(site):
    """The built site served on a free port of 127.0.0.1, as a reader gets it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
