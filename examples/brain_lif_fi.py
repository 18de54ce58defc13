"""The f-I curve of a leaky integrate-and-fire neuron against its closed form.

A LIF neuron under a constant current I (nA) fires at
    r(I) = 1000 / (t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th))) Hz,
V_inf = E_L + R I, and not at all below the rheobase (V_th - E_L) / R. On a
0.1 ms grid the threshold is seen at the end of a step: lif.rate(I, dt) is the
closed form with that grid correction, and the simulation matches it exactly.
"""

import numpy as np

import neuroglass as ng

lif = ng.brain.LIF()  # NEST's iaf_psc_delta defaults, R = 40 MOhm
currents = np.linspace(0.0, 1.0, 11)  # nA
rates = ng.brain.fi_curve(lif, currents, duration=1000.0, dt=0.1)  # Hz, 1 s each

print(f"rheobase (V_th - E_L) / R = {lif.rheobase:.3f} nA")
print(f"{'I (nA)':>7} {'simulated':>10} {'grid form':>10} {'continuous':>11}")
for current, rate in zip(currents, rates):
    grid, exact = lif.rate(current, dt=0.1), lif.rate(current)
    print(f"{current:7.2f} {rate:10.1f} {grid:10.1f} {exact:11.2f}")
gap = np.max(np.abs(rates - lif.rate(currents, dt=0.1)))
print(f"largest gap between simulation and grid-corrected closed form: {gap:.3g} Hz")
print("(spikes counted in 1 s give whole Hz; the closed forms are 1000 / ISI)")
