"""Chapter 5: every neuron's output over the input plane (TF Playground's
thumbnails), of the spiral network of ch5_model.py, trained the same way."""

import neuroglass as ng

TEXT = {
    "en": "neuron_maps: what each neuron computes over the plane (x1, x2)",
    "zh": "neuron_maps：每个神经元在输入平面(x1, x2)上的输出",
}
_RUN = {}


def _trained():
    if not _RUN:
        X, y = ng.datasets.spiral(n=500, noise=0.0, seed=0)
        X_train, _, y_train, _ = ng.datasets.train_test_split(X, y, seed=0)
        net = ng.mlp(
            [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        )
        net.fit(X_train, y_train, epochs=200, batch_size=10, optimizer="adam", lr=0.01)
        _RUN["net"] = net
    return _RUN["net"]


def draw(lang):
    figure = ng.plot.neuron_maps(_trained(), lang=lang)
    figure.suptitle(TEXT[lang])
    return figure
