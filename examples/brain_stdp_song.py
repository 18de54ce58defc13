"""Song, Miller & Abbott (2000): STDP splits the input weights in two and
regulates the output rate.

One conductance-based integrate-and-fire neuron (tau_m = 20 ms, E_L = -70 mV,
V_th = -54 mV, V_reset = -60 mV) receives 1000 excitatory Poisson inputs and
200 fixed inhibitory ones. Every excitatory synapse follows all-to-all STDP
with hard bounds [0, g_max], depression slightly stronger than potentiation
(A_minus = 1.05 A_plus, A_plus = 0.005 g_max, tau = 20 ms): the paper's values.

From a uniform start the weights split: one group at 0, one at g_max, few in
between. And the output rate ends near the same value whether the inputs fire
at 10 or 40 Hz (without STDP it would follow the input rate).

The full run is 1500 s of model time at 10 Hz and 600 s at 40 Hz, at
dt = 0.1 ms (about half a minute). ``--quick`` runs 10 s of each: it checks
that the script runs, long before the split.

    python examples/brain_stdp_song.py [--quick]
"""

import sys

import numpy as np

from neuroglass.brain.song import song_miller_abbott

QUICK = "--quick" in sys.argv[1:]
RUNS = {10.0: 1_500_000.0, 40.0: 600_000.0}  # input rate (Hz): model time (ms)
FROZEN_MS = 2_000.0 if QUICK else 10_000.0  # the control without STDP
if QUICK:
    RUNS = dict.fromkeys(RUNS, 10_000.0)

results = {}
for rate_hz, duration_ms in RUNS.items():
    print(f"inputs at {rate_hz:g} Hz, {duration_ms / 1000:g} s of model time ...")
    results[rate_hz] = song_miller_abbott(rate_hz=rate_hz, duration_ms=duration_ms)

main = results[10.0]
for k in np.linspace(0, main.t_ms.size - 1, 5).astype(int):
    low, high = main.fraction_near_bounds(0.1, record=k)
    print(
        f"t = {main.t_ms[k] / 1000:6.0f} s: w < 0.1 g_max for {low:4.0%} of "
        f"the inputs, w > 0.9 g_max for {high:4.0%}"
    )
counts, _ = np.histogram(main.weights_fraction[-1], bins=10, range=(0.0, 1.0))
print("final weights at 10 Hz (w / g_max), 10 bins:")
for i, count in enumerate(counts):
    print(f"  {i / 10:.1f}-{(i + 1) / 10:.1f} {count:5d} {'#' * (count // 10)}")
low, high = main.fraction_near_bounds(0.1)
print(
    f"{low:.0%} of the weights below 0.1 g_max and {high:.0%} above 0.9 g_max "
    "(10% each at the uniform start)"
)

print("output rate over the last fifth of each run (Hz):")
for rate_hz, result in results.items():
    tail = 0.8 * result.duration_ms
    print(f"  inputs at {rate_hz:4.0f} Hz -> output {result.rate_hz(tail):5.1f} Hz")
frozen = [
    song_miller_abbott(rate_hz=r, duration_ms=FROZEN_MS, A_plus=0.0) for r in RUNS
]
print(
    "without STDP (the same uniform start): "
    + ", ".join(
        f"{r:g} Hz -> {f.rate_hz():.1f} Hz" for r, f in zip(RUNS, frozen, strict=True)
    )
)
if QUICK:
    print("(--quick: 10 s of model time; the split needs ~1000 s at 10 Hz)")
