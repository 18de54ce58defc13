"""The result of :func:`~neuroglass.brain.simulate`: times, recorded states, spikes.

A :class:`Trace` holds ``n`` neurons simulated together over ``n_steps`` steps
of ``dt`` ms: the times ``t`` (ms), one array per recorded state variable
(``trace.v`` in mV, ``trace.u``, ``trace.m`` ..., and ``trace.I``, the input
current in the model's unit, when ``record`` named ``"I"``), and the spikes. It saves to
and loads from ``.npz`` without pickle (the model's config as JSON).
"""

from __future__ import annotations

import json
import zipfile

import numpy as np

from ..engine.errors import ModelFileError
from ..engine.validation import check_path, finite_number

#: the format tag written into every saved trace
FORMAT = "neuroglass.brain.Trace"
FORMAT_VERSION = 1

__all__ = ["Trace"]


class Trace:
    """Times, recorded state variables and spikes of ``n`` simulated neurons.

    Parameters
    ----------
    t : ndarray of shape (n_steps + 1,)
        The times (ms) of the recorded states, ``t[0]`` the start.
    variables : dict of str -> ndarray of shape (n_steps + 1, n)
        The recorded state variables by name (``"v"`` in mV, ...; ``"I"`` the
        input current, ``I[k]`` held over the step from ``t[k]``, the last row
        repeating the last step's), one column per neuron; available as
        attributes (``trace.v``, ``trace.I``).
    spikes : ndarray of shape (k, 2)
        One row per spike: its time (ms; the end of the step in which the
        neuron crossed threshold) and the neuron's index (0 to n-1).
    n : int
        The number of neurons.
    dt : float
        The time step (ms).
    config : dict, optional
        The model, its scheme and parameters (``Neuron.config()``).
    units : dict of str -> str, optional
        The unit of each recorded variable (``{"v": "mV"}``).

    Attributes
    ----------
    spikes : ndarray of shape (k, 2)
        Rows sorted by time, then by neuron.
    spike_times : list of n ndarrays
        The spike times (ms) of each neuron, in order.
    duration : float
        ``t[-1] - t[0]`` (ms).

    Examples
    --------
    >>> from neuroglass.brain import LIF, simulate
    >>> trace = simulate(LIF(), 2.0, 100.0, record=("v", "I"))  # 2 nA, 100 ms
    >>> trace.t.shape, trace.v.shape, trace.recorded
    ((1001,), (1001, 1), ('v', 'I'))
    >>> trace.rate(0.0, 100.0), trace.spikes[0]       # Hz; (time ms, neuron)
    (array([240.]), array([2.1, 0. ]))
    """

    def __init__(self, t, variables, spikes, n, dt, config=None, units=None):
        self.t = np.asarray(t, dtype=np.float64)
        self.n = int(n)
        self.dt = float(dt)
        self.config = dict(config or {})
        self.units = dict(units or {})
        self._variables = {k: np.asarray(v) for k, v in variables.items()}
        spikes = np.asarray(spikes, dtype=np.float64).reshape(-1, 2)
        self.spikes = spikes[np.lexsort((spikes[:, 1], spikes[:, 0]))]
        self._spike_times = None

    # -- reading ---------------------------------------------------------------
    @property
    def recorded(self) -> tuple:
        """The names of the recorded state variables."""
        return tuple(self._variables)

    @property
    def duration(self) -> float:
        return float(self.t[-1] - self.t[0])

    @property
    def spike_times(self) -> list:
        if self._spike_times is None:
            index = self.spikes[:, 1].astype(np.int64)
            self._spike_times = [self.spikes[index == i, 0] for i in range(self.n)]
        return self._spike_times

    def __getitem__(self, name: str) -> np.ndarray:
        """The recorded variable ``name``, shape (n_steps + 1, n)."""
        variables = self.__dict__.get("_variables", {})
        if isinstance(name, str) and name in variables:
            return variables[name]
        recorded = ", ".join(map(repr, variables)) or "none"
        raise KeyError(
            f"this Trace has no variable {name!r}; recorded: {recorded}. Pass "
            f"record=({name!r},) (or record='all') to simulate() to record it."
        )

    def __getattr__(self, name):
        variables = self.__dict__.get("_variables", {})
        if name in variables:
            return variables[name]
        recorded = ", ".join(map(repr, variables)) or "none"
        raise AttributeError(
            f"this Trace has no {name!r}; recorded: {recorded}. Pass "
            f"record=({name!r},) (or record='all') to simulate() to record it."
        )

    def rate(self, t_start: float = 0.0, t_stop: float | None = None) -> np.ndarray:
        """The firing rate (Hz) of each neuron over ``(t_start, t_stop]`` (ms).

        A spike at time ``s`` happened in the step ending at ``s``, so a window
        counts the spikes with ``t_start < s <= t_stop``.

        Returns
        -------
        ndarray of shape (n,)
            Spike counts divided by the window's length in seconds.
        """
        start, stop = float(self.t[0]), float(self.t[-1])
        t_start = finite_number(t_start, "t_start (ms)", low=start, high=stop)
        t_stop = stop if t_stop is None else t_stop
        t_stop = finite_number(
            t_stop,
            "t_stop (ms)",
            low=t_start,
            high=stop,
            low_open=True,
            hint=f"The trace runs from {start:g} to {stop:g} ms.",
        )
        times, index = self.spikes[:, 0], self.spikes[:, 1].astype(np.int64)
        inside = (times > t_start) & (times <= t_stop)
        counts = np.bincount(index[inside], minlength=self.n)
        return counts / ((t_stop - t_start) / 1000.0)

    def __repr__(self) -> str:
        model = self.config.get("model", "?")
        scheme = self.config.get("scheme", "?")
        return (
            f"Trace({model}, scheme={scheme!r}, n={self.n}, "
            f"duration={self.duration:g} ms, "
            f"dt={self.dt:g} ms, recorded={list(self.recorded)}, "
            f"spikes={len(self.spikes)})"
        )

    # -- files -----------------------------------------------------------------
    def save(self, path) -> None:
        """Write the trace to ``path`` as a compressed ``.npz`` (no pickle).

        The file holds ``t``, ``spikes``, one ``var.<name>`` array per recorded
        variable and a JSON header (format, version, n, dt, config, units).
        The path is used as given (no ``.npz`` appended).
        """
        path = check_path(path, "trace path")
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "n": self.n,
            "dt": self.dt,
            "config": self.config,
            "units": self.units,
            "variables": list(self._variables),
        }
        arrays = {f"var.{k}": v for k, v in self._variables.items()}
        with open(path, "wb") as handle:
            np.savez_compressed(
                handle,
                header=np.array(json.dumps(header)),
                t=self.t,
                spikes=self.spikes,
                **arrays,
            )

    @classmethod
    def load(cls, path) -> Trace:
        """Read a trace written by :meth:`save`.

        Raises
        ------
        ModelFileError
            If the file is missing, truncated, corrupted, not a saved trace,
            from a newer neuroglass, or inconsistent (shapes that do not fit
            its header); the message names the file and the reason.
        """
        path = check_path(path, "trace path")
        try:
            with open(path, "rb") as handle:
                _check_magic(handle.read(8), path)
                handle.seek(0)
                archive = np.load(handle, allow_pickle=False)
                if not isinstance(archive, np.lib.npyio.NpzFile):
                    raise ModelFileError(
                        f"{path!r} holds one array, not a saved Trace."
                    )
                with archive:
                    return _read(archive, path)
        except ModelFileError:
            raise
        except FileNotFoundError:
            raise ModelFileError(f"no trace file at {path!r}.") from None
        except IsADirectoryError:
            raise ModelFileError(
                f"{path!r} is a directory; give the path of a file written by "
                "Trace.save."
            ) from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError) as exc:
            reason = str(exc)[:200]
            if "pickle" in reason.lower():
                raise ModelFileError(
                    f"{path!r} is not a saved Trace: it holds Python objects "
                    "(pickle), which are never loaded."
                ) from None
            raise ModelFileError(
                f"could not read {path!r} as a saved Trace: the file is truncated, "
                f"corrupted or not an .npz file ({type(exc).__name__}: {reason})."
            ) from None


#: how the files np.load could open begin: .npz (a zip) and .npy
_ZIP, _NPY = b"PK\x03\x04", b"\x93NUMPY"


def _check_magic(start: bytes, path: str) -> None:
    """Refuse a file that is neither .npz nor .npy by its first bytes (np.load
    would otherwise try it as a pickle, and say so), naming what it looks like."""
    if start.startswith((_ZIP, _NPY)):
        return
    if not start:
        kind = "it is empty"
    elif start[:1] == b"\x80":
        kind = "it is a Python pickle, which is never loaded"
    else:
        kind = f"it begins with {start!r}, not an .npz archive"
    raise ModelFileError(
        f"{path!r} is not a saved Trace: {kind}. Trace.load reads the .npz files "
        "written by Trace.save."
    )


def _read(archive, path: str) -> Trace:
    """The Trace in an open .npz archive, after checking every field."""

    def bad(reason: str):
        return ModelFileError(f"{path!r} is not a valid saved Trace: {reason}.")

    if "header" not in archive.files:
        raise bad("it has no header (was it written by Trace.save?)")
    header = archive["header"]
    if header.dtype.kind != "U" or header.ndim != 0:
        raise bad("its header is not a JSON string")
    try:
        header = json.loads(str(header))
    except ValueError:
        raise bad("its header is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise bad(f"its format is not {FORMAT!r}")
    if header.get("version") != FORMAT_VERSION:
        raise bad(
            f"it has version {header.get('version')!r}; this neuroglass reads "
            f"version {FORMAT_VERSION} (upgrade neuroglass to read newer files)"
        )
    n, dt, names = header.get("n"), header.get("dt"), header.get("variables")
    if not isinstance(n, int) or n < 1 or not isinstance(dt, (int, float)) or dt <= 0:
        raise bad(f"its header has n={n!r}, dt={dt!r}")
    if not isinstance(names, list) or not all(isinstance(k, str) for k in names):
        raise bad("its header does not list the recorded variables")
    missing = [
        k
        for k in ["t", "spikes"] + [f"var.{k}" for k in names]
        if k not in archive.files
    ]
    if missing:
        raise bad(f"it lacks the arrays {missing}")
    t, spikes = archive["t"], archive["spikes"]
    if t.ndim != 1 or t.size < 2 or t.dtype.kind != "f":
        raise bad(f"its times have shape {t.shape} and dtype {t.dtype}")
    if spikes.ndim != 2 or spikes.shape[1] != 2 or spikes.dtype.kind != "f":
        raise bad(f"its spikes have shape {spikes.shape}, not (k, 2)")
    index = spikes[:, 1]
    if spikes.size and (
        not np.isfinite(spikes).all()
        or index.min() < 0
        or index.max() >= n
        or not np.all(index == np.round(index))
    ):
        raise bad(f"its spikes name neurons outside 0..{n - 1} or hold NaN")
    variables = {}
    for name in names:
        array = archive[f"var.{name}"]
        if array.shape != (t.size, n):
            raise bad(f"variable {name!r} has shape {array.shape}, not {(t.size, n)}")
        variables[name] = array
    config, units = header.get("config", {}), header.get("units", {})
    if not isinstance(config, dict) or not isinstance(units, dict):
        raise bad("its config or units are not JSON objects")
    return Trace(t, variables, spikes, n, dt, config=config, units=units)
