"""Izhikevich's 1000-neuron network (net.m) for one second, and a bigger one.

800 regular-spiking excitatory and 200 fast-spiking inhibitory neurons with
random all-to-all synapses and noisy input, as in Izhikevich (2003), stepped in
his published scheme (two half-steps of v per ms), so that the firings equal
his script's on the same random numbers. The population rhythm (alpha/gamma
bursts) shows in the raster; the rates below say how busy each group is. The
same network with 10,000 neurons uses sparse synapses (1000 per neuron).

    python examples/brain_network.py [raster.png]
"""

import sys

import numpy as np

import neuroglass as ng

result = ng.brain.izhikevich_network(n_excitatory=800, n_inhibitory=200, seed=0)
times, neurons = result.firings[:, 0], result.firings[:, 1].astype(int)
excitatory = neurons < result.n_excitatory
seconds = result.duration / 1000.0
print(f"{len(times)} spikes in {result.duration:g} ms ({result.config['scheme']})")
print(f"excitatory rate: {excitatory.sum() / result.n_excitatory / seconds:.1f} Hz")
inhibitory_rate = (~excitatory).sum() / result.n_inhibitory / seconds
print(f"inhibitory rate: {inhibitory_rate:.1f} Hz")
counts = np.bincount(times.astype(int), minlength=int(result.duration) + 1)
print(f"busiest ms: {counts.max()} spikes at t = {counts.argmax()} ms")

big = ng.brain.izhikevich_network(n_excitatory=8000, n_inhibitory=2000, duration=200.0)
print(f"10,000 neurons, 200 ms, sparse synapses: {len(big.firings)} spikes")

if len(sys.argv) > 1:
    ax = ng.plot.raster(result)
    ax.figure.savefig(sys.argv[1], dpi=100, bbox_inches="tight")
    print(f"wrote {sys.argv[1]}")
