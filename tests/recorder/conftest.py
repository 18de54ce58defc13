"""What the recorder's tests share: the data, the networks they record and a
recorded run (the diagnostics' own fixtures are in their files)."""

import pytest

import neuroglass as ng


@pytest.fixture(scope="module")
def data():
    """A small circle dataset (X, y) for short fits."""
    return ng.datasets.circle(n=100, seed=0)


@pytest.fixture(scope="module")
def circle():
    """The circle split in halves: X_train, X_test, y_train, y_test."""
    X, y = ng.datasets.circle(n=300, seed=0)
    return ng.datasets.train_test_split(X, y, test_fraction=0.5, seed=0)


def _playground_net(seed=0):
    return ng.mlp(
        [2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=seed
    )


def _small_net(width=3, seed=0):
    return ng.mlp([2, width, 1], output="sigmoid", loss="bce", seed=seed)


@pytest.fixture
def playground_net():
    """playground_net(seed=0): TF Playground's 2-4-2-1 tanh network."""
    return _playground_net


@pytest.fixture
def small_net():
    """small_net(width=3, seed=0): a 2-width-1 sigmoid network."""
    return _small_net


@pytest.fixture
def record():
    """record(path, data, epochs=2, width=3, **settings): fit a small_net on
    ``data`` with a Recorder(path, **settings); returns the network."""

    def record(path, data, epochs=2, width=3, **settings):
        net = _small_net(width)
        net.fit(
            *data,
            epochs=epochs,
            batch_size=10,
            callbacks=[ng.Recorder(path, **settings)],
        )
        return net

    return record


@pytest.fixture
def recorded(tmp_path, circle):
    """A 30-epoch run of the playground network on the circle, with
    validation: (path, net, history)."""
    X_train, X_test, y_train, y_test = circle
    net = _playground_net()
    path = tmp_path / "circle.ngrun"
    history = net.fit(
        X_train,
        y_train,
        epochs=30,
        batch_size=10,
        lr=0.03,
        validation_data=(X_test, y_test),
        callbacks=[ng.Recorder(path, dataset="circle")],
    )
    return path, net, history
