"""The Hodgkin-Huxley squid axon: its rest, its threshold and its f-I curve.

Rest is about -65 mV (modern convention). A 1 ms current pulse fires a spike
above a threshold amplitude; a constant current fires repetitively above about
6.3 uA/cm2 (the saddle-node of cycles; rest itself loses stability at the Hopf
point, 9.78 uA/cm2: Rinzel & Miller 1980). Many neurons run at once, one per
amplitude.
"""

import numpy as np

import neuroglass as ng

hh = ng.brain.HodgkinHuxley()  # RK4 by default
print(f"resting potential: {float(hh.resting_potential()[0]):.2f} mV")

# the smallest 1 ms pulse that fires: 61 amplitudes simulated together
amplitudes = np.linspace(0.0, 15.0, 61)  # uA/cm2
pulse = ng.brain.pulse(amplitudes, start=5.0, width=1.0)
trace = ng.brain.simulate(hh, pulse, duration=30.0, dt=0.025, record=())
fired = np.array([t.size > 0 for t in trace.spike_times])
print(
    f"1 ms pulse threshold: between {amplitudes[~fired].max():.2f} and "
    f"{amplitudes[fired].min():.2f} uA/cm2"
)

# the f-I curve: the rate after a 50 ms transient, 21 currents at once
currents = np.linspace(0.0, 20.0, 21)
rates = ng.brain.fi_curve(hh, currents, duration=250.0, window=(50.0, 250.0), dt=0.025)
for current, rate in zip(currents, rates):
    print(f"  I = {current:5.1f} uA/cm2 -> {rate:6.1f} Hz")
print(
    f"repetitive firing from rest from I = {currents[rates > 0].min():g} uA/cm2; "
    "the jump from 0 to ~60 Hz is the type II onset"
)
