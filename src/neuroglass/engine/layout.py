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

import math

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

    @classmethod
    def from_shapes(cls, weight_shapes, bias_shapes) -> ParameterLayout:
        """The layout of layers that are not a chain of Dense layers (a
        recorded PyTorch model): layer ``i`` holds its weights, of shape
        ``weight_shapes[i]`` (stored flat in that shape's row-major order),
        then its bias, of shape ``bias_shapes[i]``; None for a layer without
        weights or without bias. ``sizes`` is None for such a layout.

        >>> layout = ParameterLayout.from_shapes([(4, 1, 3, 3), (2, 36)], [(4,), None])
        >>> layout.size, layout.bias(1)
        (112, slice(112, 112, None))
        """
        shapes = [
            [_check_shape(shape, f"{what}[{i}]") for i, shape in enumerate(group)]
            for group, what in (
                (weight_shapes, "weight_shapes"),
                (bias_shapes, "bias_shapes"),
            )
        ]
        if len(shapes[0]) != len(shapes[1]) or not shapes[0]:
            raise ConfigError(
                "from_shapes needs one weight shape and one bias shape (or None) per "
                f"layer, at least one layer; got {len(shapes[0])} weight shapes and "
                f"{len(shapes[1])} bias shapes."
            )
        layout = cls.__new__(cls)
        layout.sizes = None
        layout._shapes = tuple(zip(*shapes, strict=True))
        layout._layers, layout._weights, layout._biases = [], [], []
        offset = 0
        for weight_shape, bias_shape in layout._shapes:
            n_weights, n_bias = math.prod(weight_shape), math.prod(bias_shape)
            layout._weights.append(slice(offset, offset + n_weights))
            layout._biases.append(
                slice(offset + n_weights, offset + n_weights + n_bias)
            )
            layout._layers.append(slice(offset, offset + n_weights + n_bias))
            offset += n_weights + n_bias
        layout.size = offset
        return layout

    @property
    def n_layers(self) -> int:
        """Number of layers (Dense layers: ``len(sizes) - 1``)."""
        return len(self._layers)

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
        """``(n_in, n_out)`` of layer ``i`` (a layout from shapes: its weight
        shape)."""
        i = self._index(i)
        if self.sizes is None:
            return self._shapes[i][0]
        return (self.sizes[i], self.sizes[i + 1])

    def bias_shape(self, i) -> tuple:
        """``(n_out,)`` of layer ``i`` (a layout from shapes: its bias shape,
        ``(0,)`` for none)."""
        i = self._index(i)
        if self.sizes is None:
            return self._shapes[i][1]
        return (self.sizes[i + 1],)

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
                f"a parameter vector for {self._what()} has {self.size} "
                f"entries on its last axis; got an array of shape {vector.shape}. "
                "Is it from a network with other layer sizes?"
            )
        lead = vector.shape[:-1]
        return [
            (
                vector[..., w].reshape(*lead, *self.weights_shape(i)),
                vector[..., b].reshape(*lead, *self.bias_shape(i)),
            )
            for i, (w, b) in enumerate(zip(self._weights, self._biases, strict=True))
        ]

    def weight_mask(self) -> np.ndarray:
        """Bool array ``(size,)``: True at weights, False at biases."""
        mask = np.zeros(self.size, dtype=bool)
        for w in self._weights:
            mask[w] = True
        return mask

    def _what(self) -> str:
        if self.sizes is None:
            return f"{self.n_layers} layers of the shapes recorded"
        return f"sizes {list(self.sizes)}"

    def _key(self):
        return self.sizes if self.sizes is not None else self._shapes

    def __eq__(self, other) -> bool:
        return isinstance(other, ParameterLayout) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        if self.sizes is None:
            return f"ParameterLayout(shapes={list(self._shapes)}, size={self.size})"
        return f"ParameterLayout(sizes={list(self.sizes)}, size={self.size})"


def _check_shape(shape, what) -> tuple:
    """A weight or bias shape: a tuple of sizes >= 0 (None: no such array)."""
    if shape is None:
        return (0,)
    try:
        values = tuple(shape)
    except TypeError:
        raise ConfigError(
            f"{what} must be a shape such as (8, 4) or None; got {shape!r}."
        ) from None
    return tuple(integer(v, f"{what} (a shape {values!r})", minimum=0) for v in values)


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
