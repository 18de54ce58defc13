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
from ..views.lang import get_lang
from .args import SEED, integer, number
from .messages import MESSAGES, Lazy, ljust, rjust, t
from .messages import width as text_width

MODELS = {
    "lif": "leaky integrate-and-fire (current in nA)",
    "izhikevich": "Izhikevich 2003, a preset (current dimensionless)",
    "hh": "Hodgkin-Huxley squid axon (current in uA/cm2)",
}
#: the default constant current of each model (its own unit): a few spikes
DEFAULT_CURRENT = {"lif": 0.5, "izhikevich": 10.0, "hh": 10.0}
#: (from, to) of the f-I sweep by default
DEFAULT_SWEEP = {"lif": (0.0, 1.0), "izhikevich": (0.0, 20.0), "hh": (0.0, 50.0)}
#: the most time steps one command simulates (a typo would run for hours)
MAX_STEPS = 10_000_000
MAX_DURATION = 1_000_000.0  # ms
MAX_CURRENT = 1e6
MAX_NEURONS = 100_000
SHOWN_SPIKES = 10

DURATION = number("--duration", 0, MAX_DURATION, low_open=True, hint=Lazy("hint_ms"))
DT = number("--dt", 0, 10, low_open=True, hint=Lazy("hint_dt"))
BOUND = number("--from/--to", -MAX_CURRENT, MAX_CURRENT)


def preset(text: str) -> str:
    """An Izhikevich preset name, any case; an unknown one lists the valid ones."""
    key = text.strip().upper()
    if key not in PRESETS:
        names = ", ".join(PRESETS)
        raise argparse.ArgumentTypeError(t("unknown_preset", text=text, names=names))
    return key


def current(text: str):
    """``--current``: a constant ``A``, or a step ``A:start:stop`` (ms)."""
    parts = text.split(":")
    if len(parts) not in (1, 3):
        raise argparse.ArgumentTypeError(t("current_syntax", text=text))
    amplitude = number("--current", -MAX_CURRENT, MAX_CURRENT)(parts[0])
    if len(parts) == 1:
        return amplitude
    start, stop = (number("--current", 0, MAX_DURATION)(p) for p in parts[1:])
    if stop <= start:
        raise argparse.ArgumentTypeError(
            t("current_order", text=text, stop=stop, start=start)
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
        type=integer("--duration", 1, 100_000, hint=Lazy("hint_whole_ms")),
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
            t("preset_not_izhikevich", preset=args.preset, model=args.model)
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
        neurons = t("times_neurons", n=n) if n > 1 else ""
        raise ValueError(
            t(
                "too_many_steps",
                duration=duration,
                dt=dt,
                steps=duration / dt,
                neurons=neurons,
                high=MAX_STEPS,
            )
        )


def _title(neuron, args) -> str:
    name = {"lif": "LIF", "hh": "Hodgkin-Huxley"}.get(args.model)
    name = name or t("izhikevich_name", preset=args.preset or "RS")
    return t("model_title", name=name, scheme=neuron.scheme)


def _unit(neuron) -> str:
    """The model's current unit (nA, uA/cm2, or dimensionless, in words)."""
    unit = neuron.current_unit
    return t("dimensionless") if unit == "dimensionless" else unit


def _simulate(args) -> int:
    neuron, dt = _neuron(args)
    _check_steps(args.duration, dt)
    source = DEFAULT_CURRENT[args.model] if args.current is None else args.current
    _check_output(args.plot)
    trace = simulate(neuron, source, args.duration, dt=dt, record=("v", "I"))
    unit = _unit(neuron)
    if neuron.current_unit == "dimensionless":
        unit = f"（{unit}）" if get_lang() == "zh" else f"({unit})"
    shown = f"{source:g} {unit}" if isinstance(source, float) else f"{source!r} {unit}"
    times = trace.spike_times[0]
    title = _title(neuron, args)
    print(t("run_header", title=title, dt=dt, duration=args.duration))
    print(t("input_current", current=shown))
    print(t("spikes_rate", count=times.size, rate=float(trace.rate()[0])))
    if isinstance(source, float) and args.model == "lif":
        print(t("closed_form", rate=float(neuron.rate(source))))
    if times.size:
        first = ", ".join(f"{time:g}" for time in times[:SHOWN_SPIKES])
        more = " ..." if times.size > SHOWN_SPIKES else ""
        print(t("first_spikes", times=first, more=more))
    if args.plot:
        from ..views.figures.brain import plot_membrane

        title = t("plot_title", title=title, dt=dt)
        _save(plot_membrane(trace, title=title), args.plot)
    return 0


def _fi(args) -> int:
    import numpy as np

    neuron, dt = _neuron(args)
    low, high = DEFAULT_SWEEP[args.model]
    low = low if args.low is None else args.low
    high = high if args.high is None else args.high
    if high <= low:
        raise ValueError(t("sweep_must_rise", low=low, high=high))
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
    title = _title(neuron, args)
    print(t("fi_header", title=title, dt=dt, duration=args.duration))
    label = t("fi_current", unit=_unit(neuron))
    width = max(18, text_width(label))
    header = f"{rjust(label, width)}  {rjust(t('fi_rate'), 10)}"
    print(header + (f"  {t('fi_closed')}" if closed is not None else ""))
    for i, (value, rate) in enumerate(zip(currents, rates, strict=True)):
        row = f"{value:>{width}.4g}  {rate:>10.2f}"
        print(row + (f"  {closed[i]:>16.2f}" if closed is not None else ""))
    if args.plot:
        from ..views.figures.brain_fi import plot_fi_curve

        title = t("fi_title", title=title)
        _save(plot_fi_curve(data, title=title), args.plot)
    return 0


def _network(args) -> int:
    if args.n_excitatory + args.n_inhibitory == 0:
        raise ValueError(t("no_neurons"))
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
    kind = t("sparse" if result.config["sparse"] else "dense")
    header = t(
        "network_header",
        ne=ne,
        ni=result.n_inhibitory,
        kind=kind,
        seed=args.seed,
        duration=args.duration,
        seconds=elapsed,
    )
    print(header)
    print(t("network_spikes", count=len(result.firings), rate=rates.mean()))
    for label, part in (("excitatory", rates[:ne]), ("inhibitory", rates[ne:])):
        if part.size:
            low, high = part.min(), part.max()
            group = t(label)
            print(t("group_rates", group=group, mean=part.mean(), low=low, high=high))
    if args.plot:
        from ..views.figures.brain import plot_raster

        _save(plot_raster(result), args.plot)
    return 0


def _presets(args) -> int:
    name_column, pattern = ljust(t("presets_name"), 5), t("presets_pattern")
    print(f"{name_column} {'a':>6} {'b':>6} {'c (mV)':>7} {'d':>6}  {pattern}")
    for name, (a, b, c, d) in PRESETS.items():
        label = t(f"preset_{name}") if f"preset_{name}" in MESSAGES["en"] else ""
        print(f"{name:<5} {a:>6g} {b:>6g} {c:>7g} {d:>6g}  {label}")
    print(t("presets_note"))
    return 0


# -- figures ------------------------------------------------------------------------
def _check_output(path) -> None:
    """``--plot PATH``: a .png/.svg/.pdf in an existing folder, checked first."""
    if not path:
        return
    import os

    import matplotlib

    if os.path.splitext(path)[1].lower() not in (".png", ".svg", ".pdf"):
        raise ValueError(t("plot_suffix", path=path))
    folder = os.path.dirname(path) or "."
    if os.path.isdir(path) or not os.path.isdir(folder):
        raise FileNotFoundError(t("plot_folder", path=path, folder=folder))
    matplotlib.use("Agg")  # a command line tool draws to files
    if get_lang() == "zh":  # the titles written here are Chinese
        from ..views.figures._fonts import use_cjk_fonts

        use_cjk_fonts()


def _save(ax, path: str) -> None:
    import matplotlib.pyplot as plt

    fig = ax.figure
    try:
        fig.savefig(path, dpi=120, bbox_inches="tight")
    finally:
        plt.close(fig)
    print(t("wrote", path=path))
