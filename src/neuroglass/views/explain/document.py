"""The :class:`Explanation`: a worked example as text, Markdown and LaTeX."""

from __future__ import annotations

import numpy as np

from ._blocks import Heading, width
from ._words import plain


class Explanation:
    """A worked example of the math: ``print`` it, or show it in a notebook.

    Built by :func:`neuroglass.explain.forward` and
    :func:`neuroglass.explain.backward`; not meant to be built by hand.

    Attributes
    ----------
    title : str
        One line saying what is explained.
    kind : {"forward", "backward"}
    lang : {"en", "zh"}
        The language of the words (the numbers and formulas are the same in
        both).
    steps : list of dict
        One record per computed quantity, in the order of the computation, with
        the keys

        ``layer``
            The layer number, from 1 (inputs, targets and the loss: 0).
        ``quantity``
            ``"x"``, ``"W"``, ``"b"``, ``"z"``, ``"a"`` (forward); ``"y"``,
            ``"loss"``, ``"grad_a"`` (dL/da), ``"delta"`` (dL/dz), ``"dW"``,
            ``"db"``, ``"W_new"``, ``"b_new"``, ``"loss_after"`` (backward).
        ``symbol``
            The name used in the text, e.g. ``"z1"``.
        ``formula``
            How it is computed, e.g. ``"z = a_prev W + b"``.

        The steps are data: the same in every language.
        ``values``
            The numbers: a float64 array (vectors for one sample, matrices for
            weights; scalars as arrays of shape ``(1,)``).

    Examples
    --------
    >>> import neuroglass as ng
    >>> net = ng.mlp([2, 3, 1], loss="mse", seed=0)
    >>> ex = ng.explain.forward(net, [0.5, -1.0])
    >>> ex.value("z", 1).shape
    (3,)
    """

    def __init__(self, title, kind: str, lang: str = "en"):
        self._title = Heading(title)
        self.title = plain(self._title.parts)
        self.kind = kind
        self.lang = lang
        self.steps: list[dict] = []
        self._blocks: list = []

    # -- building (used by forward/backward) ------------------------------------
    def _record(self, layer, quantity, symbol, formula, values) -> np.ndarray:
        values = np.array(values, dtype=np.float64, ndmin=1)
        self.steps.append(
            {
                "layer": int(layer),
                "quantity": quantity,
                "symbol": symbol,
                "formula": formula,
                "values": values,
            }
        )
        return values

    def _show(self, *blocks) -> None:
        self._blocks.extend(blocks)

    # -- reading -------------------------------------------------------------------
    def value(self, quantity: str, layer: int = 0) -> np.ndarray:
        """The numbers of one step, e.g. ``ex.value("z", 1)`` or ``ex.value("loss")``.

        Raises
        ------
        KeyError
            If this explanation has no such step; the message lists those it has.
        """
        for step in self.steps:
            if step["quantity"] == quantity and step["layer"] == layer:
                return step["values"]
        have = sorted({(s["quantity"], s["layer"]) for s in self.steps}, key=str)
        raise KeyError(
            f"no step {quantity!r} for layer {layer} in this {self.kind} explanation; "
            f"it has (quantity, layer) = {', '.join(map(str, have))}."
        )

    # -- rendering -------------------------------------------------------------------
    def to_text(self) -> str:
        """Plain text, as ``print(explanation)`` shows it."""
        lines = [self.title, "=" * width(self.title)]
        for block in self._blocks:
            lines += block.to_text(self.lang)
        return "\n".join(lines).rstrip() + "\n"

    def __str__(self) -> str:
        return self.to_text().rstrip("\n")

    def to_markdown(self) -> str:
        """Markdown: bold section titles, formulas as code, small matrices as tables."""
        lines = [f"### {self.title}", ""]
        for block in self._blocks:
            if isinstance(block, Heading) and lines[-1] != "":
                lines.append("")
            lines += block.to_markdown(self.lang)
        return "\n".join(lines).rstrip() + "\n"

    def to_latex(self) -> str:
        r"""LaTeX: one ``aligned`` environment (matrices as ``bmatrix``).

        Put it in display math (``\[ ... \]``) in a document; it needs ``amsmath``.
        """
        rows = self._title.to_latex(self.lang)
        for block in self._blocks:
            rows += block.to_latex(self.lang)
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's terminal
        printer.text(str(self))

    def __repr__(self) -> str:
        return f"<Explanation: {self.title} ({len(self.steps)} steps)>"
