"""neuroglass.brain: biological neurons, synaptic plasticity, and the bridge to ANNs.

NumPy (and SciPy's sparse matrices) only; like the engine, it imports nothing of
neuroglass above the engine. Time is in ms, voltages in mV, rates in Hz.
"""

from .neuron import Neuron

__all__ = ["Neuron"]
