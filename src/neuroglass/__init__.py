"""neuroglass: neural networks you can see through.

>>> import neuroglass as ng
>>> X, y = ng.datasets.circle(n=200, seed=0)
>>> net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
>>> history = net.fit(X, y, epochs=5, batch_size=10, lr=0.1)
"""

import sys as _sys

from . import datasets, engine, recorder
from ._version import __version__
from .engine import *  # noqa: F403 - the engine's public names are the package's
from .engine import __all__ as _engine_all
from .recorder import (
    Diagnostic,
    Recorder,
    RecorderError,
    Run,
    RunFileError,
    list_runs,
    open_run,
)
from .recorder.resume import Resume
from .views.lang import get_lang, language, set_lang

if "IPython" in _sys.modules:  # in a notebook: show Networks and Runs richly
    from .views import notebook as _notebook

    _notebook.register()

# imported on first use, so that `import neuroglass` loads neither scikit-learn,
# matplotlib nor tqdm
_LAZY = {
    "plot": ("neuroglass.views.figures", None),
    "brain": ("neuroglass.brain", None),
    "explain": ("neuroglass.views.explain", None),
    "animate": ("neuroglass.views.animate", "animate"),
    "estimators": ("neuroglass.estimators", None),
    "MLPClassifier": ("neuroglass.estimators", "MLPClassifier"),
    "MLPRegressor": ("neuroglass.estimators", "MLPRegressor"),
    "ProgressBar": ("neuroglass.views.progress", "ProgressBar"),
    # needs PyTorch; not in __all__, so `from neuroglass import *` never imports it
    "from_torch": ("neuroglass.torch.convert", "from_torch"),
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        module_name, attribute = _LAZY[name]
        module = importlib.import_module(module_name)
        return module if attribute is None else getattr(module, attribute)
    raise AttributeError(f"module 'neuroglass' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    *_engine_all,
    "animate",
    "brain",
    "MLPClassifier",
    "MLPRegressor",
    "Diagnostic",
    "ProgressBar",
    "Recorder",
    "RecorderError",
    "Resume",
    "get_lang",
    "language",
    "set_lang",
    "Run",
    "RunFileError",
    "list_runs",
    "open_run",
    "recorder",
    "__version__",
    "datasets",
    "engine",
    "estimators",
    "explain",
    "plot",
]
