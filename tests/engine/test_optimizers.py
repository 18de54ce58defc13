"""Optimizers: their first steps against hand-computed numbers, state,
configs and names."""

import neuroglass as ng


def test_optimizer_instances_keep_state_and_names_build_defaults(rng, blobs):
    X, y = blobs(rng, 20)
    opt = ng.Adam(lr=0.01)
    net = ng.mlp([2, 2, 1], loss="bce", seed=0)
    net.fit(X, y, epochs=1, batch_size=10, optimizer=opt)
    net.fit(X, y, epochs=1, batch_size=10, optimizer=opt)
    assert opt.t == 4 and net.optimizer is opt
    net.fit(X, y, epochs=1, optimizer="nesterov", lr=0.2)
    assert isinstance(net.optimizer, ng.Momentum) and net.optimizer.nesterov
    assert net.optimizer.lr == 0.2
