"""Chapter 5, a sick run at a glance: the dashboard of the recorded run of the
page's recorder section (2-8-8-1 with plain SGD at lr 0.03 on the spiral: the
loss stays at chance, and the recorder says so)."""

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

import neuroglass as ng

_RUN = {}


def _recorded():
    if not _RUN:
        X, y = ng.datasets.spiral(n=300, noise=0.0, seed=0)
        X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
        net = ng.mlp(
            [2, 8, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        )
        path = Path(tempfile.mkdtemp()) / "spiral-sgd.ngrun"
        net.fit(
            X_train,
            y_train,
            epochs=60,
            batch_size=10,
            lr=0.03,
            validation_data=(X_test, y_test),
            callbacks=[ng.Recorder(path, dataset="spiral")],
        )
        _RUN.update(run=ng.open_run(path), data=(X_test, y_test))
    return _RUN["run"], _RUN["data"]


def draw(lang):
    run, data = _recorded()
    # 12 inches, not the function's 15: the page shows a figure about 7 wide
    figure = plt.figure(figsize=(12, 8))
    ng.plot.dashboard(run, data=data, fig=figure, lang=lang)
    figure.subplots_adjust(left=0.07, right=0.98, bottom=0.07, top=0.9)
    return figure
