"""Copying a snapshot out of a network: the rows a Recorder stores and the
summary the health rules read.

:class:`Capture` is laid out once per fit (where each layer's weights sit in
the flat parameter vector, which probe columns each per-unit statistic looks
at) so that a snapshot costs few NumPy calls: norms of weights, gradients and
updates per layer, the probe batch's activations, per-unit statistics (mean,
fraction active, fraction saturated) and the dead and saturated fractions per
layer. Small networks store full arrays; larger ones statistics and histograms.
"""

from __future__ import annotations

import math

import numpy as np

from ..engine.validation import check_inputs
from . import schema
from .diagnostics import SnapshotSummary
from .rows import resume_state
from .stats import UnitStats, summarize
from .store import insert_layer_stats, insert_snapshot

RAW_ACTIVATIONS_LIMIT = 300_000  # probe samples x units, stored as float32


def _ratio(grad_squares, weight_squares):
    """||dW|| / ||W|| from sums of squares (None when the weights are 0)."""
    return math.sqrt(grad_squares / weight_squares) if weight_squares > 0 else None


class Capture:
    """What each snapshot of one fit copies out of ``net``.

    Parameters
    ----------
    net : Network
    probe : array-like (n_samples, n_inputs)
        The batch whose activations are recorded; checked and copied here.
    full_arrays_limit : int
        At most this many parameters: full arrays at each snapshot.
    histogram_bins : int
    """

    def __init__(self, net, probe, *, full_arrays_limit, histogram_bins):
        self.histogram_bins = histogram_bins
        self.full = net.n_params <= full_arrays_limit
        self.probe = np.array(check_inputs(probe, net.n_inputs, net.dtype, "probe"))
        units = sum(layer.n_out for layer in net.layers)
        self.raw = self.full and units * len(self.probe) <= RAW_ACTIVATIONS_LIMIT
        layout = net.layout
        self._layout = layout
        # where each layer's weights and bias start in the flat vectors
        self._segments = np.array(
            [
                s.start
                for i in range(layout.n_layers)
                for s in (layout.layer(i), layout.bias(i))
            ]
        )
        self._weight_sizes = np.sqrt(
            [layer.n_in * layer.n_out for layer in net.layers]
        ).tolist()
        self._layer_names = [layer.name for layer in net.layers]
        names = [layer.activation_name for layer in net.layers]
        self._unit_stats = UnitStats(names, [layer.n_out for layer in net.layers])
        self._activation_names = names
        #: about how many bytes a snapshot adds to the run file
        self.bytes_per_snapshot = (
            (3 * net.n_params * net.dtype.itemsize if self.full else 0)
            + (4 * units * len(self.probe) if self.raw else 0)
            + 40 * len(net.layers) * (histogram_bins + 30) * 8
        )

    def snapshot(self, net, epoch, step):
        """(writes, SnapshotSummary) of ``net`` after ``epoch``, at ``step``."""
        layers = net.layers
        stacked, squares = self._squares(layers, net.dtype)
        # squares: (3, 2 * n_layers), rows params/grads/updates, columns W1, b1, ...
        norms = np.sqrt(squares.reshape(3, -1, 2).transpose(1, 0, 2).reshape(-1, 6))
        # norms[i] = |W|, |b|, |dW|, |db|, |update W|, |update b| of layer i
        activations = []
        h = self.probe
        for layer in layers:
            h = layer.forward(h, store=False)
            activations.append(h)
        # all layers' probe activations, a row per unit: (total units, n_probe)
        by_unit = np.concatenate([a.T for a in activations])
        units, _, _, dead, saturated = self._unit_stats.measure(by_unit)
        # the snapshot row: epoch, step, vectors, norms, units, activations,
        # resume state, optimizer state (the arrays only for small networks)
        snap_row = (epoch, step, None, schema.pack(norms), schema.pack(units))
        rows = []
        if self.full:
            # all layers' probe activations side by side: (n_probe, total units)
            raw = (
                schema.pack(by_unit.T.astype(np.float32, order="C"))
                if self.raw
                else None
            )
            state, optimizer_state = resume_state(net)
            snap_row = (epoch, step, schema.pack(stacked), *snap_row[3:])
            snap_row += (raw, state, optimizer_state)
        else:
            snap_row += (None, None, None)
            stat_rows = self._layer_stat_rows(epoch, layers, activations)
            rows.append(insert_layer_stats(stat_rows))
        rows.append(insert_snapshot(snap_row))
        summary = snapshot_summary(
            epoch,
            step,
            names=self._layer_names,
            activations=self._activation_names,
            norms=norms,
            squares=squares,
            weight_sizes=self._weight_sizes,
            dead=dead,
            saturated=saturated,
        )
        return rows, summary

    def _squares(self, layers, dtype):
        """(stacked, squares): the (3, n_params) parameter, gradient and update
        vectors (small networks; None for large ones, which store no arrays)
        and their sums of squares per layer's weights and bias (3, 2 * n_layers)."""
        if self.full:  # small: stack once, for the sums and for storing
            stacked = self._stacked(layers, dtype)
            return stacked, np.add.reduceat(np.square(stacked), self._segments, axis=1)
        squares = np.stack(
            [
                np.add.reduceat(
                    np.concatenate([np.square(a).ravel() for a in arrays]),
                    self._segments,
                )
                for arrays in _vectors(layers)
            ]
        )
        return None, squares

    def _stacked(self, layers, dtype):
        """(3, n_params): the parameters, gradients and last updates as flat
        vectors, copied from the layers' public arrays in the layout's order
        (one concatenation: a snapshot's cost is mostly per NumPy call)."""
        arrays = [a.ravel() for vector in _vectors(layers) for a in vector]
        return np.concatenate(arrays).reshape(3, self._layout.size)

    def _layer_stat_rows(self, epoch, layers, activations) -> list:
        """Statistics and histograms of each layer's arrays (large networks,
        which store no full arrays): a ``layer_stats`` row per quantity."""
        stat_rows = []
        for i, (layer, a) in enumerate(zip(layers, activations)):
            arrays = {
                "weights": layer.weights,
                "bias": layer.bias,
                "grad_weights": layer.grad_weights,
                "grad_bias": layer.grad_bias,
                "update_weights": layer.update_weights,
                "update_bias": layer.update_bias,
                "activation": a,
            }
            for quantity, values in arrays.items():
                s = summarize(values, self.histogram_bins)
                stat_rows.append(stat_row(epoch, i, quantity, s))
        return stat_rows


def stat_row(epoch, layer, quantity, s) -> tuple:
    """A ``layer_stats`` row from a :func:`~.stats.summarize` dict ``s``."""
    return (
        epoch,
        layer,
        quantity,
        s["size"],
        s["norm"],
        s["mean"],
        s["std"],
        s["min"],
        s["max"],
        schema.pack(s["bands"]),
        schema.pack(s["hist"]),
        schema.pack(s["edges"]),
    )


def snapshot_summary(
    epoch, step, *, names, activations, norms, squares, weight_sizes, dead, saturated
) -> SnapshotSummary:
    """What the health rules read from a snapshot taken after ``epoch`` at
    step count ``step``: ``norms`` (n_layers, 6) as stored, ``squares`` (3,
    2 * n_layers) the sums of squares behind them, ``weight_sizes`` the square
    roots of the layers' weight counts, ``dead`` and ``saturated`` the
    per-layer fractions (None where they do not apply)."""
    per_layer = norms.tolist()  # plain floats: cheaper than NumPy scalars here
    return SnapshotSummary(
        epoch=epoch,
        step=step - 1,
        layer_names=names,
        activations=activations,
        grad_rms=[
            n[2] / size if size > 0 else 0.0 for n, size in zip(per_layer, weight_sizes)
        ],
        update_ratio=[n[4] / n[0] if n[0] > 0 else math.inf for n in per_layer],
        grad_norm=math.sqrt(squares[1].sum()),
        dead_fraction=dead,
        saturated_fraction=saturated,
        grad_to_weight=_ratio(squares[1, 0::2].sum(), squares[0, 0::2].sum()),
    )


def _vectors(layers):
    """Per flat vector (parameters, gradients, updates), its arrays in the
    layout's order: W_1, b_1, W_2, b_2, ..."""
    return [
        [getattr(layer, name) for layer in layers for name in names]
        for names in (
            ("weights", "bias"),
            ("grad_weights", "grad_bias"),
            ("update_weights", "update_bias"),
        )
    ]
