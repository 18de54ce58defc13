"""Animations of a recorded run: the network, its decision boundary and its loss
curve evolving over the snapshots, as a GIF (Pillow) or an MP4 (imageio with
its ffmpeg package, ``pip install neuroglass[video]``)."""

from __future__ import annotations

import os

import numpy as np

from ..engine.validation import check_bool, check_path, integer, positive_number
from .figures import _common
from .figures._brain_text import words
from .figures.boundary import plot_decision_boundary
from .figures.network import plot_network
from .lang import language, resolve_lang

PANELS = ("network", "boundary", "loss")
#: the animation's own words (the network and boundary panels have theirs)
TEXT = {
    "en": {
        "weights": "weights, epoch {epoch}",
        "output": "output, epoch {epoch}",
        "train": "train loss",
        "validation": "validation loss",
        "epoch": "epoch",
        "loss": "loss",
    },
    "zh": {
        "weights": "权重，第{epoch}轮",
        "output": "输出，第{epoch}轮",
        "train": "训练损失",
        "validation": "验证损失",
        "epoch": "轮",
        "loss": "损失",
    },
}


def _remove_content(ax):
    """Take the drawn data off an Axes but keep its ticks and layout: much
    cheaper than ``ax.clear()``, which rebuilds every tick for every frame."""
    for artist in [*ax.lines, *ax.collections, *ax.images, *ax.texts, *ax.patches]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()


def _frames_epochs(run, max_frames):
    epochs = run.snapshot_epochs
    if len(epochs) == 0:
        raise ValueError(
            f"{run.path!r} has no snapshots with full arrays to animate; record with "
            "a Recorder whose full_arrays_limit covers the network."
        )
    if len(epochs) > max_frames:
        keep = np.unique(
            np.linspace(0, len(epochs) - 1, max_frames).round().astype(int)
        )
        epochs = epochs[keep]
    return [int(e) for e in epochs]


def animate(
    run,
    path,
    *,
    panels=None,
    data=None,
    fps=10,
    max_frames=100,
    dpi=80,
    resolution=60,
    progress=True,
    lang=None,
):
    """Write an animation of a recorded run, one frame per snapshot.

    Parameters
    ----------
    run : Run
        ``ng.open_run(path)``; its snapshots must keep full arrays.
    path : str
        ``.gif`` or ``.mp4``.
    panels : list of {"network", "boundary", "loss"}, optional
        Default: all that apply ("boundary" needs a 2-input network).
    data : (X, y), optional
        Points for the boundary panel (default: the run's probe batch, unlabelled).
    fps : int
    max_frames : int
        At most this many frames, spread evenly over the snapshots.
    dpi, resolution : int
        Of each frame, and of the boundary panel's grid.
    progress : bool
        Show a tqdm bar over the frames.
    lang : {"en", "zh"}, optional
        The language of the frames' words (default: ``ng.set_lang``'s); the
        network and boundary panels are drawn in it too.

    Returns
    -------
    str
        The path written.
    """
    path, suffix, panels = _check(run, path, panels)
    fps = positive_number(fps, "fps (frames per second, such as 10)")
    max_frames = integer(max_frames, "max_frames", minimum=1)
    dpi = integer(dpi, "dpi", minimum=1)
    resolution = integer(resolution, "resolution", minimum=2)
    epochs = _frames_epochs(run, max_frames)
    metrics = run.metrics(format="dict")
    X, y = data if data is not None else (run.probe(), None)
    lang = resolve_lang(lang)
    text = words(lang, TEXT)

    writer = _mp4_writer(path, fps) if suffix == ".mp4" else None
    frames = []
    bar = None
    if check_bool(progress, "progress"):
        from tqdm.auto import tqdm

        bar = tqdm(total=len(epochs), unit="frame", desc="animating")
    frames_of = _images(run, panels, epochs, metrics, (X, y), resolution, dpi, text)
    try:
        with language(lang):  # the network and boundary panels' own words
            for image in frames_of:
                if writer is not None:
                    writer.append_data(image)
                else:
                    frames.append(image)
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        if writer is not None:
            writer.close()
    if frames:
        _write_gif(path, frames, fps)
    return path


def _images(run, panels, epochs, metrics, data, resolution, dpi, text):
    """One RGB frame, shape (height, width, 3), per epoch in ``epochs``."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    # one figure for all frames: clear and redraw the panels each time
    fig, axes = plt.subplots(
        1, len(panels), figsize=(4.2 * len(panels), 4.0), squeeze=False, dpi=dpi
    )
    canvas = FigureCanvasAgg(fig)
    try:
        for frame, epoch in enumerate(epochs):
            for ax, panel in zip(axes[0], panels):
                _remove_content(ax)
                if panel == "loss":
                    _draw_loss(ax, metrics, epoch, text)
                else:
                    _draw_model(ax, panel, run, epoch, data, resolution, text)
            if frame == 0:
                fig.tight_layout()  # once: later frames keep the same layout
            canvas.draw()
            yield np.asarray(canvas.buffer_rgba())[..., :3].copy()
    finally:
        plt.close(fig)


def _check(run, path, panels):
    """``(path, suffix, panels)``: the run, the file and the panels checked."""
    if not _common.is_run(run):
        raise TypeError(
            f"animate needs a recorded run (ng.open_run(path)); got "
            f"{type(run).__name__}."
        )
    path = check_path(path, "path")
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in (".gif", ".mp4"):
        raise ValueError(f"path must end in .gif or .mp4; got {path!r}.")
    n_inputs = run.config["network"]["layers"][0]["n_in"]
    if panels is None:
        panels = [p for p in PANELS if p != "boundary" or n_inputs == 2]
    unknown = [p for p in panels if p not in PANELS]
    if unknown or not panels:
        raise ValueError(
            f"panels must be a non-empty list from {PANELS}; got {panels}."
        )
    if "boundary" in panels and n_inputs < 2:
        raise ValueError("the boundary panel needs a network with 2 or more inputs.")
    return path, suffix, panels


def _mp4_writer(path, fps):
    try:
        import imageio.v2 as imageio
    except ImportError:
        raise ImportError(
            "writing MP4 needs imageio and imageio-ffmpeg: pip install "
            "'neuroglass[video]' (or write a .gif)."
        ) from None
    return imageio.get_writer(path, fps=fps, macro_block_size=1)


def _draw_model(ax, panel, run, epoch, data, resolution, text) -> None:
    """The ``"network"`` or ``"boundary"`` panel at ``epoch``."""
    if panel == "network":
        title = text["weights"].format(epoch=epoch + 1)
        plot_network(run, ax=ax, epoch=epoch, legend=False, title=title)
    else:
        plot_decision_boundary(
            run,
            *data,
            ax=ax,
            epoch=epoch,
            resolution=resolution,
            title=text["output"].format(epoch=epoch + 1),
        )


def _draw_loss(ax, metrics, epoch, text) -> None:
    """The loss curves, grey to the end and dark up to ``epoch``."""
    done = metrics["epoch"] <= epoch
    ax.plot(metrics["epoch"] + 1, metrics["loss"], color="#dddddd")
    ax.plot(
        metrics["epoch"][done] + 1,
        metrics["loss"][done],
        color="#555555",
        label=text["train"],
    )
    if np.isfinite(metrics["val_loss"]).any():
        ax.plot(
            metrics["epoch"][done] + 1,
            metrics["val_loss"][done],
            color="black",
            ls="--",
            label=text["validation"],
        )
    ax.set_yscale("log")
    ax.set_xlabel(text["epoch"])
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title(text["loss"], fontsize=10)


def _write_gif(path, frames, fps) -> None:
    from PIL import Image

    images = [Image.fromarray(f) for f in frames]
    images[0].save(
        path,
        save_all=True,
        append_images=images[1:],
        duration=int(1000 / fps),
        loop=0,
        optimize=False,
    )
