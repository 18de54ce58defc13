"""The Chinese tutorial's example, worked through by hand with neuroglass.

The tutorial (shared/seed) feeds X = [[1,2,3],[4,5,6],[7,8,9]] with labels
[1, 0, 1] to one layer whose bias has the wrong shape. Done right: a 3-4-1
network, standardized inputs, and every number of one forward pass, one
backward pass and one gradient-descent step printed with its formula.
"""

import numpy as np

import neuroglass as ng

X, y = ng.datasets.seed_example()
X = (X - X.mean(axis=0)) / X.std(axis=0)  # 1..9 would saturate tanh
net = ng.mlp([3, 4, 1], activation="tanh", loss="mse", seed=0)

print(ng.explain.forward(net, X[0]))
print()
print(ng.explain.backward(net, X[0], y[:1], lr=0.1))

# the same step taken by the library, to check the worked numbers
step = net.copy()
step.fit(X[:1], y[:1], epochs=1, batch_size=1, optimizer="sgd", lr=0.1, shuffle=False)
print()
print("after one SGD step, W1[0, 0] =", np.round(step.layers[0].weights[0, 0], 4))
print(
    "loss on all three samples:",
    round(net.loss(X, y), 4),
    "->",
    round(step.loss(X, y), 4),
)
