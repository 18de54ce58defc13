"""The Chinese tutorial's own example, worked through by hand, done right.

The tutorial (shared/seed) feeds X = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] with labels
[1, 0, 1] to a single layer whose bias has the wrong shape: its line
``output = np.dot(input_data, weights) + biases`` adds a (4, 1) bias to a (3, 4)
output, which NumPy refuses (trailing dimensions 4 and 1 broadcast, leading 3 and
4 do not), so the tutorial stops there with

    ValueError: operands could not be broadcast together with shapes (3,4) (4,1)

The script first runs that line, as written, and prints the error. Then:

* a 3-4-1 network: one bias per unit, one output per label, and a hidden layer
  (the three points lie on one line, so no linear model can give them 1, 0, 1);
* standardized inputs: the raw values 1..9 would push tanh into saturation;
* every number of one forward pass, one backward pass and one plain SGD step on
  the first sample, printed with its formula by ``ng.explain``;
* a check that the library's own training step lands on the same weights.

Run it with ``python examples/seed_walkthrough.py``.
"""

import numpy as np

import neuroglass as ng

LR = 0.02  # lr = 0.1 overshoots on this sample: see the last lines of output

X, y = ng.datasets.seed_example()  # 3 samples x 3 features, labels [1, 0, 1]

# the tutorial's forward pass, as written: a (4, 1) bias added to a (3, 4) output
weights = np.random.default_rng(0).standard_normal((3, 4))
biases = np.random.default_rng(1).standard_normal((4, 1))
print("The tutorial's forward pass, as written:")
print("  output = np.dot(input_data, weights) + biases   # (3, 4) + (4, 1)")
try:
    output = np.dot(X, weights) + biases
except ValueError as error:
    print(f"  ValueError: {str(error).strip()}")
    print("  NumPy aligns the shapes from the right: 4 against 1 broadcasts, 3 against")
    print("  4 does not. One bias per output unit, shape (4,), is what it needs:")
    print(f"  (3, 4) + (4,) -> {(np.dot(X, weights) + biases.ravel()).shape}")
else:  # NumPy has never done this; say so rather than carry on quietly
    raise SystemExit(f"expected a ValueError, got an output of shape {output.shape}")
print()
X = (X - X.mean(axis=0)) / X.std(axis=0)  # the columns move together: equal rows
net = ng.mlp([3, 4, 1], activation="tanh", loss="mse", seed=0)
untouched = net.parameters_vector()

print("The tutorial's data, standardized (each column: mean 0, std 1):")
print(np.round(X, 4), " labels", y)
print()
print(net.summary())
print()

# the first sample, through the network
print(ng.explain.forward(net, X[0]))
print()

# its loss, the gradients by backpropagation and one SGD step
step = ng.explain.backward(net, X[0], y[0], lr=LR)
print(step)
print()

# the same step taken by the library: fit() on a batch holding just this sample
trained = net.copy()
trained.fit(X[:1], y[:1], epochs=1, batch_size=1, optimizer="sgd", lr=LR)
same = all(
    np.allclose(layer.weights, step.value("W_new", i))
    and np.allclose(layer.bias, step.value("b_new", i))
    for i, layer in enumerate(trained.layers, 1)
)
print("Check against the library")
print("=========================")
print(f"net.fit(...) with batch_size=1, lr={LR} gives the same weights: {same}")
print(
    f"loss on all three samples: {net.loss(X, y):.4f} before the step, "
    f"{trained.loss(X, y):.4f} after"
)
overshoot = ng.explain.backward(net, X[0], y[0], lr=0.1)
print(
    "with lr=0.1 instead, the loss on the first sample would go "
    f"{overshoot.value('loss')[0]:.4f} -> {overshoot.value('loss_after')[0]:.4f}: "
    "the step overshoots"
)
unchanged = np.array_equal(net.parameters_vector(), untouched)
print("the network itself was not changed by explaining it:", unchanged)
