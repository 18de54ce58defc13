"""Draw the README's figure from a real training run: `python docs/make_figures.py`.

Left: what a 2-16-16-1 tanh network learned on TF Playground's spiral (its output
over the input plane, with the test points). Right: its loss curves.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # a script, not a library: it may choose the backend
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

import neuroglass as ng

OUT = Path(__file__).parent / "images"
# TensorFlow Playground's palette: orange (class 0) -> grey -> blue (class 1)
PLAYGROUND = LinearSegmentedColormap.from_list(
    "playground", ["#f59322", "#e8eaeb", "#0877bd"]
)


def main():
    X, y = ng.datasets.spiral(n=500, seed=0)
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    net = ng.mlp(
        [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
    )
    history = net.fit(
        X_train,
        y_train,
        epochs=300,
        batch_size=10,
        optimizer="adam",
        lr=0.01,
        validation_data=(X_test, y_test),
    )
    accuracy = net.evaluate(X_test, y_test)["accuracy"]

    fig, (left, right) = plt.subplots(
        1, 2, figsize=(10, 4.2), gridspec_kw={"width_ratios": [1, 1.25]}
    )
    grid = np.linspace(-6, 6, 200)
    xx, yy = np.meshgrid(grid, grid)
    probs = net.predict(np.column_stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    left.imshow(
        probs,
        origin="lower",
        extent=(-6, 6, -6, 6),
        cmap=PLAYGROUND,
        vmin=0,
        vmax=1,
        alpha=0.75,
    )
    left.scatter(
        X_test[:, 0],
        X_test[:, 1],
        c=y_test,
        cmap=PLAYGROUND,
        vmin=0,
        vmax=1,
        s=14,
        edgecolors="black",
        linewidths=0.5,
    )
    left.set(
        title=f"spiral: test accuracy {100 * accuracy:.1f}%",
        xlabel="x1",
        ylabel="x2",
        aspect="equal",
    )

    epochs = np.arange(1, len(history) + 1)
    right.plot(epochs, history.loss, color="#777777", label="train loss")
    right.plot(epochs, history.val_loss, color="black", label="test loss")
    right.set(
        yscale="log",
        xlabel="epoch",
        ylabel="binary cross-entropy",
        title="2 -> 16 -> 16 -> 1 tanh, Adam lr 0.01",
    )
    right.legend(loc="upper right")
    right.grid(alpha=0.3)
    fig.tight_layout()
    OUT.mkdir(exist_ok=True)
    fig.savefig(OUT / "spiral.png", dpi=110)
    print(f"wrote {OUT / 'spiral.png'}")


if __name__ == "__main__":
    main()
