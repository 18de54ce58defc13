"""``MLPClassifier`` and ``MLPRegressor``: scikit-learn's API, neuroglass inside."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import column_or_1d

from .base import _BaseMLP


class MLPClassifier(ClassifierMixin, _BaseMLP):
    """Multi-layer perceptron classifier (scikit-learn's API, neuroglass inside).

    Two classes use one sigmoid output and binary cross-entropy; more classes a
    softmax output and categorical cross-entropy; a 0/1 indicator matrix ``y``
    (multi-label) one sigmoid output per label. ``loss="cross_entropy"`` forces
    a softmax output even for two classes.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from neuroglass import MLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MLPClassifier((16,), max_iter=300, random_state=0).fit(X, y)
    >>> clf.network_.sizes
    [4, 16, 3]
    """

    _parameter_constraints: ClassVar[dict] = {
        **_BaseMLP._parameter_constraints,
        "loss": [StrOptions({"auto", "bce", "cross_entropy"}), None],
    }
    _is_classifier = True

    def _is_multiclass_1d(self, y):
        return np.asarray(y).ndim == 1

    def _prepare_targets(self, y, first, incremental):
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)  # a column of labels, not multi-label
        check_classification_targets(y)
        kind = type_of_target(y)
        if first:
            self._learn_classes(y, kind, incremental)
        elif kind == "multilabel-indicator" and not self._multilabel:
            raise ValueError("y is multi-label but the model was fitted on labels.")
        if self._multilabel:
            if y.shape[1] != len(self.classes_):
                raise ValueError(
                    f"y has {y.shape[1]} label columns; the model was fitted with "
                    f"{len(self.classes_)}."
                )
            return y.astype(self.dtype)
        unseen = np.setdiff1d(np.unique(y), self.classes_)
        if unseen.size:
            raise ValueError(
                f"y contains classes not seen before: {unseen.tolist()}. Known "
                f"classes: {self.classes_.tolist()}; pass all of them as classes= "
                "on the first partial_fit."
            )
        indices = np.searchsorted(self.classes_, y)
        if self._engine_loss == "bce":
            return indices.astype(self.dtype)
        return indices

    def _learn_classes(self, y, kind, incremental):
        """The first fit: the classes, and the engine's loss and outputs for them
        (bce for two classes or multi-label y, cross-entropy for more)."""
        classes = getattr(self, "_partial_classes", None)
        multilabel = kind == "multilabel-indicator"
        if not multilabel and incremental and classes is None:
            raise ValueError(
                "classes must be passed on the first call to partial_fit, "
                "e.g. partial_fit(X, y, classes=np.unique(y_all))."
            )
        fit_on = classes if classes is not None and not multilabel else y
        self._binarizer = LabelBinarizer().fit(fit_on)
        self.classes_ = self._binarizer.classes_
        self._multilabel = multilabel
        n_classes = len(self.classes_)
        loss = self.loss or "auto"
        if multilabel:
            if loss == "cross_entropy":
                raise ValueError(
                    "loss='cross_entropy' is for one label per sample; this y is "
                    "a multi-label indicator matrix. Use loss='bce' (the default)."
                )
            self._engine_loss, self._n_network_outputs = "bce", n_classes
        elif n_classes <= 2 and loss != "cross_entropy":
            self._engine_loss, self._n_network_outputs = "bce", 1
        else:
            if loss == "bce":
                raise ValueError(
                    f"loss='bce' needs two classes (or multi-label y); this y has "
                    f"{n_classes}. Use loss='cross_entropy' (the default)."
                )
            self._engine_loss = "cross_entropy"
            self._n_network_outputs = max(n_classes, 2)
        self._engine_output = self.output_activation

    def fit(self, X, y):
        """Fit to ``X`` (n_samples, n_features) and labels ``y``; returns self."""
        self._partial_classes = None
        return self._fit(X, y, incremental=False)

    def partial_fit(self, X, y, classes=None):
        """One epoch over ``(X, y)``; pass every class as ``classes`` the first time."""
        if not hasattr(self, "network_"):
            self._partial_classes = None if classes is None else np.asarray(classes)
        return self._fit(X, y, incremental=True)

    def _score_network(self, X, targets):
        return self.network_.evaluate(X, targets)["accuracy"]

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes)."""
        out = self._predict_network(X)
        if self._multilabel:
            return out
        if self._engine_loss == "bce" and out.shape[1] == 1:
            return np.hstack([1 - out, out])
        return out

    def predict_log_proba(self, X):
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """Predicted class labels, shape (n_samples,) (or the indicator matrix)."""
        out = self._predict_network(X)
        if self._multilabel:
            return (out > 0.5).astype(int)
        if out.shape[1] == 1:
            indices = (out[:, 0] > 0.5).astype(int)
        else:
            indices = out.argmax(axis=1)
        return self.classes_[indices]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class MLPRegressor(RegressorMixin, _BaseMLP):
    """Multi-layer perceptron regressor (scikit-learn's API, neuroglass inside).

    Mean squared error with a linear output by default (``output_activation``
    may be any activation, e.g. ``"tanh"`` for targets in [-1, 1]); ``y`` may
    have several columns.

    Examples
    --------
    >>> import numpy as np
    >>> from neuroglass import MLPRegressor
    >>> X = np.linspace(-1, 1, 50).reshape(-1, 1)
    >>> reg = MLPRegressor((8,), max_iter=20, random_state=0).fit(X, X[:, 0] ** 2)
    >>> reg.predict(X).shape
    (50,)
    """

    _parameter_constraints: ClassVar[dict] = {
        **_BaseMLP._parameter_constraints,
        "loss": [StrOptions({"mse", "squared_error"}), None],
    }
    _is_classifier = False

    def _prepare_targets(self, y, first, incremental):
        y = np.asarray(y, dtype=self.dtype)
        y2 = y.reshape(-1, 1) if y.ndim == 1 else y
        if first:
            self._y_1d = y.ndim == 1
            self._engine_loss, self._n_network_outputs = "mse", y2.shape[1]
            self._engine_output = self.output_activation or "identity"
        elif y2.shape[1] != self.network_.n_outputs:
            raise ValueError(
                f"y has {y2.shape[1]} target columns; the model was fitted with "
                f"{self.network_.n_outputs}."
            )
        return y2

    def partial_fit(self, X, y):
        """One epoch over ``(X, y)``, continuing from the current weights."""
        return self._fit(X, y, incremental=True)

    def _score_network(self, X, targets):
        return self.network_.evaluate(X, targets)["r2"]

    def predict(self, X):
        """Predicted values, shape (n_samples,) or (n_samples, n_outputs)."""
        out = self._predict_network(X)
        return out[:, 0] if self._y_1d and out.shape[1] == 1 else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        return tags


__all__ = ["MLPClassifier", "MLPRegressor"]
