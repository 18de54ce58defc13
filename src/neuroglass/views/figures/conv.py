"""Convolutional layers: the learned filters and a layer's feature maps.

Both figures lay small images out in a grid, as torchvision's ``make_grid``
does (``nrow`` images per row, ``padding`` between them, filter 0 at the top
left), one ``imshow`` per image on a single Axes. Weights are drawn on the
orange-grey-blue map symmetric about 0 (grey = 0), so that the sign of every
weight is visible; feature maps that are never negative (after a ReLU) on a
sequential map from 0. Both take NumPy arrays (or, for filters, a recorded
Run), never tensors: ``neuroglass.torch.feature_maps`` makes the maps.
"""

from __future__ import annotations

import numpy as np

from ...engine.errors import ConfigError, ShapeError
from . import _common
from ._conv_text import EN, words

CHANNEL_MODES = ("auto", "mean", "rgb")
SCALES = ("global", "filter")
MAP_SCALES = ("global", "map")


def _run_kernels(run, layer, epoch):
    """(name, weights (out, in, kh, kw), epoch) of a convolutional layer of a
    recorded run, at the snapshot ``epoch`` (default the latest)."""
    configs = run.config["network"]["layers"]
    convs = [c for c in configs if len(c.get("weight_shape") or ()) == 4]
    if layer is None:
        if not convs:
            raise ConfigError(
                f"the run {run.path!r} has no 2-d convolutional layer (weights of "
                "shape (out, in, kh, kw)); its layers: "
                f"{', '.join(repr(c['name']) for c in configs)}."
            )
        layer = convs[0]["name"]
    names = [c["name"] for c in configs]
    if layer not in names or layer not in [c["name"] for c in convs]:
        raise ConfigError(
            f"layer {layer!r} is not a 2-d convolutional layer of this run; its "
            f"convolutional layers: {', '.join(repr(c['name']) for c in convs)}."
        )
    snap = run.snapshot(epoch)
    weights = snap.layers[names.index(layer)].weights
    if weights is None:
        raise ConfigError(
            f"the run keeps statistics only at epoch {snap.epoch} (its model is "
            "above the recorder's full_arrays_limit), so the filters of "
            f"{layer!r} cannot be drawn; record with a larger full_arrays_limit or "
            "pass the weights array."
        )
    return layer, np.asarray(weights, dtype=float), snap.epoch


def _as_kernels(weights) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    if weights.ndim == 2:
        weights = weights[None, None]
    elif weights.ndim == 3:
        weights = weights[:, None]
    if weights.ndim != 4 or 0 in weights.shape:
        raise ShapeError(
            "filters must be an array (out_channels, in_channels, height, width) "
            f"(a Conv2d's weight), (n, height, width) or (height, width); got shape "
            f"{weights.shape}."
        )
    return weights


def _reduce_channels(kernels, channels):
    """(images (n, kh, kw) or (n, kh, kw, 3), what the colours are: the key
    of the words and its fields; ``"RGB"`` for colour)."""
    n_in = kernels.shape[1]
    if isinstance(channels, (int, np.integer)) and not isinstance(channels, bool):
        if not -n_in <= channels < n_in:
            raise ConfigError(
                f"channels={channels} is out of range for filters with {n_in} input "
                f"channel(s); use 0 to {n_in - 1}, 'mean' or 'auto'."
            )
        return kernels[:, channels], ("filters.channel", {"channel": channels % n_in})
    if channels not in CHANNEL_MODES:
        raise ConfigError(
            f"channels must be one of {', '.join(CHANNEL_MODES)} or an input channel "
            f"index; got {channels!r}."
        )
    if channels == "rgb" or (channels == "auto" and n_in == 3):
        if n_in != 3:
            raise ConfigError(
                f"channels='rgb' needs 3 input channels; these filters have {n_in}. "
                "Use 'mean' or an input channel index."
            )
        return np.moveaxis(kernels, 1, -1), ("RGB", {})
    if n_in == 1:
        return kernels[:, 0], ("filters.weight", {})
    return kernels.mean(axis=1), ("filters.mean", {"n": n_in})


def _limits(images, scale, scales=SCALES, signed=True) -> np.ndarray:
    """(n, 2) colour limits, one pair for all images or one per image:
    symmetric about 0 (``signed``), else from 0 to the largest value."""
    if scale not in scales:
        raise ConfigError(f"scale must be one of {', '.join(scales)}; got {scale!r}.")
    values = np.abs(images) if signed else images
    peaks = values.reshape(len(images), -1).max(axis=1)
    if scale == "global":
        peaks = np.full(len(images), peaks.max())
    peaks = np.where(peaks > 0, peaks, 1.0)
    return np.column_stack([-peaks if signed else np.zeros(len(peaks)), peaks])


def filters_data(
    source, layer=None, epoch=None, *, channels="auto", scale="global", max_filters=64
) -> dict:
    """The numbers behind :func:`plot_filters`, computed once.

    Returns a dict: ``images`` (n, kh, kw) or (n, kh, kw, 3) (the filters
    drawn, input channels reduced as ``channels`` says), ``limits`` (n, 2),
    ``colours`` (what a pixel's colour is, in English; ``colours_key``: its
    key in the words of :mod:`._conv_text` and the fields), ``shape`` (the
    weight array's shape), ``n_filters`` (all of them), ``layer``, ``epoch``,
    ``scale``.
    """
    if _common.is_run(source):
        layer, kernels, epoch = _run_kernels(source, layer, epoch)
    else:
        if epoch is not None:
            raise ConfigError(
                "epoch= picks a snapshot of a recorded run; these filters are an "
                "array. Pass ng.open_run(path) to see an earlier epoch."
            )
        kernels = _as_kernels(source)
    max_filters = int(max_filters)
    if max_filters < 1:
        raise ConfigError(f"max_filters must be at least 1; got {max_filters}.")
    images, (key, fields) = _reduce_channels(kernels[:max_filters], channels)
    return {
        "images": images,
        "limits": _limits(images, scale),
        "colours": EN.get(key, key).format(**fields),
        "colours_key": (key, fields),
        "shape": kernels.shape,
        "n_filters": kernels.shape[0],
        "layer": layer,
        "epoch": epoch,
        "scale": scale,
    }


def _positions(n, nrow, height, width, padding):
    """(x, y) of each image's top-left corner, ``nrow`` images per row."""
    nrow = max(1, min(int(nrow), n))
    cols, rows = np.arange(n) % nrow, np.arange(n) // nrow
    return np.column_stack([cols * (width + padding), rows * (height + padding)])


def _draw_grid(ax, images, limits, cmap, nrow, padding):
    """One imshow per image; returns the last image (for a colour bar)."""
    height, width = images.shape[1:3]
    corners = _positions(len(images), nrow, height, width, padding)
    shown = None
    for image, (lo, hi), (x, y) in zip(images, limits, corners, strict=True):
        if image.ndim == 3:  # RGB: grey = 0, each channel brighter = positive
            image = np.clip(0.5 + 0.5 * image / hi, 0.0, 1.0)
        shown = ax.imshow(
            image,
            cmap=None if image.ndim == 3 else cmap,
            vmin=lo,
            vmax=hi,
            extent=(x, x + width, y + height, y),
            interpolation="nearest",
        )
    ax.set_xlim(-padding, corners[:, 0].max() + width + padding)
    ax.set_ylim(corners[:, 1].max() + height + padding, -padding)
    ax.set_aspect("equal")
    ax.axis("off")
    return shown


def _grid_ax(ax, images, nrow, padding, cell):
    """``ax``, or a new one sized to the grid: ``cell`` inches per image across,
    room for a two-line title and a colour bar."""
    n, height, width = images.shape[:3]
    cols = max(1, min(int(nrow), n))
    rows = -(-n // cols)
    grid_width = cols * (cell + cell * padding / width)
    grid_height = rows * (cell * (height + padding) / width)
    figsize = (max(4.8, grid_width + 1.4), grid_height + 1.0)
    return _common.get_ax(ax, figsize=figsize)


def _colorbar(ax, shown, label):
    bar = ax.figure.colorbar(shown, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(label, fontsize=8)
    bar.ax.tick_params(labelsize=7)
    return bar


def plot_filters(
    source,
    layer=None,
    epoch=None,
    *,
    ax=None,
    nrow=8,
    padding=1,
    channels="auto",
    scale="global",
    max_filters=64,
    cmap=None,
    colorbar=True,
    title=None,
    lang=None,
):
    """Draw a convolutional layer's learned filters (kernels) as a grid.

    Parameters
    ----------
    source : array-like or Run
        A Conv2d's weights ``(out_channels, in_channels, kh, kw)`` (also
        ``(n, kh, kw)``), or a recorded PyTorch run.
    layer : str, optional
        For a Run: the layer's name (default its first 2-d convolution).
    epoch : int, optional
        For a Run: the snapshot (default the latest).
    nrow : int
        Filters per row (as ``make_grid``).
    padding : float
        Space between filters, in kernel pixels.
    channels : {"auto", "mean", "rgb"} or int
        How the input channels of a filter become one image: their mean, one
        channel, or colour (3 channels: red, green, blue, grey = 0). ``auto``:
        RGB for 3 input channels, else the mean.
    scale : {"global", "filter"}
        One colour scale for all filters (compare their strengths), or one
        per filter (see each one's pattern).
    max_filters : int
        The first filters drawn at most.
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    data = filters_data(
        source,
        layer,
        epoch,
        channels=channels,
        scale=scale,
        max_filters=max_filters,
    )
    text = words(lang)
    images = data["images"]
    ax = _grid_ax(ax, images, nrow, padding, cell=0.6)
    cmap = cmap or _common.diverging_cmap()
    shown = _draw_grid(ax, images, data["limits"], cmap, nrow, padding)
    rgb = images.ndim == 4
    if colorbar and not rgb and data["scale"] == "global":
        _colorbar(ax, shown, text["filters.bar"])
    ax.set_title(title or _filters_title(data, text), fontsize=9)
    return ax


def _filters_title(data, text) -> str:
    """What is drawn (layer, count, size, channels, epoch) over what the
    colours mean."""
    if data["scale"] == "global":
        meaning = text["filters.one_scale"].format(peak=data["limits"][0, 1])
    else:
        meaning = text["filters.own_scale"]
    if data["images"].ndim == 4:
        colours = text["filters.rgb"].format(meaning=meaning)
    else:
        key, fields = data["colours_key"]
        what = text[key].format(**fields)
        colours = text["filters.signed"].format(colours=what, meaning=meaning)
    n, (out, n_in, kh, kw) = len(data["images"]), data["shape"]
    layer = data["layer"]
    which = text["layer"].format(layer=layer) if layer is not None else ""
    count = text["filters.some" if n < out else "filters.all"]
    # counted from 1, as ng.plot.history's axis: the snapshot after that epoch
    epoch = data["epoch"]
    at = text["filters.epoch"].format(epoch=epoch + 1) if epoch is not None else ""
    head = text["filters.head"].format(
        which=which, count=count.format(n=n, total=out), kh=kh, kw=kw, n_in=n_in, at=at
    )
    return f"{head}\n{colours}"


def feature_maps_data(maps, *, sample=0, scale="global", max_maps=64) -> dict:
    """The numbers behind :func:`plot_feature_maps`, computed once.

    ``maps`` is ``(n, channels, h, w)`` (``sample`` picks the input) or
    ``(channels, h, w)``; ``scale``: ``"global"`` or ``"map"``. Returns a
    dict: ``images`` (c, h, w), ``limits`` (c, 2), ``signed`` (whether any
    value is negative: then the limits are symmetric about 0, else they start
    at 0), ``n_maps``, ``sample``.
    """
    maps = np.asarray(maps, dtype=float)
    if maps.ndim == 4:
        n = maps.shape[0]
        if not -n <= int(sample) < n:
            raise ConfigError(
                f"sample={sample} is out of range for maps of {n} input(s); use 0 "
                f"to {n - 1}."
            )
        maps = maps[int(sample)]
    if maps.ndim != 3 or 0 in maps.shape:
        raise ShapeError(
            "feature maps must be an array (n, channels, height, width) or "
            f"(channels, height, width); got shape {maps.shape}. "
            "neuroglass.torch.feature_maps(model, layer, x) makes one."
        )
    images = maps[: max(1, int(max_maps))]
    signed = bool((images < 0).any())
    return {
        "images": images,
        "limits": _limits(images, scale, MAP_SCALES, signed),
        "signed": signed,
        "n_maps": maps.shape[0],
        "sample": sample,
        "scale": scale,
    }


def plot_feature_maps(
    maps,
    *,
    ax=None,
    sample=0,
    layer=None,
    nrow=8,
    padding=1,
    scale="global",
    max_maps=64,
    cmap=None,
    colorbar=True,
    title=None,
    lang=None,
):
    """Draw a layer's feature maps for one input, one image per channel.

    Parameters
    ----------
    maps : array-like
        ``(n, channels, h, w)`` (``neuroglass.torch.feature_maps``) or
        ``(channels, h, w)``.
    sample : int
        Which input of the batch.
    layer : str, optional
        The layer's name, for the title.
    scale : {"global", "map"}
        One colour scale for all maps, or one per map.
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    data = feature_maps_data(maps, sample=sample, scale=scale, max_maps=max_maps)
    text = words(lang)
    images, n = data["images"], len(data["images"])
    ax = _grid_ax(ax, images, nrow, padding, cell=0.9)
    if cmap is None:
        cmap = _common.diverging_cmap() if data["signed"] else "viridis"
    shown = _draw_grid(ax, images, data["limits"], cmap, nrow, padding)
    lo, hi = data["limits"][0]
    colours = text["maps.signed" if data["signed"] else "maps.unsigned"]
    if scale == "global":
        colours += text["maps.global"].format(lo=lo, hi=hi)
    else:
        colours += text["maps.own"]
    if colorbar and scale == "global":
        _colorbar(ax, shown, text["maps.bar"])
    which = text["layer"].format(layer=layer) if layer is not None else ""
    count = text["maps.some" if n < data["n_maps"] else "maps.all"]
    height, width = images.shape[1:]
    head = text["maps.head"].format(
        which=which,
        count=count.format(n=n, total=data["n_maps"]),
        height=height,
        width=width,
        sample=data["sample"],
    )
    ax.set_title(title or f"{head}\n{colours}", fontsize=9)
    return ax
