"""Shorthands that build networks: :func:`mlp` from layer sizes, :func:`load`
from a model file."""

from __future__ import annotations

from .activations import get_activation
from .errors import ConfigError
from .layers import Dense
from .losses import get_loss
from .network import Network
from .serialization import read_network
from .validation import check_list, positive_int


def mlp(
    sizes,
    activation="tanh",
    output=None,
    loss="mse",
    *,
    init=None,
    seed=None,
    dtype="float64",
    l1=0.0,
    l2=0.0,
    name=None,
) -> Network:
    """Build a multi-layer perceptron from its layer widths.

    Parameters
    ----------
    sizes : list of int
        ``[n_inputs, hidden..., n_outputs]``, e.g. ``[2, 8, 8, 1]``.
    activation : str or list of str
        Hidden activation(s): one name, or one per hidden layer.
    output : str, optional
        Output activation; default from the loss (``bce`` -> sigmoid,
        ``cross_entropy`` -> softmax, ``mse`` -> identity).
    loss, seed, dtype, l1, l2 :
        As for :class:`Network`.
    init : str, optional
        Initializer for every layer (default: per activation).

    Examples
    --------
    >>> import neuroglass as ng
    >>> net = ng.mlp([2, 8, 8, 1], activation="tanh", output="sigmoid", loss="bce",
    ...              seed=0)
    >>> net.sizes
    [2, 8, 8, 1]
    """
    sizes = check_list(
        sizes,
        "sizes",
        "a list of at least the input and output widths, e.g. [2, 8, 1]",
        min_length=2,
    )
    sizes = [positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    n_hidden = len(sizes) - 2
    if isinstance(activation, (list, tuple)):
        if len(activation) != n_hidden:
            raise ConfigError(
                f"activation lists {len(activation)} names but there are {n_hidden} "
                "hidden layers; give one name per hidden layer, or a single name."
            )
        hidden = list(activation)
    else:
        hidden = [activation] * n_hidden
    loss_fn = get_loss(loss)
    output = get_activation(loss_fn.default_output if output is None else output).name
    acts = [*hidden, output]
    layers = [
        Dense(n_in, n_out, act, init)
        for n_in, n_out, act in zip(sizes[:-1], sizes[1:], acts)
    ]
    return Network(
        layers, loss=loss_fn, seed=seed, dtype=dtype, l1=l1, l2=l2, name=name
    )


def load(path) -> Network:
    """Read a network written by :meth:`Network.save` (or ``ng.save``).

    Safe on untrusted files: see :mod:`neuroglass.engine.serialization` for
    what is checked before anything is read or allocated.

    Raises
    ------
    ModelFileError
        If the file is missing, truncated, corrupted, from another program,
        from a newer version of neuroglass, or declares anything that does not
        fit its config; the message names the file and the reason.
    """
    return read_network(path, Network.from_config)
