"""What the outputs mean: the output layer of a setup, its targets, its metrics.

The page's output choice (``tanh_mse``, ``sigmoid_bce``, ``softmax_ce``,
``linear_mse``) decides the network's last activation and loss, how labels become
targets and how an output is drawn on the [-1, 1] colour scale.
"""

from __future__ import annotations

import numpy as np

from ..datasets import features as playground_features
from ..engine.metrics import r2_score
from .wire import finite

#: the page's output choice -> (output activation, loss)
OUTPUT_LAYERS = {
    "tanh_mse": ("tanh", "mse"),
    "sigmoid_bce": ("sigmoid", "bce"),
    "softmax_ce": ("softmax", "cross_entropy"),
    "linear_mse": ("linear", "mse"),
}


def output_kind(config: dict, classes: int) -> str:
    """The output layer and loss for this setup: tanh_mse, sigmoid_bce, ..."""
    if classes > 2:
        return "softmax_ce"
    return config["output"]


def targets(kind: str, y: np.ndarray, classes: int, scale=None) -> np.ndarray:
    """Targets in the form the engine's loss takes for output ``kind``: class
    indices become one-hot rows (softmax), -1/+1 (tanh) or 0/1 (sigmoid), so
    two classes named anything (3 and 7, -1 and 1) fit the output's range;
    regression values are scaled by ``scale``, ``(center, half)``, when given
    (see :func:`neuroglass.playground.data.value_scale`)."""
    if kind == "softmax_ce":
        return np.eye(max(classes, 2))[y.astype(int)]
    if classes and kind == "tanh_mse":
        return (2.0 * y - 1.0).reshape(-1, 1)  # TF Playground's labels are +-1
    values = np.asarray(y, dtype=float)
    if not classes and scale is not None:
        center, half = scale
        values = (values - center) / half
    return values.reshape(-1, 1)


def parts(data, features: list, kind: str) -> dict:
    """``{"train": (inputs, T), "test": (inputs, T)}``: the network's inputs (the
    Playground features of each point) and targets for output ``kind``."""
    return {
        name: (
            playground_features(X, features),
            targets(kind, y, data.classes, data.target_scale),
        )
        for name, X, y in (
            ("train", data.X_train, data.y_train),
            ("test", data.X_test, data.y_test),
        )
    }


def shown_value(kind: str, output: np.ndarray) -> np.ndarray:
    """One output unit's value on the [-1, 1] colour scale (a scaled regression's
    output is already in the scaled units, which span it)."""
    if kind in ("sigmoid_bce", "softmax_ce"):
        return 2.0 * output - 1.0
    return output


def predicted_classes(kind: str, output: np.ndarray) -> np.ndarray:
    if kind == "softmax_ce":
        return output.argmax(axis=1)
    threshold = 0.5 if kind == "sigmoid_bce" else 0.0
    return (output[:, 0] > threshold).astype(int)


def metrics(net, kind, inputs, y, T, classes) -> dict:
    """Loss, accuracy, confusion matrix or R^2 on one part of the data."""
    if len(y) == 0 or len(inputs) == 0:
        return {"loss": None, "accuracy": None, "confusion": None, "r2": None}
    out = net.predict(inputs)
    result = {  # the data's loss; the L1/L2 penalty is not part of it
        "loss": finite(net.loss(inputs, T) - net.penalty()),
        "accuracy": None,
        "confusion": None,
        "r2": None,
    }
    if classes:
        pred = predicted_classes(kind, out)
        truth = y.astype(int)
        result["accuracy"] = float(np.mean(pred == truth))
        k = max(classes, 2)
        counts = np.bincount(truth * k + pred, minlength=k * k)
        result["confusion"] = counts.reshape(k, k).tolist()
    else:  # on the targets the network fits (R² is the same in the data's units)
        t = np.asarray(T, dtype=float)[:, :1]
        # no R² of targets that do not vary (the engine's r2_score says 0)
        result["r2"] = finite(r2_score(t, out[:, :1])) if np.ptp(t) > 0 else None
    return result
