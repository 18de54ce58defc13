"""A recorded PyTorch model that is not MLP-shaped, as its layers in order.

``ng.plot.network(run)`` draws neurons and connections for networks that are
a chain of dense layers; for other models (convolutions, normalisation,
pooling, ...) it draws this instead: one box per module, top to bottom, with
its type and sizes ("Conv2d 1→8, 3×3"), its parameter count and, when the run
knows it, its output shape. The modules come from the model's printed tree
that the run keeps (``config["network"]["module"]``), in the order the model
registers them (for a ``Sequential``, the order they run); the sizes from the
run's layer list. Without a readable tree, the layers with parameters alone
are drawn.
"""

from __future__ import annotations

import math
import re

from ...engine.errors import ConfigError
from ..lang import resolve_lang
from . import _common, _conv_text
from ._conv_text import EN

_LEAF = re.compile(r"^(?P<indent> *)\((?P<name>[^)]+)\): (?P<body>.*\))$")
_CONTAINER = re.compile(r"^(?P<indent> *)\((?P<name>[^)]+)\): (?P<type>\w+)\($")
_CALL = re.compile(r"^(?:(?P<count>\d+) x )?(?P<type>\w+)\((?P<args>.*)\)$")
_RANGE = re.compile(r"^(\d+)-(\d+)$")

#: fill colour per kind of module (light, so that the text stays readable)
COLOURS = {
    "conv": "#cfe3f3",
    "linear": "#fde3c4",
    "norm": "#e3f1dc",
    "pool": "#ece3f3",
    "activation": "#f2f2f2",
    "other": "#ffffff",
}


def is_layer_graph_run(run) -> bool:
    """Whether ``run`` recorded a model that is not MLP-shaped (a PyTorch
    module whose network the diagram of neurons cannot draw)."""
    network = getattr(run, "config", {}).get("network", {})
    return network.get("format") == "torch.module"


def _kind(type_name) -> str:
    lowered = type_name.lower()
    for kind, words in (
        ("conv", ("conv",)),
        ("linear", ("linear", "bilinear", "embedding")),
        ("norm", ("norm",)),
        ("pool", ("pool",)),
    ):
        if any(word in lowered for word in words):
            return kind
    activations = ("relu", "tanh", "sigmoid", "gelu", "silu", "elu", "softmax")
    if any(word in lowered for word in activations) or "softplus" in lowered:
        return "activation"
    return "other"


def parse_module_tree(text) -> list | None:
    """The leaf modules of a printed PyTorch module tree, in order: a list of
    (qualified name, type, argument text); None if ``text`` is not one (or
    was cut short)."""
    lines = (text or "").splitlines()
    if not lines or lines[-1].strip() == "...":
        return None
    if len(lines) == 1:  # the model is a single module
        match = _CALL.match(lines[0].strip())
        return [("", match["type"], match["args"])] if match else None
    leaves, path = [], []
    for line in lines[1:-1]:
        if line.strip() == ")":  # a container closes: the indents say where
            continue
        container, leaf = _CONTAINER.match(line), _LEAF.match(line)
        match = container or leaf
        if match is None:
            return None
        depth = len(match["indent"]) // 2 - 1
        path = [*path[:depth], match["name"]]
        if container:
            continue
        call = _CALL.match(match["body"])
        if call is None:
            return None
        prefix = ".".join(path[:-1])
        span = _RANGE.match(match["name"])
        names = (
            [str(i) for i in range(int(span[1]), int(span[2]) + 1)]
            if span
            else [match["name"]]
        )
        for name in names:
            qualified = f"{prefix}.{name}" if prefix else name
            leaves.append((qualified, call["type"], call["args"]))
    return leaves


def _argument(args, key):
    match = re.search(rf"{key}=(\([^)]*\)|[^,]+)", args or "")
    return match[1].strip() if match else None


def _square(value) -> str:
    """``(3, 3)`` -> ``3×3``, ``2`` -> ``2×2``."""
    numbers = re.findall(r"\d+", value)
    if len(numbers) == 1:
        numbers = numbers * 2
    return "×".join(numbers)


def _sizes(layer, type_name, args, text=EN) -> str:
    """The box's sizes text, from the run's layer dict (with parameters) or
    the module's arguments (without)."""
    kind = _kind(type_name)
    if layer is not None and kind == "conv":
        kernel = "×".join(map(str, (layer.get("weight_shape") or [])[2:]))
        sizes = f"{layer['n_in']}→{layer['n_out']}, {kernel}"
        for key in ("stride", "padding"):
            value = _argument(args, key)
            numbers = sorted(set(re.findall(r"\d+", value or "")))
            if numbers and numbers != ["1" if key == "stride" else "0"]:
                shown = numbers[0] if len(numbers) == 1 else _square(value)
                sizes += ", " + text[f"graph.{key}"].format(value=shown)
        return sizes
    if layer is not None:
        n_in, n_out = layer["n_in"], layer["n_out"]
        return f"{n_in}→{n_out}" if kind == "linear" or n_in != n_out else f"{n_out}"
    if kind == "pool":
        size = _argument(args, "kernel_size") or _argument(args, "output_size")
        return _square(size) if size else ""
    p = _argument(args, "p")
    return f"p={p}" if type_name.startswith("Dropout") and p else ""


def _n_params(layer) -> int:
    if layer.get("shared_with"):
        return 0
    shapes = [layer.get("weight_shape"), layer.get("bias_shape")]
    return sum(math.prod(shape) for shape in shapes if shape)


def _shape_text(shape, text=EN) -> str:
    return "×".join(map(str, shape)) if shape else text["graph.scalar"]


def _box(name, type_name, args, layer, shape=None, text=EN) -> dict:
    """A box: ``label`` (type and sizes) over ``notes`` (name, parameters,
    output shape); a module without parameters has its name in the label.
    ``shape``: its output shape (without the batch), when the run saw it."""
    label = f"{type_name} {_sizes(layer, type_name, args, text)}".strip()
    box = {"name": name, "type": type_name, "kind": _kind(type_name)}
    if layer is not None and layer.get("output_shape") is not None:
        shape = layer["output_shape"]
    box["output_shape"] = None if shape is None else list(shape)
    if layer is None:
        named = f"{label}  ·  {name!r}" if name else label
        out = "" if shape is None else _shape_text(shape, text)
        notes = text["graph.out"].format(shape=out) if out else ""
        return {**box, "label": named, "notes": notes, "n_params": 0}
    notes = [repr(name)] if name else []
    notes.append(text["graph.params"].format(n=_n_params(layer)))
    if layer.get("shared_with"):
        notes.append(text["graph.shares"].format(name=layer["shared_with"]))
    if layer.get("trainable") is False:
        notes.append(text["graph.frozen"])
    if shape is not None:
        notes.append(text["graph.out"].format(shape=_shape_text(shape, text)))
    return {
        **box,
        "label": label,
        "notes": " · ".join(notes),
        "n_params": _n_params(layer),
    }


def _input_shape(source) -> list | None:
    """The shape of one input (a run's probe batch without its batch
    dimension), or None when the run kept no probe."""
    try:
        probe = source.probe() if _common.is_run(source) else None
    except Exception:  # an unreadable blob: the graph is drawn without it
        return None
    shape = getattr(probe, "shape", None)
    return [int(n) for n in shape[1:]] if shape is not None and len(shape) else None


def layer_graph_data(source, *, lang="en") -> dict:
    """The boxes :func:`plot_layer_graph` draws, computed once.

    ``source``: a Run, or its ``config["network"]`` dict. Returns
    ``{"model": root type, "n_params": int, "boxes": [{"name", "type",
    "label", "notes", "kind", "n_params", "output_shape"}, ...], "from_tree":
    bool, "input_shape": list or None, "layers": the names of the layers with
    parameters, in the run's order}``. Output shapes are those the recorder
    saw on the probe batch (``config["network"]["output_shapes"]``, the layer
    dicts' ``output_shape``); the input shape is the probe's (a Run only).
    ``lang``: the language of the labels and notes (English by default,
    whatever ``ng.set_lang`` says: the playground words its page itself).
    """
    table = _conv_text.TEXT[resolve_lang(lang)]
    network = source.config["network"] if _common.is_run(source) else source
    if not isinstance(network, dict) or "layers" not in network:
        raise ConfigError(
            "layer_graph_data needs a recorded run (ng.open_run(path)) or its "
            f"config['network'] with a 'layers' list; got {type(source).__name__}."
        )
    layers = {layer["name"]: layer for layer in network["layers"]}
    text = network.get("module") or ""
    leaves = parse_module_tree(text)
    from_tree = leaves is not None and set(layers) <= {name for name, *_ in leaves}
    if not from_tree:
        leaves = [(layer["name"], layer["type"], "") for layer in network["layers"]]
    shapes = network.get("output_shapes") or {}
    boxes = [_box(n, t, a, layers.get(n), shapes.get(n), table) for n, t, a in leaves]
    root = re.match(r"\w+", text)
    return {
        "model": root[0] if root else "model",
        "n_params": network.get("n_params", sum(b["n_params"] for b in boxes)),
        "boxes": boxes,
        "from_tree": from_tree,
        "input_shape": _input_shape(source),
        "layers": [layer["name"] for layer in network["layers"]],
    }


def _compact(box, text) -> dict:
    shape = box.get("output_shape")
    label = box["label"].split("  ·  ")[0]
    if shape:
        label += " · " + text["graph.out"].format(shape=_shape_text(shape, text))
    return {**box, "label": label, "notes": ""}


def _draw_box(ax, box, top, height, fontsize=9):
    from matplotlib.patches import FancyBboxPatch

    patch = FancyBboxPatch(
        (-2.2, top - height),
        4.4,
        height,
        boxstyle="round,pad=0.02,rounding_size=0.12",
        facecolor=COLOURS[box["kind"]],
        edgecolor="#555555",
        linewidth=0.8,
    )
    patch.set_gid(box.get("gid"))
    ax.add_patch(patch)
    middle = top - height / 2
    if not box["notes"]:
        ax.text(0, middle, box["label"], ha="center", va="center", fontsize=fontsize)
        return
    ax.text(0, middle + 0.17, box["label"], ha="center", va="center", fontsize=fontsize)
    ax.text(
        0,
        middle - 0.2,
        box["notes"],
        ha="center",
        va="center",
        fontsize=7,
        color="#555555",
    )


def plot_layer_graph(
    source, *, ax=None, max_boxes=40, title=None, compact=False, lang=None
):
    """Draw a model as its modules in order: a box per module with its type,
    sizes, parameter count and output shape, arrows between them; the input's
    shape on top when the run kept its probe batch.

    Parameters
    ----------
    source : Run or dict
        A recorded PyTorch run (or its ``config["network"]``).
    max_boxes : int
        Boxes drawn at most; the rest are counted in a last box.
    compact : bool
        One small line per box (type, sizes, output shape), for a panel of a
        larger figure (the dashboard).
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    text = _conv_text.words(lang)
    data = layer_graph_data(source, lang=resolve_lang(lang))
    boxes = [{**box, "gid": f"box-{i}"} for i, box in enumerate(data["boxes"])]
    if compact:
        boxes = [_compact(box, text) for box in boxes]
    boxes = boxes[:max_boxes]
    hidden = len(data["boxes"]) - len(boxes)
    if hidden:
        more = text["graph.more"].format(n=hidden)
        boxes.append({"label": more, "notes": "", "kind": "other"})
    if data["input_shape"] is not None:  # what goes in: one probe sample
        shape = _shape_text(data["input_shape"], text)
        label = text["graph.input"].format(shape=shape)
        boxes.insert(0, {"label": label, "notes": "", "kind": "other", "gid": "input"})
    heights = [0.9 if b["notes"] else 0.5 for b in boxes]
    ax = _common.get_ax(ax, figsize=(5.2, 1.0 + 0.62 * sum(heights) + 0.3 * len(boxes)))
    top = 0.0
    for i, (box, height) in enumerate(zip(boxes, heights, strict=True)):
        _draw_box(ax, box, top, height, fontsize=7 if compact else 9)
        bottom = top - height
        top = bottom - 0.4
        if i < len(boxes) - 1:
            ax.annotate(
                "",
                xy=(0, top + 0.02),
                xytext=(0, bottom - 0.02),
                arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.8},
            )
    ax.set_xlim(-2.4, 2.4)
    ax.set_ylim(top + 0.2, 0.2)
    ax.axis("off")
    head = text["graph.head"].format(
        model=data["model"], n=len(data["boxes"]), params=data["n_params"]
    )
    ax.set_title(title or head + text["graph.note"], fontsize=9)
    return ax
