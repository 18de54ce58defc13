"""`neuroglass playground` and `dashboard`: checks before serving, and the page."""

import subprocess
import sys

from neuroglass.cli import main


def test_playground_refuses_a_public_host_without_the_flag(capsys):
    code = main(["playground", "--host", "0.0.0.0", "--no-browser"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--allow-remote" in err and len(err.splitlines()) == 1


def test_dashboard_needs_a_run_file(tmp_path, capsys):
    code = main(["dashboard", str(tmp_path / "missing.ngrun"), "--no-browser"])
    assert code == 2
    assert "no run file" in capsys.readouterr().err


def test_playground_serves_the_page_from_the_command_line(tmp_path):
    """`neuroglass playground` as a real process: it binds 127.0.0.1 and serves."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "neuroglass", "playground", "--no-browser"),
            *("--port", str(port), "--runs", str(tmp_path)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                url = f"http://127.0.0.1:{port}/"
                with urllib.request.urlopen(url, timeout=5) as r:
                    assert r.status == 200 and "<html" in r.read().decode().lower()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.time() < deadline, "the playground did not come up"
                time.sleep(0.2)
        listening = subprocess.run(
            ["ss", "-ltn"], capture_output=True, text=True, check=False
        ).stdout
        if listening:  # ss is there: the port is on loopback only
            lines = [ln for ln in listening.splitlines() if f":{port} " in ln]
            assert lines and all("127.0.0.1:" in ln for ln in lines), lines
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out


def test_the_page_opens_in_the_command_language(monkeypatch, capsys):
    import socket

    import neuroglass.cli.serve as cli_serve
    import neuroglass.playground as playground

    calls, opened = [], []
    monkeypatch.setattr(playground, "serve", lambda *a, **k: calls.append(k))
    monkeypatch.setattr(cli_serve, "_open_later", opened.append)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["--lang", "zh", "playground", "--port", str(port)]) == 0
    assert opened == [f"http://127.0.0.1:{port}/#lang=zh"]
    assert calls[-1]["open_browser"] is False  # opened here, with the language
    assert main(["playground", "--port", str(port)]) == 0
    assert calls[-1]["open_browser"] is True and len(opened) == 1
    assert (
        main(["--lang", "zh", "playground", "--port", str(port), "--no-browser"]) == 0
    )
    assert calls[-1]["open_browser"] is False and len(opened) == 1
    assert cli_serve.page_url("0.0.0.0", 80) == "http://127.0.0.1:80/"
