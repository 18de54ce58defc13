"""The tutorial's first network, done right.

The tutorial (shared/seed) builds ``weights = randn(3, 4)`` and
``biases = randn(4, 1)`` and adds them to a (3, 4) output: NumPy broadcasts
the (4, 1) bias into a (4, 4) mess (or fails), and its labels of shape (3, 1)
do not match a 4-wide output. Here the bias has one entry per unit, the labels
match the output, the inputs are standardized (values 1..9 saturate tanh), and
a hidden layer makes labels 1, 0, 1 learnable (the three points lie on a line,
so no linear model can fit them).
"""

import numpy as np

import neuroglass as ng

X, y = ng.datasets.seed_example()  # 3 samples x 3 features, labels [1, 0, 1]
X = (X - X.mean(axis=0)) / X.std(axis=0)

net = ng.mlp([3, 4, 1], activation="tanh", loss="mse", seed=0)
first = net.layers[0]
print("weights", first.weights.shape, "bias", first.bias.shape)  # (3, 4) (4,)

before = net.loss(X, y)
net.fit(X, y, epochs=500, batch_size=3, optimizer="sgd", lr=0.1)
after = net.loss(X, y)
print(f"loss {before:.4f} -> {after:.2e} ({before / after:,.0f}x lower)")
print("predictions", np.round(net.predict(X)[:, 0], 3), "labels", y)
