"""The README's example: train on TF Playground's spiral and look inside."""

import neuroglass as ng

X, y = ng.datasets.spiral(n=500, noise=0.0, seed=0)
X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)

net = ng.mlp([2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
print(net.summary())
history = net.fit(
    X_train,
    y_train,
    epochs=300,
    batch_size=10,
    optimizer="adam",
    lr=0.01,
    validation_data=(X_test, y_test),
    verbose=True,
)
print(net.evaluate(X_test, y_test))  # {'loss': ..., 'accuracy': ...}

net.forward(X_test[:5])  # every layer keeps what it computed
layer = net.layers[0]
print(layer.inputs.shape, layer.pre_activation.shape, layer.activation.shape)
net.backward(y_test[:5])  # ... and its delta, dW and db
print(layer.delta.shape, layer.grad_weights.shape, layer.grad_bias.shape)
print("max relative gradient error:", ng.check_gradients(net, X_test[:5], y_test[:5]))
net.save("spiral.npz")
