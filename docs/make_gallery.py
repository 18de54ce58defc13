"""Draw every figure of the gallery from real training runs: `make gallery`.

Writes docs/gallery/*.png; the README shows three of them. Nothing here is
drawn by hand: each image is what `ng.plot` makes of a network trained below.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # a script, not a library: it may choose the backend
import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

OUT = Path(__file__).parent / "gallery"


def save(ax_or_fig, name):
    fig = ax_or_fig if hasattr(ax_or_fig, "savefig") else ax_or_fig.figure
    fig.savefig(OUT / f"{name}.png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    print(f"wrote {OUT / name}.png")


def spiral_run(workdir):
    """The README network on TF Playground's spiral, recorded."""
    X, y = ng.datasets.spiral(n=500, seed=0)
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    net = ng.mlp(
        [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
    )
    path = Path(workdir) / "spiral.ngrun"
    net.fit(
        X_train,
        y_train,
        epochs=300,
        batch_size=10,
        optimizer="adam",
        lr=0.01,
        validation_data=(X_test, y_test),
        callbacks=[ng.Recorder(path, dataset="spiral")],
    )
    return net, path, (X_train, X_test, y_train, y_test)


def digits_run(workdir):
    X, y = ng.datasets.digits()
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(
        X, y, test_fraction=0.25, seed=0
    )
    net = ng.mlp([64, 32, 16, 10], activation="relu", loss="cross_entropy", seed=0)
    path = Path(workdir) / "digits.ngrun"
    net.fit(
        X_train,
        y_train,
        epochs=40,
        batch_size=32,
        optimizer="adam",
        lr=0.001,
        validation_data=(X_test, y_test),
        callbacks=[ng.Recorder(path)],
    )
    return net, path, (X_train, X_test, y_train, y_test)


def brain_learning():
    """Oja's rule beside backprop on a stretched 2-D cloud, and Hebb's norm
    diverging beside Oja's settling at 1 (Hebb's warning is expected: caught
    here and printed, and the figure marks where the run stopped)."""
    import warnings

    from neuroglass.brain.bridge import oja_vs_backprop
    from neuroglass.brain.plasticity import hebb, oja
    from neuroglass.views.figures.brain_learning import (
        plot_oja_vs_backprop,
        plot_weight_norms,
    )

    rng = np.random.default_rng(0)
    a = np.radians(30.0)
    rotation = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
    X = (rng.normal(size=(400, 2)) * [1.5, 0.4]) @ rotation + [1.0, -0.5]
    save(
        plot_oja_vs_backprop(oja_vs_backprop(X, epochs=8, lr=0.01, seed=1)),
        "brain_oja_vs_backprop",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        hebb_run = hebb(X, lr=0.01, epochs=8, seed=1)
    for warning in caught:
        print(f"expected, drawn on the figure: {warning.message}")
    save(
        plot_weight_norms(hebb_run, oja(X, lr=0.01, epochs=8, seed=1)),
        "brain_weight_norms",
    )


def brain_dynamics():
    """Spiking neurons: v(t) and its input, the network's raster, the f-I curve
    against the ANN activations, the Izhikevich phase plane (resting and
    spiking), the pattern gallery, the HH gates and the HH (V, n) phase plane
    (reduced model, above its Hopf current), and the STDP window."""
    from neuroglass import brain
    from neuroglass.views.figures.brain import plot_membrane, plot_raster
    from neuroglass.views.figures.brain_dynamics import (
        plot_izhikevich_gallery,
        plot_phase_plane,
    )
    from neuroglass.views.figures.brain_fi import plot_fi_curve
    from neuroglass.views.figures.brain_hh import plot_hh_gates
    from neuroglass.views.figures.brain_plasticity import plot_stdp_window

    current = brain.step_current(0.6, start=20.0, stop=180.0)
    trace = brain.simulate(brain.LIF(), current, 200.0, record=("v", "I"))
    save(plot_membrane(trace), "brain_membrane")
    save(plot_raster(brain.izhikevich_network(duration=1000.0)), "brain_raster")
    save(plot_fi_curve(brain.LIF(), np.linspace(0.0, 2.0, 60)), "brain_fi_curve")
    rs_from_below = brain.Izhikevich.preset("RS", v0=-80.0)  # RS, started at -80 mV
    rest = plot_phase_plane(rs_from_below, 2.0, duration=100.0, v_range=(-85, -35))
    save(rest, "brain_phase_plane_rest")
    save(plot_phase_plane("RS", 10.0, duration=200.0), "brain_phase_plane")
    save(plot_izhikevich_gallery(), "brain_izhikevich_gallery")
    save(plot_hh_gates(), "brain_hh_gates")
    save(plot_phase_plane(brain.HodgkinHuxley(), 10.0), "brain_hh_phase_plane")
    save(plot_stdp_window(), "brain_stdp_window")


def brain_snn():
    """A 64-64-10 ReLU net on digits (a few seconds of training), converted to
    integrate-and-fire neurons: accuracy on the test set against simulated
    time, the ANN's accuracy with its 2-point band, and the rates per layer."""
    from neuroglass.brain.ann_to_snn import to_spiking
    from neuroglass.views.figures.brain_snn import plot_snn_accuracy

    X, y = ng.datasets.digits()
    order = np.random.default_rng(0).permutation(len(X))
    train, test = order[:1437], order[1437:]
    net = ng.mlp([64, 64, 10], activation="relu", loss="cross_entropy", seed=0)
    net.fit(X[train], y[train], epochs=30, optimizer="adam", lr=0.003, verbose=False)
    snn = to_spiking(net, X[train])
    figure = plot_snn_accuracy(snn, X[test], y[test], ann=net, duration=200.0)
    save(figure, "brain_snn_accuracy")


def brain_song():
    """Song, Miller & Abbott (2000) with the paper's parameters: 1000 Poisson
    inputs at 10 Hz for 1500 s of model time (the weights split to 0 and
    g_max) and at 40 Hz for 600 s (the output rate ends near the same value).
    About half a minute."""
    from neuroglass.brain.song import song_miller_abbott
    from neuroglass.views.figures.brain_song import plot_weight_distribution

    runs = [
        song_miller_abbott(rate_hz=10.0, duration_ms=1_500_000.0, seed=0),
        song_miller_abbott(rate_hz=40.0, duration_ms=600_000.0, seed=0),
    ]
    save(plot_weight_distribution(runs), "brain_stdp_song")
    # the book's Chinese edition shows this one (mkdocs-static-i18n picks
    # name.zh.png for a zh page that asks for name.png)
    save(plot_weight_distribution(runs, lang="zh"), "brain_stdp_song.zh")


def torch_cnn():
    """examples/torch_cnn_digits.py (a small CNN trained in PyTorch, recorded by
    neuroglass.torch): its layer graph, learned filters and feature maps, as the
    example draws them. Needs PyTorch; about 10 s."""
    import shutil
    import subprocess

    example = Path(__file__).parents[1] / "examples" / "torch_cnn_digits.py"
    with tempfile.TemporaryDirectory() as workdir:
        subprocess.run([sys.executable, str(example), workdir], check=True)
        for name in ("layers", "filters", "feature_maps"):
            shutil.copyfile(Path(workdir) / f"{name}.png", OUT / f"torch_{name}.png")
            print(f"wrote {OUT / 'torch_'}{name}.png")


#: the parts `python docs/make_gallery.py NAME ...` draws alone
PARTS = {
    "brain_learning": brain_learning,
    "brain_dynamics": brain_dynamics,
    "brain_snn": brain_snn,
    "brain_song": brain_song,
    "torch_cnn": torch_cnn,
}


def main(parts=()):
    """Draw every figure, or only the named ``parts`` (keys of PARTS)."""
    OUT.mkdir(exist_ok=True)
    unknown = [name for name in parts if name not in PARTS]
    if unknown:
        raise SystemExit(f"unknown gallery parts {unknown}; choose from {list(PARTS)}")
    if parts:
        for name in parts:
            PARTS[name]()
        return 0
    with tempfile.TemporaryDirectory() as workdir:
        net, path, (X_train, X_test, y_train, y_test) = spiral_run(workdir)
        with ng.open_run(path) as run:
            save(
                ng.plot.decision_boundary(
                    net, X_train, y_train, X_test=X_test, y_test=y_test
                ),
                "decision_boundary",
            )
            save(
                ng.plot.network(net, x=X_test[0], feature_names=["x1", "x2"]), "network"
            )
            save(ng.plot.neuron_maps(net), "neuron_maps")
            save(ng.plot.history(run, log=True), "history")
            save(
                ng.plot.network(run, mode="gradients", orientation="vertical"),
                "network_gradients",
            )
            save(ng.plot.loss_landscape(run, X_train, y_train), "loss_landscape")
            for name in (
                "distributions",
                "gradient_flow",
                "update_ratios",
                "activations",
                "dashboard",
            ):
                save(getattr(ng.plot, name)(run), name)
            save(
                ng.plot.distributions(run, kind="heatmap", quantity="grad_weights"),
                "distributions_heatmap",
            )
            X0, y0 = X_test[:1], y_test[:1]
            small = ng.mlp(
                [2, 3, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
            )
            save(ng.plot.computation(small, X0[0], y0), "computation")

        X3, y3 = ng.datasets.spirals(n=600, classes=3, seed=0)
        net3 = ng.mlp([2, 32, 32, 3], activation="tanh", loss="cross_entropy", seed=0)
        net3.fit(X3, y3, epochs=300, batch_size=16, optimizer="adam", lr=0.01)
        save(ng.plot.decision_boundary(net3, X3, y3), "decision_boundary_3_classes")

        dnet, dpath, (_, dX_test, _, dy_test) = digits_run(workdir)
        save(ng.plot.network(dnet), "network_digits")
        save(ng.plot.confusion_matrix(dnet, dX_test, dy_test), "confusion_matrix")
        with ng.open_run(dpath) as drun:
            save(ng.plot.activations(drun), "activations_digits")
            save(ng.plot.dashboard(drun), "dashboard_digits")
        big = ng.mlp(
            [784, 256, 128, 10],
            activation="relu",
            loss="cross_entropy",
            seed=0,
            dtype="float32",
        )
        save(ng.plot.network(big), "network_mnist_sized")
    brain_learning()
    brain_dynamics()
    brain_snn()
    brain_song()
    torch_cnn()
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main(sys.argv[1:]))
