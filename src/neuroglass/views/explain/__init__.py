r"""Worked examples of the math, with the network's own numbers filled in.

``forward(net, x)`` writes out one sample's forward pass layer by layer
(``z = a_prev W + b`` with one unit's sum written out, ``a = f(z)``);
``backward(net, x, y, lr=0.1)`` adds the loss, the deltas, the gradients and one
SGD step with before/after numbers. Both return an :class:`Explanation`: ``print``
it, show it in a notebook (Markdown or LaTeX), or read its ``.steps``. Layers
wider than 8 are summarised; the network is only read, never changed.

``lang="zh"`` writes the words in Chinese (the numbers and formulas are the
same); left out, ``lang`` follows ``ng.set_lang`` and ``with ng.language("zh"):``.
The LaTeX typesets its formulas as math (``\tanh``, ``\odot``,
``\frac{\partial L}{\partial W}``), with ``\text{...}`` for the words only.

>>> import neuroglass as ng
>>> net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
>>> print(ng.explain.forward(net, [0.5, -1.0]))  # doctest: +SKIP
>>> print(ng.explain.backward(net, [0.5, -1.0], 1, lr=0.1))  # doctest: +SKIP
>>> print(ng.explain.forward(net, [0.5, -1.0], lang="zh"))  # doctest: +SKIP
"""

from .backward import backward
from .document import Explanation
from .worked import forward

__all__ = ["Explanation", "backward", "forward"]
