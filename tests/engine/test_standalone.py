"""``import neuroglass.engine`` alone supports everything its docs promise:
nothing is wired in at import time by the package above it."""

import os
import subprocess
import sys
import textwrap

import pytest

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src"))

# an empty package object stands in for neuroglass/__init__.py, so that
# importing neuroglass.engine runs the engine's code and nothing above it
ALONE = textwrap.dedent(
    f"""
    import sys, types
    package = types.ModuleType("neuroglass")
    package.__path__ = [{os.path.join(SRC, "neuroglass")!r}]
    sys.modules["neuroglass"] = package
    """
)

CODE = ALONE + textwrap.dedent(
    """
    import numpy as np
    import neuroglass.engine as engine

    class Restore:
        def __init__(self):
            self.seen = None

        def restore(self, net):
            self.seen = net
            net.epochs_trained = 7
            return Ended()

    class Ended(engine.Callback):
        status = None

        def on_fit_end(self, net, fit):
            Ended.status = fit.status

    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = (X[:, 0] > 0).astype(int)
    net = engine.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    history = net.fit(X, y, epochs=2, batch_size=10, verbose=True)
    assert history.status == "finished"
    resume = Restore()
    net.fit(X, y, epochs=1, resume=resume)
    assert resume.seen is net and net.epochs_trained == 8
    assert Ended.status == "finished"
    trainer = engine.Trainer(net, X, y, epochs=1, batch_size=10)
    trainer.step()
    trainer.stop()
    assert trainer.status == "stopped"
    loaded = [m for m in sys.modules if m.startswith("neuroglass")]
    assert all(m.startswith("neuroglass.engine") for m in loaded[1:]), loaded
    assert "tqdm" not in sys.modules
    print("ok")
    """
)


def run_alone(code):
    env = dict(
        os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", "")
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_engine_alone_fits_verbosely_and_resumes():
    result = run_alone(CODE)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "ok"
    assert any(line.startswith("epoch 2/2  loss ") for line in lines)


def test_a_path_as_resume_says_how_to_write_it():
    code = ALONE + textwrap.dedent(
        """
        import numpy as np
        import neuroglass.engine as engine
        net = engine.mlp([2, 1], seed=0)
        try:
            net.fit(np.zeros((4, 2)), np.zeros(4), resume="runs/x.ngrun")
        except engine.ConfigError as exc:
            print(exc)
        """
    )
    result = run_alone(code)
    assert result.returncode == 0, result.stderr
    assert "resume='runs/x.ngrun' is a path" in result.stdout
    assert "resume=ng.Resume('runs/x.ngrun')" in result.stdout


def test_no_import_cycles_between_engine_modules():
    """Lazy imports count too: network.py saves through serialization.py, which
    builds nothing itself (builders.load passes Network.from_config)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("neuroglass")
    modules = sorted(m for m in graph.modules if m.startswith("neuroglass.engine."))
    cycles = [
        (a, b)
        for i, a in enumerate(modules)
        for b in modules[i + 1 :]
        if graph.chain_exists(importer=a, imported=b)
        and graph.chain_exists(importer=b, imported=a)
    ]
    assert cycles == []
