"""Screenshots of the book for the README: `make gallery` runs this.

Builds the book (both editions) into a temporary folder with `mkdocs build
--strict`, serves it on 127.0.0.1, opens a chapter in Debian's headless Chromium
and saves docs/gallery/book_zh.png (the Chinese edition's algorithms chapter:
backpropagation: formulas typeset, real numbers from ng.explain) and
docs/gallery/book_en.png
(the English edition's chapter on the brain). Nothing is drawn by hand.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "gallery"
SHOTS = {
    "book_zh.png": "zh/algorithms/#backpropagation",
    "book_en.png": "concepts/",
}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("Chromium is not installed (make test installs it).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as site:
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", site],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            check=True,
        )
        handler = functools.partial(
            http.server.SimpleHTTPRequestHandler, directory=site
        )
        handler.log_message = lambda *args: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 860})
                for name, path in SHOTS.items():
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(OUT / name))
                    print(f"wrote {OUT / name}")
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
