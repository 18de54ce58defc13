"""The rows of a fit's data a Recorder keeps.

The training sample stored in the run (``data_samples``: evenly spaced rows,
at most :data:`DATA_VALUES_LIMIT` numbers), so that viewers can draw the data;
and, for a classification trained with mse, the validation rows held for the
accuracy the engine does not report (at most :data:`VAL_ACCURACY_ROWS`).
"""

from __future__ import annotations

import numpy as np

from . import schema

#: the training sample a run keeps (``data_samples``) holds at most this many
#: numbers, inputs and targets together: 1,000 rows of 2-D data, fewer if wide
DATA_VALUES_LIMIT = 20_000
#: an mse classification's validation accuracy (which the engine does not
#: report) is computed on at most this many validation rows, evenly spaced
VAL_ACCURACY_ROWS = 10_000


def data_sample(fit, data_samples: int) -> list:
    """The blobs of the training sample a run keeps (``data_samples`` rows):
    ``data_rows`` (their row numbers), ``data_inputs``, ``data_targets``."""
    X, T = fit.X, fit.targets
    if X is None or T is None or not data_samples or not len(X):
        return []
    width = X.shape[1] + (T.shape[1] if T.ndim > 1 else 1)
    k = min(data_samples, len(X), max(1, DATA_VALUES_LIMIT // width))
    rows = np.unique(np.linspace(0, len(X) - 1, k).round().astype(np.int64))
    return [
        ("data_rows", schema.pack(rows)),
        ("data_inputs", schema.pack(np.asarray(X)[rows])),
        ("data_targets", schema.pack(np.asarray(T)[rows])),
    ]


def labelled_validation(fit, labels):
    """For a classification trained with mse on one output (two ``labels``,
    :func:`~neuroglass.recorder.diagnostics.overfitting.mse_labels`), whose
    accuracy the engine does not report: ``(inputs, truth, threshold)`` of
    at most :data:`VAL_ACCURACY_ROWS` validation rows, for the accuracy the
    overfitting rule weighs (see :func:`val_accuracy`); else None."""
    X, T = getattr(fit, "X_val", None), getattr(fit, "targets_val", None)
    if labels is None or X is None or T is None or not len(X):
        return None
    T = np.asarray(T).reshape(-1)
    if not np.all((T == labels[0]) | (T == labels[1])):
        return None  # validation values that are no labels: not a classification
    rows = slice(None)
    if len(X) > VAL_ACCURACY_ROWS:
        rows = np.linspace(0, len(X) - 1, VAL_ACCURACY_ROWS).round().astype(int)
    threshold = (labels[0] + labels[1]) / 2
    return np.array(X[rows]), T[rows] > threshold, threshold


def val_accuracy(net, info, val_labels):
    """The epoch's validation accuracy: the engine's, or for an mse
    classification (``val_labels`` from :func:`labelled_validation`) the
    fraction of validation rows whose output is on the side of the midpoint
    between the labels that their label is (0 for -1 and +1, as the
    playground's tanh output reads). One forward pass over at most
    :data:`VAL_ACCURACY_ROWS` rows."""
    if info.val_accuracy is not None or val_labels is None:
        return info.val_accuracy
    X, truth, threshold = val_labels
    return float(np.mean((net.predict(X)[:, 0] > threshold) == truth))
