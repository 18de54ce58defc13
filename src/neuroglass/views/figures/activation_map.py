"""A batch's activations in every unit, dead and saturated units marked."""

from __future__ import annotations

import numpy as np

from ...engine.validation import integer
from ...recorder.stats import unit_health
from . import _common
from .layer_graph import is_layer_graph_run

_TEXT = {
    "en": {
        "title": "Activations per sample and unit{where}",
        "epoch": ", epoch {epoch}",
        "sample": "sample",
        "range": "{low} to {high}",
        "dead": "dead (never > 0): {n}",
        "saturated": "saturated (> 90% of samples): {n}",
    },
    "zh": {
        "title": "每个样本在各单元上的激活值{where}",
        "epoch": "，第{epoch}轮",
        "sample": "样本",
        "range": "{low}到{high}",
        "dead": "死亡单元（从不 > 0）：{n}",
        "saturated": "饱和单元（> 90% 的样本）：{n}",
    },
}


def activation_map_data(source, *, X=None, layer=None, epoch=None) -> dict:
    """Every sample's activation in every unit of the chosen layers.

    Parameters
    ----------
    source : Run, Network or fitted estimator
        A Run gives the activations of its probe batch stored at the snapshot
        ``epoch`` (default the last); with ``X``, the network at that snapshot
        is run on ``X`` instead. A network needs ``X``.
    X : array-like (n_samples, n_inputs), optional
    layer : int, optional
        One layer; default every hidden layer (the output layer when there is
        none).

    Returns
    -------
    dict
        ``layers``: one dict per layer with ``index``, ``name``,
        ``activation`` (its function's name), ``values`` (n_samples, n_units),
        ``dead`` and ``saturated`` (n_units,) bool, ``health`` (the
        :class:`~neuroglass.recorder.stats.UnitHealth` they come from: the
        recorder's and the playground's rule, see
        :mod:`neuroglass.recorder.stats`): dead = relu and never above 0;
        saturated = tanh |a| > 0.97 (sigmoid |2a - 1| > 0.97) on more than 90%
        of the samples (not marked on the output layer, where it is
        confidence); ``epoch`` (a Run's snapshot, else None).
    """
    if _common.is_run(source) and is_layer_graph_run(source):
        raise ValueError(_channels_message(source))
    if _common.is_run(source) and X is None:
        snap = source.snapshot(epoch)
        found = [
            (lay.name, lay.activation_name, lay.activations) for lay in snap.layers
        ]
        if any(values is None for _, _, values in found):
            raise ValueError(_no_activations_message(source))
        epoch = snap.epoch
    else:
        if X is None:
            raise ValueError(
                "X is needed to compute activations of a network: pass "
                "X=(n_samples, n_inputs), or a recorded Run for its probe batch."
            )
        net = _common.network_of(source, epoch)
        values = _common.forward_all(net, _common.as_2d(X, net.n_inputs))
        found = [
            (lay.name, lay.activation_name, v) for lay, v in zip(net.layers, values)
        ]
        epoch = epoch if _common.is_run(source) else None
    n = len(found)
    if layer is not None:
        layer = integer(layer, "layer")  # NumPy integers too (a run's own)
    if layer is None:
        chosen = list(range(max(n - 1, 1)))
    elif -n <= layer < n:
        chosen = [layer % n]
    else:
        raise IndexError(
            f"layer {layer} does not exist; the network has {n} layers (0 to {n - 1})."
        )
    out = []
    for i in chosen:
        name, activation, values = found[i]
        values = np.asarray(values)
        health = unit_health(values, activation, output=i == n - 1)
        out.append(
            {
                "index": i,
                "name": name,
                "activation": activation,
                "values": values,
                "dead": health.dead,
                "saturated": health.saturated,
                "health": health,
            }
        )
    return {"layers": out, "epoch": epoch}


def _channels_message(run) -> str:
    """Why a run of a model that is not MLP-shaped has no activation map."""
    types = sorted({layer["type"] for layer in run.config["network"]["layers"]})
    return (
        f"the run {run.path!r} recorded a PyTorch model that is not a Sequential of "
        f"Linear layers and activations (its layers: {', '.join(types)}), so it "
        "has no ng.Network to compute activations with, and its units (a "
        "convolution's channels) hold whole maps per sample: the run keeps each "
        "unit's statistics on the probe batch instead (run.snapshot(epoch)"
        ".layers[i].units). Draw them with ng.plot.dashboard(run); draw a "
        "layer's maps for one input with neuroglass.torch.feature_maps(model, "
        "layer, x) and ng.plot.feature_maps."
    )


def _no_activations_message(run) -> str:
    """Why a run keeps no activations: no probe batch, or too many parameters."""
    if run.probe() is None:
        why = "was recorded without a probe batch"
    else:
        why = (
            "keeps none: its network has more parameters than the recorder's "
            "full_arrays_limit, so only their statistics were stored"
        )
    return (
        f"the run {run.path!r} {why}; pass X (n_samples, n_inputs) to compute "
        "the activations from the snapshot's network."
    )


def _activation_colors(activation, values, text):
    """Colour map, limits and their label for one layer's activations.

    Sigmoid: 0 (orange) to 1 (blue), grey at 0.5; never negative (ReLU):
    grey at 0 to blue at the largest value; otherwise orange-grey-blue,
    symmetric about 0.
    """
    from matplotlib.colors import LinearSegmentedColormap

    if activation == "sigmoid":
        return _common.diverging_cmap(), 0.0, 1.0, text["range"].format(low=0, high=1)
    top = float(np.max(np.abs(values))) if values.size else 0.0
    top = top if top > 0 else 1.0
    if values.size and values.min() >= 0:
        cmap = LinearSegmentedColormap.from_list(
            "neuroglass_positive", [_common.NEUTRAL, _common.POSITIVE]
        )
        return cmap, 0.0, top, text["range"].format(low=0, high=f"{top:.2g}")
    return _common.diverging_cmap(), -top, top, f"±{top:.2g}"


def plot_activations(source, *, X=None, layer=None, epoch=None, ax=None, lang=None):
    """A heat map of activations: one row per sample, one column per unit.

    Layers stand side by side, each on its own colour scale (orange negative,
    grey 0, blue positive; sigmoid layers from 0 to 1 with grey at 0.5; the
    limits are written under the layer's name). Dead units
    (ReLU-like, never active) get an ``x`` above their column, saturated units
    (tanh/sigmoid at their limits on more than 90% of samples) a triangle.

    Parameters are those of :func:`activation_map_data`; ``lang``: the
    language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    text = _common.words(_TEXT, lang)
    data = activation_map_data(source, X=X, layer=layer, epoch=epoch)
    # room for the layers' ranges and the legend under them
    ax = _common.get_ax(ax, figsize=(7, 5), margins={"bottom": 0.24})
    n_samples = data["layers"][0]["values"].shape[0]
    end, ticks, labels, dead_x, saturated_x = _draw_layers(ax, data["layers"], text)
    ax.set_xlim(-0.5, end - 1.5)
    ax.set_ylim(n_samples - 0.5, -0.5)
    ax.set_xticks(ticks)
    ax.set_xticklabels(labels, fontsize="small")
    ax.set_ylabel(text["sample"])
    _mark_units(ax, dead_x, saturated_x, text)
    epoch = data["epoch"]
    where = "" if epoch is None else text["epoch"].format(epoch=epoch + 1)
    ax.set_title(text["title"].format(where=where), pad=14)
    return ax


#: the marks above dead and saturated units' columns (and in the legend)
_DEAD = {"marker": "x", "color": "#222222"}
_SATURATED = {"marker": "v", "color": "#c0392b"}


def _draw_layers(ax, layers, text):
    """Each layer's heat map side by side (one blank column and a separator
    between them), on its own colour scale. Returns the first free column,
    the tick positions and labels, and the columns of dead and saturated
    units."""
    start, ticks, labels = 0, [], []
    dead_x, saturated_x = [], []
    for k, info in enumerate(layers):
        values = info["values"]
        n_samples, width = values.shape
        cmap, vmin, vmax, span = _activation_colors(info["activation"], values, text)
        ax.imshow(
            values,
            cmap=cmap,
            vmin=vmin,
            vmax=vmax,
            aspect="auto",
            interpolation="nearest",
            extent=(start - 0.5, start + width - 0.5, n_samples - 0.5, -0.5),
            gid=f"activations:{info['name']}",
        )
        columns = start + np.arange(width)
        dead_x += columns[info["dead"]].tolist()
        saturated_x += columns[info["saturated"]].tolist()
        ticks.append(start + (width - 1) / 2)
        labels.append(f"{info['name']} ({info['activation']})\n{span}")
        if k:
            ax.axvline(start - 1, color="white", linewidth=6, zorder=3)
            ax.axvline(
                start - 1, color="#333333", linewidth=1, zorder=4, gid="separator"
            )
        start += width + 1
    return start, ticks, labels, dead_x, saturated_x


def _mark_units(ax, dead_x, saturated_x, text):
    """An ``x`` above each dead unit's column, a triangle above each saturated
    one's, and a legend below the Axes that counts them."""
    from matplotlib.lines import Line2D

    above = ax.get_xaxis_transform()  # x in data, y in axes fraction
    style = {"transform": above, "clip_on": False, "zorder": 5, "s": 30}
    ax.scatter(dead_x, [1.03] * len(dead_x), gid="dead", **_DEAD, **style)
    ax.scatter(
        saturated_x,
        [1.03] * len(saturated_x),
        gid="saturated",
        **_SATURATED,
        **style,
    )
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            label=text["dead"].format(n=len(dead_x)),
            **_DEAD,
        ),
        Line2D(
            [],
            [],
            linestyle="",
            label=text["saturated"].format(n=len(saturated_x)),
            **_SATURATED,
        ),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2,
        fontsize="small",
        frameon=False,
    )
