"""A trained ReLU network turned into spiking neurons, and how long it must run.

A 64-64-10 ReLU network learns the 8x8 digits with backprop. to_spiking turns
each of its units into an integrate-and-fire neuron whose firing rate stands for
the unit's activation (weights and thresholds normalised from the training data,
as in Diehl et al. 2015 and Rueckauer et al. 2017; reset by subtraction). The
spiking network's answer is read from its output neurons after t ms of
simulated time: early on the rates are too coarse to tell the classes apart,
after tens of ms it answers as the ReLU network does.
"""

import numpy as np

import neuroglass as ng

X, y = ng.datasets.digits()
X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
net = ng.mlp([64, 64, 10], activation="relu", loss="cross_entropy", seed=0)
net.fit(X_train, y_train, epochs=30, optimizer="adam", lr=0.003)
ann = net.evaluate(X_test, y_test)["accuracy"]

snn = ng.brain.to_spiking(net, X_train)  # the training data sets the scales
times = [1, 2, 5, 10, 20, 50, 100]  # ms of simulated time
accuracy = snn.accuracy_vs_time(X_test, y_test, times)
print(f"ReLU network: {ann:.1%} on {len(y_test)} test digits")
print(f"{'time (ms)':>9}  {'spiking network':>15}")
for t, acc in zip(times, accuracy):
    print(f"{t:9d}  {acc:15.1%}")
gap = (accuracy[-1] - ann) * 100
print(f"after {times[-1]} ms the spiking network is {gap:+.1f} points from the ANN")
assert np.isfinite(accuracy).all()
