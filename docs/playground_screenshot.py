"""Screenshots of the playground for the README: `make gallery` runs this.

Starts the playground on a free port, opens it in Debian's headless Chromium with
Playwright, trains the spiral for a while and saves docs/gallery/playground.png
(desktop), docs/gallery/playground_phone.png and the neuron lab (an Izhikevich
neuron driven above rheobase, its phase plane and the STDP panel) as
docs/gallery/lab.png, the desktop page and the lab also in Chinese
(playground.zh.png, lab.zh.png: the book's Chinese edition shows them). Nothing
is drawn by hand.
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from neuroglass.playground import create_app

OUT = Path(__file__).parent / "gallery"
SETUP = (
    "#dataset=spiral&features=x1,x2,sin(x1),sin(x2)&hidden=8,6&learning_rate=0.03"
    "&optimizer=adam&batch_size=10&seed=7&noise=5"
)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("Chromium is not installed (make test installs it).", file=sys.stderr)
        return 1
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as runs:
        server = uvicorn.Server(
            uvicorn.Config(create_app(runs), port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/{SETUP}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1180})
            page.goto(url)
            page.wait_for_selector(".neuron")
            page.click("#show-test")
            page.click("#play")
            page.wait_for_function(
                "parseInt(document.querySelector('#epoch').textContent"
                ".replace(/\\D/g, '')) >= 300",
                timeout=120_000,
            )
            page.click("#play")
            page.locator(".neuron").nth(3).click()  # the explain panel, filled in
            page.mouse.move(5, 5)  # the big map shows the output again
            page.wait_for_timeout(800)
            OUT.mkdir(exist_ok=True)
            page.screenshot(path=str(OUT / "playground.png"))
            print(f"wrote {OUT / 'playground.png'}")
            # the same state in Chinese, for the book's Chinese edition (which
            # mkdocs-static-i18n gives playground.zh.png for playground.png)
            page.click("#lang")
            page.wait_for_function("document.documentElement.lang.startsWith('zh')")
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUT / "playground.zh.png"))
            print(f"wrote {OUT / 'playground.zh.png'}")
            page.click("#lang")
            phone = browser.new_page(
                viewport={"width": 390, "height": 844}, device_scale_factor=2
            )
            phone.goto(url)
            phone.wait_for_selector(".neuron")
            phone.wait_for_timeout(800)
            phone.screenshot(path=str(OUT / "playground_phone.png"))
            print(f"wrote {OUT / 'playground_phone.png'}")
            lab_screenshot(browser, port)
            browser.close()
        server.should_exit = True
        thread.join(10)
    return 0


def lab_screenshot(browser, port: int) -> None:
    """The neuron lab: regular spiking under I = 10, two seconds in."""
    page = browser.new_page(viewport={"width": 1440, "height": 1300})
    page.goto(f"http://127.0.0.1:{port}/lab")
    page.wait_for_function("window.lab && window.lab.model")
    page.select_option("#lab-model", "izhikevich")
    page.wait_for_function("window.lab.model?.model === 'izhikevich'")
    page.evaluate(
        """() => {
            const s = document.getElementById('lab-current');
            s.value = '10';
            s.dispatchEvent(new Event('input', {bubbles: true}));
            s.dispatchEvent(new Event('change', {bubbles: true}));
        }"""
    )
    page.wait_for_timeout(2500)
    page.screenshot(path=str(OUT / "lab.png"), full_page=True)
    print(f"wrote {OUT / 'lab.png'}")
    page.click("#lab-lang")  # and in Chinese, for the book's Chinese edition
    page.wait_for_function("document.documentElement.lang.startsWith('zh')")
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / "lab.zh.png"), full_page=True)
    print(f"wrote {OUT / 'lab.zh.png'}")


if __name__ == "__main__":
    sys.exit(main())
