"""scikit-learn compatible estimators: change one import, keep your pipeline."""

from .mlp import MLPClassifier, MLPRegressor

__all__ = ["MLPClassifier", "MLPRegressor"]
