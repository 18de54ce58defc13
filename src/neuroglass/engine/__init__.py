"""The compute engine: NumPy only, every intermediate quantity inspectable."""

from .activations import ACTIVATIONS, Activation, get_activation
from .builders import load, mlp
from .callbacks import Callback, EarlyStopping, EpochInfo, FitInfo, History, StepInfo
from .errors import (
    ConfigError,
    DataError,
    ModelFileError,
    NeuroglassError,
    ShapeError,
    TrainingDiverged,
)
from .gradcheck import check_gradients
from .initializers import INITIALIZERS
from .layers import Dense
from .layout import ParameterLayout
from .losses import LOSSES, Loss, get_loss
from .metrics import r2_score
from .network import Network
from .optimizers import OPTIMIZERS, SGD, Adam, Momentum, Optimizer, RMSProp
from .schedules import (
    SCHEDULES,
    CosineDecay,
    ExponentialDecay,
    Schedule,
    StepDecay,
)
from .serialization import save
from .training import Trainer

__all__ = [
    "ACTIVATIONS",
    "INITIALIZERS",
    "LOSSES",
    "OPTIMIZERS",
    "SCHEDULES",
    "SGD",
    "Activation",
    "Adam",
    "Callback",
    "ConfigError",
    "CosineDecay",
    "DataError",
    "Dense",
    "EarlyStopping",
    "EpochInfo",
    "ExponentialDecay",
    "FitInfo",
    "History",
    "Loss",
    "ModelFileError",
    "Momentum",
    "Network",
    "NeuroglassError",
    "Optimizer",
    "ParameterLayout",
    "RMSProp",
    "Schedule",
    "ShapeError",
    "StepDecay",
    "StepInfo",
    "Trainer",
    "TrainingDiverged",
    "check_gradients",
    "get_activation",
    "get_loss",
    "load",
    "mlp",
    "r2_score",
    "save",
]
