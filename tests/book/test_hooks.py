"""book/hooks.py: figures drawn by two builds at once (make docs while the tests
build, or two test workers) never trip over each other's temporary file."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import runpy, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

hooks = runpy.run_path(sys.argv[1])

def draw(lang):
    figure, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    return figure

for _ in range(40):
    hooks["_draw_and_save"](draw, "en", __import__("pathlib").Path(sys.argv[2]))
print("ok")
"""


def test_two_builds_drawing_the_same_figure_at_once(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    target = tmp_path / "figure.en.svg"
    args = [sys.executable, str(script), str(ROOT / "book" / "hooks.py"), str(target)]
    procs = [
        subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    results = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err[-2000:]
        assert out.strip() == "ok"
    assert target.read_text().startswith("<?xml")
    assert not list(tmp_path.glob("*.tmp"))  # every temporary file was moved in place
