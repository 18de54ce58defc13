"""A replayed run in a real headless Chromium: the points it holds, drawn."""

import numpy as np
import pytest

from neuroglass.cli import main
from neuroglass.playground import create_app

pytestmark = pytest.mark.browser
HOSTS = {"127.0.0.1", "localhost", "testserver"}


def _cli_run(tmp_path, *args):
    folder = tmp_path / "cli"
    argv = ["train", *args, "--epochs", "3", "--quiet", "--record", f"{folder}/"]
    assert main(argv) == 0
    (path,) = folder.glob("*.ngrun")
    return path


def _csv(path, X, y):
    rows = "".join(
        ",".join(map(repr, map(float, x))) + f",{label}\n" for x, label in zip(X, y)
    )
    path.write_text("a,b" + ",c" * (X.shape[1] - 2) + ",label\n" + rows)
    return path


@pytest.mark.browser
def test_the_page_draws_a_cli_runs_points_and_says_what_a_sample_is(
    tmp_path, browser, serve_app
):
    cli = _cli_run(tmp_path, "--dataset", "spiral", "--layers", "8,8")
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 3, size=(300, 2))
    csv = _csv(tmp_path / "d.csv", X, (X[:, 0] > 0).astype(int))
    folder = tmp_path / "csv"
    assert main(["train", "--csv", str(csv), "--layers", "4", "--epochs", "2",
                 "--quiet", "--record", f"{folder}/"]) == 0  # fmt: skip
    (from_csv,) = folder.glob("*.ngrun")
    painted = """() => {
        const c = window.playground.map.pointsLayer;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;
    }"""
    for path, points, words in ((cli, 500, None), (from_csv, 150, "150")):
        app = create_app(tmp_path / "runs", replay=path, allowed_hosts=HOSTS)
        with serve_app(app) as url:
            pg = browser.new_page(viewport={"width": 1400, "height": 950})
            errors = []
            pg.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
            pg.goto(url + "/")
            pg.wait_for_function("window.playground?.app.frame")
            assert pg.evaluate("window.playground.pointCount()") == points
            # every point lies on the map, and they are drawn
            lo, hi = pg.evaluate("window.playground.map.domain")
            far = pg.evaluate(
                "(() => { const s = window.playground.app.state;"
                " return Math.max(...[...s.train, ...s.test].flatMap("
                "(p) => [Math.abs(p[0]), Math.abs(p[1])])); })()"
            )
            assert -lo == hi >= far
            pg.screenshot(path=str(tmp_path / f"{path.stem}.png"))
            assert pg.evaluate(painted) > points * 10
            events = pg.locator("#events").inner_text()
            if words:
                assert "training points" in events and words in events
            else:
                assert "training points" not in events
            pg.close()
            assert errors == []
