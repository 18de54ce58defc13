"""Izhikevich's firing patterns: the same two equations, seven behaviours.

Each preset (a, b, c, d) is run under the stimulation of Izhikevich's own script
(izhi2003.m, 0.25 ms steps); bursting cells fire spikes a few ms apart, then
pause, while regular and fast spiking cells fire evenly.
"""

import numpy as np

import neuroglass as ng

print(
    f"{'protocol':<11} {'spikes':>6} {'first (ms)':>10} {'ISI min':>8} {'ISI max':>8}"
)
for name in ng.brain.PROTOCOLS:
    protocol = ng.brain.Izhikevich.protocol(name)
    trace = ng.brain.simulate(
        protocol["neuron"],
        protocol["current"],
        protocol["duration"],
        dt=protocol["dt"],
    )
    times = trace.spike_times[0]
    isi = np.diff(times)
    first = f"{times[0]:g}" if times.size else "-"
    low, high = (f"{isi.min():g}", f"{isi.max():g}") if isi.size else ("-", "-")
    print(f"{name:<11} {times.size:>6} {first:>10} {low:>8} {high:>8}")
print("ISIs in ms; IB and CH burst (short ISIs then long), RS adapts, FS is fast.")
