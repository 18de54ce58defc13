"""What every neuron model of :mod:`neuroglass.brain` offers :func:`simulate`.

A model describes ``n`` neurons at once, one row per neuron: each parameter is a
number (shared by all) or an array of shape ``(n,)`` (one value per neuron). The
state is a dict of float64 arrays of shape ``(n,)`` (``"v"`` in mV, and the
model's other variables), advanced in place by :meth:`Neuron.step` over one time
step ``dt`` (ms) under an input current ``I`` of shape ``(n,)`` held constant over
the step. Time is in ms everywhere, rates in Hz.
"""

from __future__ import annotations

import copy
from typing import ClassVar

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import did_you_mean


class Neuron:
    """Base class of the neuron models (LIF, Izhikevich, HodgkinHuxley).

    Subclasses set the class attributes and implement :meth:`initial_state`,
    :meth:`step` and :meth:`parameters`; the base class gives the number of
    neurons the parameters imply, the scheme switch and the config.

    Examples
    --------
    >>> from neuroglass.brain import LIF
    >>> lif = LIF(tau_m=[10.0, 20.0])         # two neurons, tau_m in ms
    >>> lif.n, lif.state_names, lif.with_scheme("euler").scheme
    (2, ('v', 'refractory_steps'), 'euler')
    """

    #: the model's name, as shown in figure titles and stored with results
    name = "neuron"
    #: the state variables, "v" first, and their units
    state_units: ClassVar[dict] = {"v": "mV"}
    #: the integration schemes this model offers; the first is the default
    schemes: tuple = ("exact",)
    #: the time step (ms) used when simulate() is not given one
    default_dt = 0.1
    #: the unit of the input current I (e.g. "nA", "µA/cm²", "dimensionless")
    current_unit = ""

    scheme: str

    # -- to implement ---------------------------------------------------------
    def parameters(self) -> dict:
        """The model's parameters by name: floats, or arrays of shape (n,)."""
        raise NotImplementedError

    def initial_state(self, n: int) -> dict:
        """The state of ``n`` neurons at rest: ``{name: ndarray (n,)}``."""
        raise NotImplementedError

    def step(self, state: dict, current: np.ndarray, dt: float) -> np.ndarray:
        """Advance ``state`` in place by ``dt`` ms under ``current`` (n,).

        Returns the boolean mask (n,) of the neurons that spiked in this step
        (their spike time is the end of the step).
        """
        raise NotImplementedError

    def max_dt(self) -> float | None:
        """The largest stable time step (ms) of the current scheme, or None."""
        return None

    # -- shared ---------------------------------------------------------------
    @property
    def state_names(self) -> tuple:
        return tuple(self.state_units)

    @property
    def n(self) -> int:
        """How many neurons the parameters describe (1 when all are numbers)."""
        sizes = {np.size(v) for v in self.parameters().values() if np.ndim(v) == 1}
        if 0 in sizes:
            empty = next(k for k, v in self.parameters().items() if np.size(v) == 0)
            raise ConfigError(
                f"{self.name}: the per-neuron parameter {empty} is an empty array, "
                "which describes no neuron; give one value per neuron or a number."
            )
        if len(sizes) > 1:
            raise ConfigError(
                f"{self.name}: parameter arrays have different lengths "
                f"{sorted(sizes)}; give every per-neuron parameter one value per "
                "neuron (or a number)."
            )
        return sizes.pop() if sizes else 1

    def with_scheme(self, scheme: str) -> Neuron:
        """A copy of this model that integrates with ``scheme``."""
        if not isinstance(scheme, str) or scheme not in self.schemes:
            raise ConfigError(
                f"{self.name} has no integration scheme {scheme!r}; choose one of "
                f"{', '.join(map(repr, self.schemes))}."
                + did_you_mean(scheme, self.schemes)
            )
        other = copy.copy(self)
        other.scheme = scheme
        return other

    def check_dt(self, dt) -> float:
        """``dt`` as a float after checking it is a positive, stable step."""
        from ..engine.validation import finite_number

        dt = finite_number(dt, "dt (the time step, in ms)", low=0, low_open=True)
        limit = self.max_dt()
        if limit is not None and dt > limit:
            raise ConfigError(
                f"dt={dt:g} ms is too large for {self.name} with the {self.scheme!r} "
                f"scheme: it is unstable above {limit:g} ms. Use dt <= {limit:g}"
                + self._schemes_allowing(dt)
                + "."
            )
        return dt

    def _schemes_allowing(self, dt: float) -> str:
        """ ", or another scheme (...)" naming the schemes stable at ``dt``."""
        others = []
        for scheme in self.schemes:
            if scheme != self.scheme:
                limit = self.with_scheme(scheme).max_dt()
                if limit is None or dt <= limit:
                    others.append(scheme)
        return f", or another scheme ({', '.join(others)})" if others else ""

    def config(self) -> dict:
        """The model, its scheme and parameters, as JSON-ready values."""
        params = {
            k: (np.asarray(v).tolist() if np.ndim(v) else float(v))
            for k, v in self.parameters().items()
        }
        return {"model": self.name, "scheme": self.scheme, "parameters": params}

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{k}={v:g}" if np.ndim(v) == 0 else f"{k}=<{np.size(v)} values>"
            for k, v in self.parameters().items()
        )
        return f"{type(self).__name__}({shown}, scheme={self.scheme!r})"
