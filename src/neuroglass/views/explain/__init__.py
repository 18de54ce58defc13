"""Worked examples of the math, with the network's own numbers filled in.

>>> import neuroglass as ng
>>> net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
>>> print(ng.explain.forward(net, [0.5, -1.0]))  # doctest: +SKIP
"""

from .worked import Explanation, backward, forward

__all__ = ["Explanation", "backward", "forward"]
