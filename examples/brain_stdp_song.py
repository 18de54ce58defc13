"""Song, Miller & Abbott (2000): STDP splits the input weights in two.

One conductance-based integrate-and-fire neuron (tau_m = 10 ms, E_L = -74 mV,
V_th = -54 mV, V_reset = -60 mV, excitatory reversal 0 mV, synaptic decay 5 ms)
receives 1000 independent Poisson inputs at 15 Hz. Each synapse follows
all-to-all STDP with hard bounds [0, w_max] and depression slightly stronger
than potentiation (A_minus = 1.05 A_plus, tau = 20 ms), as in Brian2's version
of the experiment. Competition between the inputs drives the weights from a
uniform start to the two bounds: a bimodal distribution.

Shortened to run in seconds: 20 s of model time at dt = 0.5 ms with a learning
rate 5x Brian2's (A_plus = 0.05 w_max) instead of 100 s at 0.1 ms. In that time
the weights only begin to move to the bounds (from the uniform start's 20% in
each outer fifth to about a quarter); raise DURATION_MS for the full split.

The LIF model takes a current: the synaptic conductance g (in units of the
leak) enters as R I = g (E_e - v), recomputed at each step and held over it.
"""

import numpy as np

import neuroglass as ng

N, RATE_HZ, DURATION_MS, DT = 1000, 15.0, 20_000.0, 0.5
E_E, TAU_SYN, W_MAX = 0.0, 5.0, 0.01  # mV, ms, conductance / leak

lif = ng.brain.LIF(tau_m=10.0, E_L=-74.0, V_th=-54.0, V_reset=-60.0, R=1.0, t_ref=0.0)
rule = ng.brain.STDP(A_plus=0.05 * W_MAX, A_minus=0.05 * 1.05 * W_MAX, w_max=W_MAX)
rng = np.random.default_rng(0)
weights = rng.uniform(0.0, W_MAX, N)
state = lif.initial_state(1)
g = np.zeros(1)
decay = np.exp(-DT / TAU_SYN)
chunk_ms, post_spikes, t = 1000.0, 0, 0.0
while t < DURATION_MS:  # the inputs one second at a time (a small raster)
    raster = ng.brain.poisson_spikes(RATE_HZ, chunk_ms, dt=DT, seed=rng, n=N)
    for pre in raster:
        g *= decay
        fired = lif.step(state, g * (E_E - state["v"]), DT)
        g += weights @ pre  # the spikes at the end of this step
        rule.step(weights, pre, bool(fired[0]), DT)
        post_spikes += int(fired[0])
    t += chunk_ms
    share = np.mean(weights / W_MAX)
    if t % 5000.0 == 0:
        print(
            f"t = {t / 1000:4.0f} s: output {post_spikes / (t / 1000):5.1f} Hz, "
            f"mean w = {share:.2f} w_max"
        )

counts, _ = np.histogram(weights / W_MAX, bins=10, range=(0.0, 1.0))
print("final weights (w / w_max), 10 bins:")
for i, count in enumerate(counts):
    print(f"  {i / 10:.1f}-{(i + 1) / 10:.1f} {count:5d} {'#' * (count // 10)}")
low, high = np.mean(weights < 0.2 * W_MAX), np.mean(weights > 0.8 * W_MAX)
print(
    f"{low:.0%} of the weights below 0.2 w_max and {high:.0%} above 0.8 w_max "
    "(20% each at the uniform start): they move to the bounds"
)
