"""Shared test helpers."""

import os
import shutil

import numpy as np
import pytest

#: how the browser tests start Debian's Chromium headless (Playwright's own
#: browser download does not work here)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium (or ``$NEUROGLASS_CHROMIUM``); fails the test if absent."""
    path = os.environ.get("NEUROGLASS_CHROMIUM") or shutil.which("chromium")
    if path is None:
        pytest.fail(
            "Chromium is not installed: run `make test` (it installs Debian's "
            "chromium), or set NEUROGLASS_CHROMIUM to a Chromium binary."
        )
    return path


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(autouse=True)
def _language_of_each_test_is_its_own():
    """A test that calls ng.set_lang (or code that does) leaves the language
    as it found it: the setting is a context variable of the test's thread."""
    from neuroglass.views import lang

    token = lang._current.set(None)
    yield
    lang._current.reset(token)


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture(scope="session")
def record_tiny_cnn():
    """A function that trains a tiny CNN (conv 1->4, ReLU, max-pool, linear 64->3)
    on random 8x8 images and records it with the torch Recorder:
    ``record(path, epochs=2, batches=1, probe=8, val=True) -> (path, model, x, y)``.
    The run views, the replay and the layer graph share it; skipped without torch.
    """
    torch = pytest.importorskip("torch")
    from neuroglass.torch.recorder import Recorder

    nn = torch.nn

    def record(path, *, epochs=2, batches=1, probe=8, val=True):
        threads = torch.get_num_threads()
        torch.set_num_threads(1)  # tiny: one thread, steady on 2 shared cores
        try:
            torch.manual_seed(0)
            model = nn.Sequential(
                nn.Conv2d(1, 4, 3, padding=1),
                nn.ReLU(),
                nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Linear(4 * 4 * 4, 3),
            )
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            x, y = torch.randn(24, 1, 8, 8), torch.randint(0, 3, (24,))
            size = len(x) // batches
            with Recorder(path, model, optimizer=opt, probe=x[:probe]) as rec:
                for _ in range(epochs):
                    for start in range(0, size * batches, size):
                        xb, yb = x[start : start + size], y[start : start + size]
                        opt.zero_grad()
                        loss = nn.functional.cross_entropy(model(xb), yb)
                        loss.backward()
                        opt.step()
                        rec.step(loss)
                    if not val:
                        rec.epoch()
                        continue
                    with torch.no_grad():
                        accuracy = (model(x).argmax(1) == y).float().mean().item()
                    rec.epoch(val_loss=loss.item() * 1.1, val_accuracy=accuracy)
        finally:
            torch.set_num_threads(threads)
        return path, model, x, y

    return record


@pytest.fixture
def start_script(tmp_path):
    """A function that writes ``text`` to a script in ``tmp_path`` and starts it
    in a new Python process that imports this checkout's neuroglass:
    ``start(text, *args, stdin=False) -> subprocess.Popen`` (text mode, stdout and
    stderr piped). The crash and lock tests kill or hold such processes."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parents[1] / "src")

    def start(text, *args, stdin=False, name="script.py"):
        script = tmp_path / name
        script.write_text(text)
        env = dict(os.environ)
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
        return subprocess.Popen(
            [sys.executable, str(script), *map(str, args)],
            stdin=subprocess.PIPE if stdin else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    return start


@pytest.fixture(scope="session")
def recorder_rules() -> set:
    """Every rule name the recorder's diagnostics can report, read from the
    package's source (each ``Diagnostic("rule", ...)`` and the unit rules), so
    that a new rule is found without a list to keep up."""
    import ast
    from pathlib import Path

    from neuroglass.recorder import diagnostics
    from neuroglass.recorder.diagnostics.snapshots import UNIT_RULES

    found = {rule["name"] for rule in UNIT_RULES}
    for path in Path(diagnostics.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Diagnostic"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found
