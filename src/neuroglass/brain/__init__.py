"""neuroglass.brain: biological neurons, synaptic plasticity, and the bridge to ANNs.

NumPy (and SciPy's sparse matrices) only; like the engine, it imports nothing of
neuroglass above the engine. Time is in ms, voltages in mV, rates in Hz.

>>> import neuroglass as ng
>>> lif = ng.brain.LIF()                       # NEST's iaf defaults, R = 40 MΩ
>>> trace = ng.brain.simulate(lif, current=0.5, duration=1000.0)  # 0.5 nA, 1 s
>>> float(trace.rate()[0])                     # Hz, on the 0.1 ms grid
63.0
>>> round(lif.rate(0.5), 1)                    # the closed form, continuous time
63.0
"""

from .ann_to_snn import to_spiking
from .bridge import BridgeResult, angle_to, oja_vs_backprop
from .currents import Current, constant, pulse, pulse_train, ramp, step_current
from .hh_kinetics import gate_rates
from .hodgkin_huxley import (
    REFERENCE_TEMPERATURE_C,
    HodgkinHuxley,
    alpha_h,
    alpha_m,
    alpha_n,
    beta_h,
    beta_m,
    beta_n,
    h_inf,
    m_inf,
    n_inf,
    tau_h,
    tau_m,
    tau_n,
)
from .izhikevich import PRESETS, PROTOCOLS, Izhikevich
from .izhikevich_network import NetworkResult, izhikevich_network
from .lif import LIF
from .neuron import Neuron
from .phase_plane import Equilibrium, PhasePlane, phase_plane
from .phase_plane_hh import HHPhasePlane, hh_phase_plane
from .plasticity import RuleResult, bcm, hebb, oja
from .poisson import poisson_spike_times, poisson_spikes, raster_to_times
from .siegert import siegert_rate
from .simulate import fi_curve, simulate
from .song import SongResult, song_miller_abbott, stdp_drift_hz
from .spiking_network import SpikingNetwork, SpikingRun
from .stdp import STDP, STDPResult, stdp_window
from .trace import Trace

__all__ = [
    "LIF",
    "PRESETS",
    "PROTOCOLS",
    "REFERENCE_TEMPERATURE_C",
    "STDP",
    "BridgeResult",
    "Current",
    "Equilibrium",
    "HHPhasePlane",
    "HodgkinHuxley",
    "Izhikevich",
    "NetworkResult",
    "Neuron",
    "PhasePlane",
    "RuleResult",
    "STDPResult",
    "SongResult",
    "SpikingNetwork",
    "SpikingRun",
    "Trace",
    "alpha_h",
    "alpha_m",
    "alpha_n",
    "angle_to",
    "bcm",
    "beta_h",
    "beta_m",
    "beta_n",
    "constant",
    "fi_curve",
    "gate_rates",
    "h_inf",
    "hebb",
    "hh_phase_plane",
    "izhikevich_network",
    "m_inf",
    "n_inf",
    "oja",
    "oja_vs_backprop",
    "phase_plane",
    "poisson_spike_times",
    "poisson_spikes",
    "pulse",
    "pulse_train",
    "ramp",
    "raster_to_times",
    "siegert_rate",
    "simulate",
    "song_miller_abbott",
    "stdp_drift_hz",
    "stdp_window",
    "step_current",
    "tau_h",
    "tau_m",
    "tau_n",
    "to_spiking",
]
