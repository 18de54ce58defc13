"""Where each layer's parameters sit in the flat parameter vector.

A network keeps all its parameters in one vector (and its gradients and last
updates in two more of the same shape). The order is, for each layer in turn,
its weights row-major ``(n_in, n_out)`` and then its bias ``(n_out,)``.
:class:`ParameterLayout` is the one place that knows these offsets: the
network, the training loop, the recorder and the views all ask it, and it needs
only the layer sizes, so a run file can be read without building a network.

>>> layout = ParameterLayout.from_sizes([2, 3, 1])
>>> layout.size
13
>>> layout.weights(0), layout.bias(0), layout.layer(1)
(slice(0, 6, None), slice(6, 9, None), slice(9, 13, None))
"""

from __future__ import annotations

import numpy as np

from .errors import ConfigError, ShapeError
from .validation import integer


class ParameterLayout:
    """The offsets of every layer's weights and bias in a flat parameter vector.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, inputs first: ``[2, 8, 8, 1]`` (at least two, all >= 1).
    """

    def __init__(self, sizes):
        self.sizes = _check_sizes(sizes)
        self._layers, self._weights, self._biases = [], [], []
        offset = 0
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            n_weights = n_in * n_out
            self._weights.append(slice(offset, offset + n_weights))
            self._biases.append(slice(offset + n_weights, offset + n_weights + n_out))
            self._layers.append(slice(offset, offset + n_weights + n_out))
            offset += n_weights + n_out
        self.size = offset

    @classmethod
    def from_sizes(cls, sizes) -> ParameterLayout:
        """The layout of a network with layer widths ``sizes`` (inputs first)."""
        return cls(sizes)

    @property
    def n_layers(self) -> int:
        """Number of Dense layers (``len(sizes) - 1``)."""
        return len(self.sizes) - 1

    def _index(self, i) -> int:
        i = integer(i, "layer index")
        if not -self.n_layers <= i < self.n_layers:
            raise ConfigError(
                f"layer index {i} is out of range for a network with "
                f"{self.n_layers} layers (use 0 to {self.n_layers - 1})."
            )
        return i % self.n_layers

    def layer(self, i) -> slice:
        """Slice of layer ``i``'s weights and bias (0-based; negative counts back)."""
        return self._layers[self._index(i)]

    def weights(self, i) -> slice:
        """Slice of layer ``i``'s weights, stored row-major ``(n_in, n_out)``."""
        return self._weights[self._index(i)]

    def bias(self, i) -> slice:
        """Slice of layer ``i``'s bias ``(n_out,)``."""
        return self._biases[self._index(i)]

    def weights_shape(self, i) -> tuple:
        """``(n_in, n_out)`` of layer ``i``."""
        i = self._index(i)
        return (self.sizes[i], self.sizes[i + 1])

    def split(self, vector) -> list:
        """``[(W_1, b_1), (W_2, b_2), ...]``: views into ``vector``.

        ``vector`` is any array whose last axis is the flat parameter axis
        (shape ``(..., size)``); ``W_i`` has shape ``(..., n_in, n_out)`` and
        ``b_i`` shape ``(..., n_out)``. Writing into a view writes into
        ``vector``.
        """
        vector = np.asarray(vector)
        if vector.ndim == 0 or vector.shape[-1] != self.size:
            raise ShapeError(
                f"a parameter vector for sizes {list(self.sizes)} has {self.size} "
                f"entries on its last axis; got an array of shape {vector.shape}. "
                "Is it from a network with other layer sizes?"
            )
        lead = vector.shape[:-1]
        return [
            (
                vector[..., w].reshape(*lead, *self.weights_shape(i)),
                vector[..., b],
            )
            for i, (w, b) in enumerate(zip(self._weights, self._biases, strict=True))
        ]

    def weight_mask(self) -> np.ndarray:
        """Bool array ``(size,)``: True at weights, False at biases."""
        mask = np.zeros(self.size, dtype=bool)
        for w in self._weights:
            mask[w] = True
        return mask

    def __eq__(self, other) -> bool:
        return isinstance(other, ParameterLayout) and self.sizes == other.sizes

    def __hash__(self) -> int:
        return hash(self.sizes)

    def __repr__(self) -> str:
        return f"ParameterLayout(sizes={list(self.sizes)}, size={self.size})"


def _check_sizes(sizes) -> tuple:
    try:
        values = tuple(sizes)
    except TypeError:
        raise ConfigError(
            f"sizes must be a list of layer widths such as [2, 8, 1]; got {sizes!r}."
        ) from None
    if len(values) < 2:
        raise ConfigError(
            f"sizes needs at least two widths (inputs and outputs), such as [2, 1]; "
            f"got {list(values)!r}."
        )
    return tuple(
        integer(value, f"sizes[{i}] (a layer width in {list(values)!r})", minimum=1)
        for i, value in enumerate(values)
    )
