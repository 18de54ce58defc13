"""``neuroglass brain ...``: spiking neurons from the command line.

``simulate MODEL`` runs one neuron (``lif``, ``izhikevich PRESET`` or ``hh``) under
a constant or step current and prints its spikes; ``fi MODEL`` sweeps constant
currents and prints the f-I table; ``network`` runs Izhikevich's ``net.m``
network and prints its rates; ``presets`` lists the Izhikevich presets.
``--plot PATH`` draws the figure of :mod:`neuroglass.views.figures.brain`.
Every number is checked here (``args.py``) or by the library before any work.
"""

from __future__ import annotations

import argparse
import time

from ..brain import (
    LIF,
    PRESETS,
    HodgkinHuxley,
    Izhikevich,
    fi_curve,
    izhikevich_network,
    simulate,
    step_current,
)
from .args import SEED, integer, number

MODELS = {
    "lif": "leaky integrate-and-fire (current in nA)",
    "izhikevich": "Izhikevich 2003, a preset (current dimensionless)",
    "hh": "Hodgkin-Huxley squid axon (current in uA/cm2)",
}
#: the default constant current of each model (its own unit): a few spikes
DEFAULT_CURRENT = {"lif": 0.5, "izhikevich": 10.0, "hh": 10.0}
#: (from, to) of the f-I sweep by default
DEFAULT_SWEEP = {"lif": (0.0, 1.0), "izhikevich": (0.0, 20.0), "hh": (0.0, 50.0)}
PRESET_NAMES = {
    "RS": "regular spiking (excitatory cortex)",
    "IB": "intrinsically bursting",
    "CH": "chattering (fast rhythmic bursts)",
    "FS": "fast spiking (inhibitory interneuron)",
    "TC": "thalamo-cortical",
    "RZ": "resonator",
    "LTS": "low-threshold spiking",
}
#: the most time steps one command simulates (a typo would run for hours)
MAX_STEPS = 10_000_000
MAX_DURATION = 1_000_000.0  # ms
MAX_CURRENT = 1e6
MAX_NEURONS = 100_000
SHOWN_SPIKES = 10

DURATION = number("--duration", 0, MAX_DURATION, low_open=True, hint=" In ms.")
DT = number("--dt", 0, 10, low_open=True, hint=" In ms, e.g. --dt 0.1.")
BOUND = number("--from/--to", -MAX_CURRENT, MAX_CURRENT)


def preset(text: str) -> str:
    """An Izhikevich preset name, any case; an unknown one lists the valid ones."""
    key = text.strip().upper()
    if key not in PRESETS:
        raise argparse.ArgumentTypeError(
            f"unknown Izhikevich preset {text!r}; choose one of {', '.join(PRESETS)} "
            "(see 'neuroglass brain presets')."
        )
    return key


def current(text: str):
    """``--current``: a constant ``A``, or a step ``A:start:stop`` (ms)."""
    parts = text.split(":")
    if len(parts) not in (1, 3):
        raise argparse.ArgumentTypeError(
            f"takes a number (constant) or AMPLITUDE:START:STOP (a step, times in "
            f"ms), e.g. 10 or 10:20:180; got {text!r}."
        )
    amplitude = number("--current", -MAX_CURRENT, MAX_CURRENT)(parts[0])
    if len(parts) == 1:
        return amplitude
    start, stop = (number("--current", 0, MAX_DURATION)(p) for p in parts[1:])
    if stop <= start:
        raise argparse.ArgumentTypeError(
            f"the step {text!r} stops at {stop:g} ms, not after its start "
            f"{start:g} ms; write AMPLITUDE:START:STOP with START < STOP."
        )
    return step_current(amplitude, start, stop)


def add_parser(sub) -> None:
    brain = sub.add_parser(
        "brain",
        help="simulate spiking neurons: a model, an f-I curve, a network, presets",
        description="Spiking neurons: simulate a model, sweep its f-I curve, run "
        "Izhikevich's network, list the presets. Times in ms.",
    )
    commands = brain.add_subparsers(dest="brain_command", metavar="SUBCOMMAND")
    commands.required = True
    _simulate_parser(commands)
    _fi_parser(commands)
    _network_parser(commands)
    commands.add_parser("presets", help="the Izhikevich presets and their a, b, c, d")


def _model_arguments(parser) -> None:
    parser.add_argument("model", choices=list(MODELS), help=", ".join(MODELS))
    parser.add_argument(
        "preset",
        nargs="?",
        type=preset,
        help=f"for izhikevich: {', '.join(PRESETS)} (default: RS)",
    )
    parser.add_argument("--dt", type=DT, help="time step (ms; default: the model's)")
    parser.add_argument(
        "--scheme",
        help="integration scheme (lif: exact, euler; izhikevich: published, "
        "sequential, euler, rk4; hh: rk4, exp_euler, euler)",
    )
    parser.add_argument("--plot", metavar="PATH", help="save the figure (.png, .svg)")


def _simulate_parser(commands) -> None:
    parser = commands.add_parser(
        "simulate",
        help="one neuron under a current: its spikes, rate and membrane trace",
        description="Simulate one neuron and print its spike count, rate and "
        "first spike times.",
    )
    _model_arguments(parser)
    parser.add_argument(
        "--current",
        type=current,
        help="a constant (e.g. 10) or a step AMPLITUDE:START:STOP in ms (e.g. "
        "10:20:180), in the model's unit (default: lif 0.5 nA, izhikevich 10, "
        "hh 10 uA/cm2)",
    )
    parser.add_argument(
        "--duration", type=DURATION, default=200.0, help="ms (default: 200)"
    )


def _fi_parser(commands) -> None:
    parser = commands.add_parser(
        "fi",
        help="the f-I curve: firing rate against constant current",
        description="Sweep constant currents (one neuron each, simulated "
        "together) and print the firing rate of each.",
    )
    _model_arguments(parser)
    parser.add_argument("--from", dest="low", type=BOUND, help="first current")
    parser.add_argument("--to", dest="high", type=BOUND, help="last current")
    parser.add_argument(
        "--steps",
        type=integer("--steps", 3, 10_000),
        default=11,
        help="number of currents (default: 11)",
    )
    parser.add_argument(
        "--duration", type=DURATION, default=1000.0, help="ms (default: 1000)"
    )


def _network_parser(commands) -> None:
    parser = commands.add_parser(
        "network",
        help="Izhikevich's random network (net.m): rates and raster",
        description="Run Izhikevich's 2003 network of excitatory and inhibitory "
        "neurons (1 ms steps) and print their rates.",
    )
    parser.add_argument(
        "--n-excitatory", type=integer("--n-excitatory", 0, MAX_NEURONS), default=800
    )
    parser.add_argument(
        "--n-inhibitory", type=integer("--n-inhibitory", 0, MAX_NEURONS), default=200
    )
    parser.add_argument(
        "--duration",
        type=integer("--duration", 1, 100_000, hint=" Whole ms."),
        default=1000,
        help="whole ms (default: 1000)",
    )
    parser.add_argument("--seed", type=SEED, default=0)
    parser.add_argument(
        "--sparse",
        action="store_true",
        default=None,
        help="sparse weights (1000 inputs per neuron; default: above 2000 neurons)",
    )
    parser.add_argument("--plot", metavar="PATH", help="save the raster (.png, .svg)")


# -- running ------------------------------------------------------------------------
def run(args) -> int:
    commands = {
        "simulate": _simulate,
        "fi": _fi,
        "network": _network,
        "presets": _presets,
    }
    return commands[args.brain_command](args)


def _neuron(args):
    """The model the arguments name, with its scheme, and dt checked."""
    if args.model != "izhikevich" and args.preset is not None:
        raise ValueError(
            f"{args.preset!r}: presets are for izhikevich; {args.model} takes none."
        )
    if args.model == "lif":
        neuron = LIF()
    elif args.model == "hh":
        neuron = HodgkinHuxley()
    else:
        neuron = Izhikevich.preset(args.preset or "RS")
    if args.scheme is not None:
        neuron = neuron.with_scheme(args.scheme)
    dt = neuron.check_dt(neuron.default_dt if args.dt is None else args.dt)
    return neuron, dt


def _check_steps(duration: float, dt: float, n: int = 1) -> None:
    if duration / dt * n > MAX_STEPS:
        raise ValueError(
            f"--duration {duration:g} ms at --dt {dt:g} ms is {duration / dt:,.0f} "
            f"steps{f' x {n} neurons' if n > 1 else ''}; the command line runs at "
            f"most {MAX_STEPS:,}. Shorten --duration or raise --dt."
        )


def _title(neuron, args) -> str:
    name = {"lif": "LIF", "hh": "Hodgkin-Huxley"}.get(args.model)
    name = name or f"Izhikevich {args.preset or 'RS'}"
    return f"{name} ({neuron.scheme} scheme)"


def _simulate(args) -> int:
    neuron, dt = _neuron(args)
    _check_steps(args.duration, dt)
    source = DEFAULT_CURRENT[args.model] if args.current is None else args.current
    _check_output(args.plot)
    trace = simulate(neuron, source, args.duration, dt=dt, record=("v", "I"))
    unit = neuron.current_unit
    unit = f"({unit})" if unit == "dimensionless" else unit
    shown = f"{source:g} {unit}" if isinstance(source, float) else f"{source!r} {unit}"
    times = trace.spike_times[0]
    print(f"{_title(neuron, args)}, dt = {dt:g} ms, {args.duration:g} ms")
    print(f"input current: {shown}")
    print(f"spikes: {times.size}, rate {float(trace.rate()[0]):.2f} Hz")
    if isinstance(source, float) and args.model == "lif":
        print(f"closed form (continuous time): {float(neuron.rate(source)):.2f} Hz")
    if times.size:
        first = ", ".join(f"{t:g}" for t in times[:SHOWN_SPIKES])
        more = " ..." if times.size > SHOWN_SPIKES else ""
        print(f"first spike times (ms): {first}{more}")
    if args.plot:
        from ..views.figures.brain import plot_membrane

        title = f"{_title(neuron, args)}, dt = {dt:g} ms"
        _save(plot_membrane(trace, title=title), args.plot)
    return 0


def _fi(args) -> int:
    import numpy as np

    neuron, dt = _neuron(args)
    low, high = DEFAULT_SWEEP[args.model]
    low = low if args.low is None else args.low
    high = high if args.high is None else args.high
    if high <= low:
        raise ValueError(
            f"--from {low:g} --to {high:g}: the sweep must rise; give --to above "
            "--from."
        )
    _check_steps(args.duration, dt, args.steps)
    _check_output(args.plot)
    currents = np.linspace(low, high, args.steps)
    if args.plot:
        from ..views.figures.brain_fi import fi_curve_data

        data = fi_curve_data(neuron, currents, duration=args.duration, dt=dt)
        rates = data["rate"]
    else:
        rates = fi_curve(neuron, currents, duration=args.duration, dt=dt)
    closed = neuron.rate(currents) if args.model == "lif" else None
    print(f"f-I curve of {_title(neuron, args)}, dt = {dt:g} ms, {args.duration:g} ms")
    label = f"current ({neuron.current_unit})"
    width = max(18, len(label))
    header = f"{label:>{width}}  {'rate (Hz)':>10}"
    print(header + ("  closed form (Hz)" if closed is not None else ""))
    for i, (value, rate) in enumerate(zip(currents, rates, strict=True)):
        row = f"{value:>{width}.4g}  {rate:>10.2f}"
        print(row + (f"  {closed[i]:>16.2f}" if closed is not None else ""))
    if args.plot:
        from ..views.figures.brain_fi import plot_fi_curve

        title = f"f-I curve of {_title(neuron, args)} and ANN activations"
        _save(plot_fi_curve(data, title=title), args.plot)
    return 0


def _network(args) -> int:
    if args.n_excitatory + args.n_inhibitory == 0:
        raise ValueError(
            "--n-excitatory 0 --n-inhibitory 0: the network needs at least one neuron."
        )
    _check_steps(args.duration, 1.0, args.n_excitatory + args.n_inhibitory)
    _check_output(args.plot)
    start = time.perf_counter()
    result = izhikevich_network(
        n_excitatory=args.n_excitatory,
        n_inhibitory=args.n_inhibitory,
        duration=float(args.duration),
        seed=args.seed,
        sparse=args.sparse,
    )
    elapsed = time.perf_counter() - start
    rates, ne = result.rate(), result.n_excitatory
    kind = "sparse" if result.config["sparse"] else "dense"
    print(
        f"Izhikevich network: {ne} excitatory + {result.n_inhibitory} inhibitory "
        f"neurons, {kind} weights, seed {args.seed}, {args.duration} ms "
        f"in {elapsed:.2f} s"
    )
    print(f"spikes: {len(result.firings)}, mean rate {rates.mean():.2f} Hz")
    for label, part in (("excitatory", rates[:ne]), ("inhibitory", rates[ne:])):
        if part.size:
            print(
                f"  {label}: mean {part.mean():.2f} Hz, "
                f"min {part.min():.2f}, max {part.max():.2f}"
            )
    if args.plot:
        from ..views.figures.brain import plot_raster

        _save(plot_raster(result), args.plot)
    return 0


def _presets(args) -> int:
    print(f"{'name':<5} {'a':>6} {'b':>6} {'c (mV)':>7} {'d':>6}  pattern")
    for name, (a, b, c, d) in PRESETS.items():
        label = PRESET_NAMES.get(name, "")
        print(f"{name:<5} {a:>6g} {b:>6g} {c:>7g} {d:>6g}  {label}")
    print("Izhikevich 2003, Fig. 2; v and c in mV, I, u and d dimensionless.")
    return 0


# -- figures ------------------------------------------------------------------------
def _check_output(path) -> None:
    """``--plot PATH``: a .png/.svg/.pdf in an existing folder, checked first."""
    if not path:
        return
    import os

    import matplotlib

    if os.path.splitext(path)[1].lower() not in (".png", ".svg", ".pdf"):
        raise ValueError(
            f"--plot {path!r}: the figure file must end in .png, .svg or .pdf."
        )
    folder = os.path.dirname(path) or "."
    if os.path.isdir(path) or not os.path.isdir(folder):
        raise FileNotFoundError(
            f"--plot {path!r}: the folder {folder!r} does not exist (or the path "
            "is a folder); pass a file name in an existing folder."
        )
    matplotlib.use("Agg")  # a command line tool draws to files


def _save(ax, path: str) -> None:
    import matplotlib.pyplot as plt

    fig = ax.figure
    try:
        fig.savefig(path, dpi=120, bbox_inches="tight")
    finally:
        plt.close(fig)
    print(f"wrote {path}")
