"""Learning without backprop, set beside backprop: the rate rules' figures.

- :func:`plot_oja_vs_backprop`: the data cloud with its first principal
  component, Oja's weight path and the linear autoencoder's encoder direction;
  beside it, the angle of each to PC1 as training goes on.
- :func:`plot_weight_norms`: ``‖w‖`` of Hebb's rule growing without bound
  (until it is stopped) and Oja's settling at 1.

``oja_vs_backprop_data`` and ``weight_norms_data`` compute the numbers; the
plot functions draw them.
"""

from __future__ import annotations

import numpy as np

from . import _common
from ._brain_text import words

PC1 = "#333333"
OJA = _common.POSITIVE
BACKPROP = _common.NEGATIVE
HEBB = "#d55e00"


def _result_of(source, epochs, lr, seed):
    """A BridgeResult: ``source`` itself, or oja_vs_backprop run on the array."""
    if hasattr(source, "oja_angles") and hasattr(source, "encoder_history"):
        return source
    from ...brain.bridge import oja_vs_backprop

    return oja_vs_backprop(source, epochs=epochs, lr=lr, seed=seed)


def _samples_seen(result) -> np.ndarray:
    """Samples seen by the autoencoder after each step (0 first)."""
    n = result.X.shape[0]
    steps = result.steps_per_epoch
    size = result.batch_size  # the last batch of an epoch may be smaller
    per_epoch = np.full(steps, size)
    per_epoch[-1] = n - size * (steps - 1)
    epochs = (result.encoder_history.shape[0] - 1) // steps
    return np.concatenate([[0], np.cumsum(np.tile(per_epoch, epochs))])


def oja_vs_backprop_data(result) -> dict:
    """The numbers of :func:`plot_oja_vs_backprop` for a BridgeResult.

    2-D data is drawn in its own coordinates; wider data is projected onto its
    first two principal components (``basis`` says which).

    Returns
    -------
    dict
        ``basis`` (2, n_inputs) the plane's axes; ``labels`` their names;
        ``cloud`` (n_samples, 2); ``pc1`` (2,) PC1 in the plane (unit);
        ``pc1_line`` (2, 2) its ends across the cloud; ``oja_path``
        (n_updates + 1, 2) Oja's weights; ``encoder_directions`` (epochs + 1, 2)
        the encoder's unit direction at each epoch's end; ``encoder`` (2,) the
        final one; ``oja_updates`` and ``oja_angles``; ``encoder_samples`` and
        ``encoder_angles`` (degrees to PC1, against samples seen); ``limit``
        the half-width of the view (at least 1.4, to show the unit circle).
    """
    X = result.X
    n_inputs = X.shape[1]
    if n_inputs == 2:
        basis, labels = np.eye(2), ("$x_1$", "$x_2$")
    else:
        from ...brain.bridge import principal_components

        basis = principal_components(X)[1][:, :2].T
        labels = ("PC1", "PC2")
    extent = 3.0 * np.sqrt(result.eigenvalues[0])
    pc1 = basis @ result.pc1
    epoch_ends = result.encoder_history[:: result.steps_per_epoch]
    directions = epoch_ends / np.linalg.norm(epoch_ends, axis=1, keepdims=True)
    return {
        "basis": basis,
        "labels": labels,
        "cloud": X @ basis.T,
        "pc1": pc1,
        "pc1_line": np.array([-extent * pc1, extent * pc1]),
        "oja_path": result.oja.history @ basis.T,
        "encoder_directions": directions @ basis.T,
        "encoder": basis @ result.encoder,
        "oja_updates": np.arange(result.oja.history.shape[0]),
        "oja_angles": result.oja_angles,
        "encoder_samples": _samples_seen(result),
        "encoder_angles": result.encoder_angles,
        "limit": float(max(1.4, 2.5 * np.sqrt(result.eigenvalues[0]))),
        "lr": result.lr,
    }


def plot_oja_path(result, *, ax=None, lang=None):
    """The data cloud, PC1, Oja's weight path and the encoder's direction.

    Oja's weights are drawn as they are (they end on the unit circle, drawn
    faintly); the autoencoder's encoder has no natural length (its decoder
    makes up for it), so its direction is drawn as a unit vector: a marker per
    epoch on the unit circle and an arrow for the last. ``lang``: the language
    of the words (``"en"`` or ``"zh"``; default ``ng.set_lang``'s).
    """
    data = result if isinstance(result, dict) else oja_vs_backprop_data(result)
    text = words(lang)
    ax = _common.get_ax(ax, figsize=(5.2, 5.0))
    _draw_cloud(ax, data, text)
    _draw_oja(ax, data["oja_path"], text)
    _draw_encoder(ax, data["encoder_directions"], data["encoder"], text)
    limit = data["limit"]
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.set_xlabel(data["labels"][0])
    ax.set_ylabel(data["labels"][1])
    ax.set_title(text["oja.title"])
    ax.legend(loc="upper left", fontsize=7, framealpha=0.85)
    return ax


def _draw_cloud(ax, data, text) -> None:
    """The centred data, the PC1 line across it and the unit circle."""
    cloud = data["cloud"]
    ax.scatter(
        cloud[:, 0],
        cloud[:, 1],
        s=6,
        color="#bbbbbb",
        alpha=0.6,
        label=text["oja.cloud"],
        gid="cloud",
    )
    line = data["pc1_line"]
    ax.plot(line[:, 0], line[:, 1], color=PC1, lw=1.2, label=text["oja.pc1"], gid="pc1")
    theta = np.linspace(0, 2 * np.pi, 200)
    ax.plot(
        np.cos(theta),
        np.sin(theta),
        color=PC1,
        lw=0.6,
        ls=":",
        label="‖w‖ = 1",
        gid="unit_circle",
    )


def _draw_oja(ax, path, text) -> None:
    """Oja's weights as they are, from the start marker to an arrow."""
    ax.plot(
        path[:, 0],
        path[:, 1],
        color=OJA,
        lw=1.0,
        label=text["oja.path"],
        gid="oja_path",
    )
    ax.plot(*path[0], "o", color=OJA, mfc="white", ms=6, label=text["oja.start"])
    ax.annotate(
        "",
        xy=path[-1],
        xytext=(0, 0),
        arrowprops={"arrowstyle": "->", "color": OJA, "lw": 2},
        gid="oja_end",
    )


def _draw_encoder(ax, directions, encoder, text) -> None:
    """The encoder's unit direction per epoch, and an arrow for the last."""
    ax.plot(
        directions[:, 0],
        directions[:, 1],
        "s",
        color=BACKPROP,
        ms=4,
        alpha=0.8,
        label=text["oja.encoder_directions"],
        gid="encoder_directions",
    )
    ax.annotate(
        "",
        xy=encoder,
        xytext=(0, 0),
        arrowprops={"arrowstyle": "->", "color": BACKPROP, "lw": 2, "ls": "--"},
        gid="encoder_end",
    )
    ax.plot([], [], color=BACKPROP, ls="--", lw=2, label=text["oja.encoder_end"])
    ax.plot(
        *directions[0],
        "s",
        color=BACKPROP,
        mfc="white",
        ms=6,
        label=text["oja.encoder_start"],
    )


def plot_pc1_angles(result, *, ax=None, lang=None):
    """The angle to PC1 (degrees, up to sign) against the samples seen
    (``lang``: the language of the words, default ``ng.set_lang``'s)."""
    data = result if isinstance(result, dict) else oja_vs_backprop_data(result)
    text = words(lang)
    ax = _common.get_ax(ax, figsize=(5.2, 4.0))
    ax.plot(
        data["oja_updates"],
        data["oja_angles"],
        color=OJA,
        lw=1.0,
        label=text["angles.oja"],
        gid="oja_angles",
    )
    ax.plot(
        data["encoder_samples"],
        data["encoder_angles"],
        color=BACKPROP,
        lw=1.4,
        ls="--",
        label=text["angles.encoder"],
        gid="encoder_angles",
    )
    ax.set_ylim(0, 90)
    ax.set_yticks([0, 15, 30, 45, 60, 75, 90])
    ax.set_xlabel(text["angles.xlabel"])
    ax.set_ylabel(text["angles.ylabel"])
    ax.set_title(
        text["angles.title"].format(
            lr=data["lr"],
            oja=data["oja_angles"][-1],
            encoder=data["encoder_angles"][-1],
        )
    )
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def plot_oja_vs_backprop(source, *, axes=None, epochs=10, lr=0.01, seed=0, lang=None):
    """Oja's rule beside backprop: the paths on the data cloud, and the angles.

    Parameters
    ----------
    source : BridgeResult (from ``brain.bridge.oja_vs_backprop``) or array
        (n_samples, n_inputs); an array is run through ``oja_vs_backprop``
        with ``epochs``, ``lr`` and ``seed``.
    axes : pair of Axes, optional
        Where to draw the cloud and the angles (default a new 1 x 2 figure).
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.figure.Figure

    Example
    -------
    >>> X = np.random.default_rng(0).normal(size=(300, 2)) * [3.0, 0.7]
    >>> fig = plot_oja_vs_backprop(X, epochs=5)
    """
    result = _result_of(source, epochs, lr, seed)
    data = oja_vs_backprop_data(result)
    made = axes is None
    if made:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(11.5, 5.0))
    if len(axes) != 2:
        raise ValueError(f"axes must be a pair of Axes; got {len(axes)}.")
    plot_oja_path(data, ax=axes[0], lang=lang)
    plot_pc1_angles(data, ax=axes[1], lang=lang)
    fig = axes[0].figure
    if made:  # the caller's figure keeps the caller's layout (a subfigure has none)
        fig.tight_layout()
    return fig


def weight_norms_data(hebb_result, oja_result) -> dict:
    """The numbers of :func:`plot_weight_norms`: each rule's ``norms`` against
    its update number, and where and why Hebb's run stopped (``hebb_stop``
    the last update recorded, or None; ``hebb_reason``)."""
    for name, value in (("hebb_result", hebb_result), ("oja_result", oja_result)):
        if not hasattr(value, "norms") or not hasattr(value, "rule"):
            raise TypeError(
                f"{name} must be a RuleResult from neuroglass.brain.hebb/oja; "
                f"got {type(value).__name__}."
            )
    return {
        "hebb_updates": np.arange(hebb_result.norms.shape[0]),
        "hebb_norms": hebb_result.norms,
        "oja_updates": np.arange(oja_result.norms.shape[0]),
        "oja_norms": oja_result.norms,
        "hebb_stop": hebb_result.n_updates if hebb_result.diverged else None,
        "hebb_reason": hebb_result.stop_reason,
        "hebb_rule": hebb_result.rule,
        "oja_rule": oja_result.rule,
        "lr": (hebb_result.lr, oja_result.lr),
    }


def plot_weight_norms(hebb_result, oja_result, *, ax=None, lang=None):
    """‖w‖ against the update: Hebb's grows without bound, Oja's settles at 1.

    Takes the results of ``brain.hebb`` and ``brain.oja`` (run them on the
    same data). When Hebb's run stopped on divergence (``hebb()`` then warned),
    the figure says so: an ``x`` at the last weights kept and the reason in
    the legend. The norm axis is logarithmic. ``lang``: the language of the
    words (``"en"`` or ``"zh"``; default ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> X = np.random.default_rng(0).normal(size=(500, 2)) * [3.0, 1.0]
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     h = ng.brain.hebb(X, lr=0.01, epochs=3)   # warns: it diverges
    >>> ax = plot_weight_norms(h, ng.brain.oja(X, lr=0.01, epochs=3))
    """
    data = weight_norms_data(hebb_result, oja_result)
    text = words(lang)
    ax = _common.get_ax(ax, figsize=(6.5, 4.2))
    hebb_lr, oja_lr = data["lr"]
    ax.semilogy(
        data["hebb_updates"],
        data["hebb_norms"],
        color=HEBB,
        lw=1.4,
        label=text["norms.hebb"].format(lr=hebb_lr),
        gid="hebb_norms",
    )
    ax.semilogy(
        data["oja_updates"],
        data["oja_norms"],
        color=OJA,
        lw=1.4,
        label=text["norms.oja"].format(lr=oja_lr),
        gid="oja_norms",
    )
    ax.axhline(1.0, color=PC1, lw=0.8, ls=":", label=text["norms.unit"])
    if data["hebb_stop"] is not None:
        stop = data["hebb_stop"]
        ax.semilogy(
            [stop],
            [data["hebb_norms"][-1]],
            "x",
            color=HEBB,
            ms=10,
            mew=2,
            label=text["norms.stop"].format(stop=stop),
            gid="hebb_stop",
        )
    ax.set_xlabel(text["norms.xlabel"])
    ax.set_ylabel(text["norms.ylabel"])
    ax.set_title(text["norms.title"])
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8, loc="center right")
    return ax
