"""Benchmark 1: training steps per second of a tiny network.

2-8-8-1 tanh network, linear output, MSE, float64, plain SGD (lr 0.03),
batch 10, 500 samples reshuffled every epoch. Contenders:

* neuroglass ``net.fit(X, y, epochs=E)``;
* PyTorch eager, the idiomatic manual loop, with one thread;
* a hand-written NumPy loop (reference: the floor of Python overhead).

Target: neuroglass >= 5x torch's steps per second.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from bench_common import Config, Contender, Row, interleave, paired_ratio

NAME = "tiny"
N, BATCH, LR = 500, 10, 0.03
SIZES = [2, 8, 8, 1]
TARGET = 5.0


def make_data(seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-6.0, 6.0, size=(N, 2))
    y = ((X[:, 0] + X[:, 1]) / 10.0).reshape(-1, 1)
    return X, y


def neuroglass_contender(X, y, epochs: int) -> Contender:
    import neuroglass as ng

    def setup():
        net = ng.mlp(SIZES, activation="tanh", loss="mse", seed=0)

        def run():
            net.fit(
                X,
                y,
                epochs=epochs,
                batch_size=BATCH,
                optimizer="sgd",
                lr=LR,
                verbose=False,
            )
            return float(np.mean((net.predict(X) - y) ** 2))

        return run

    return Contender("neuroglass", setup)


def torch_contender(X, y, epochs: int) -> Contender:
    import torch

    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def setup():
        torch.manual_seed(0)
        model = torch.nn.Sequential(
            torch.nn.Linear(2, 8),
            torch.nn.Tanh(),
            torch.nn.Linear(8, 8),
            torch.nn.Tanh(),
            torch.nn.Linear(8, 1),
        ).double()
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        loss_fn = torch.nn.MSELoss()

        def run():
            for _ in range(epochs):
                perm = torch.randperm(N)
                for i in range(0, N, BATCH):
                    idx = perm[i : i + BATCH]
                    xb, yb = Xt[idx], yt[idx]
                    opt.zero_grad()
                    loss = loss_fn(model(xb), yb)
                    loss.backward()
                    opt.step()
            with torch.no_grad():
                return float(loss_fn(model(Xt), yt))

        return run

    return Contender("torch", setup)


def numpy_contender(X, y, epochs: int) -> Contender:
    """A straightforward NumPy training loop, written out by hand."""

    def setup():
        rng = np.random.default_rng(0)
        params = []
        for n_in, n_out in pairwise(SIZES):
            bound = np.sqrt(6.0 / (n_in + n_out))
            params.append([rng.uniform(-bound, bound, (n_in, n_out)), np.zeros(n_out)])

        def run():
            (W1, b1), (W2, b2), (W3, b3) = params  # updated in place below
            for _ in range(epochs):
                order = rng.permutation(N)
                for i in range(0, N, BATCH):
                    idx = order[i : i + BATCH]
                    xb, yb = X[idx], y[idx]
                    h1 = np.tanh(xb @ W1 + b1)
                    h2 = np.tanh(h1 @ W2 + b2)
                    out = h2 @ W3 + b3
                    d3 = (out - yb) * (2.0 / out.size)
                    d2 = (d3 @ W3.T) * (1.0 - h2 * h2)
                    d1 = (d2 @ W2.T) * (1.0 - h1 * h1)
                    W3 -= LR * (h2.T @ d3)
                    b3 -= LR * d3.sum(axis=0)
                    W2 -= LR * (h1.T @ d2)
                    b2 -= LR * d2.sum(axis=0)
                    W1 -= LR * (xb.T @ d1)
                    b1 -= LR * d1.sum(axis=0)
            out = np.tanh(np.tanh(X @ W1 + b1) @ W2 + b2) @ W3 + b3
            return float(np.mean((out - y) ** 2))

        return run

    return Contender("numpy loop", setup)


def run(cfg: Config) -> list[Row]:
    import torch

    epochs = 10 if cfg.quick else 40
    steps = epochs * -(-N // BATCH)
    X, y = make_data()
    contenders = [
        neuroglass_contender(X, y, epochs),
        torch_contender(X, y, epochs),
        numpy_contender(X, y, epochs),
    ]
    prev_threads = torch.get_num_threads()
    torch.set_num_threads(1)  # torch's fastest setting for tiny tensors
    try:
        t = interleave(contenders, cfg, NAME, budget_s=15 if cfg.quick else 45)
    finally:
        torch.set_num_threads(prev_threads)

    rate = {k: steps / v.median for k, v in t.timings.items()}
    best = {k: steps / v.min for k, v in t.timings.items()}
    base = rate["torch"]
    common = {"epochs_per_call": epochs, "steps_per_call": steps}
    labels = {
        "neuroglass": "neuroglass fit",
        "torch": "torch eager (1 thread)",
        "numpy loop": "numpy hand loop (ref)",
    }
    rows = []
    for key, label in labels.items():
        ratio = rate[key] / base
        row = Row(
            benchmark=NAME,
            contender=label,
            unit="steps/s",
            median=rate[key],
            best=best[key],
            ratio=ratio,
            ratio_text=f"{ratio:.2f}x torch",
            raw_seconds=t[key].times,
            noisy=t.noisy,
            details={
                **common,
                "final_mse": t[key].last_result,
                # median of per-round ratios, a cross-check of the ratio of medians
                "paired_speedup_vs_torch": paired_ratio(t["torch"], t[key]),
            },
        )
        if key == "neuroglass":
            row.target_text = f">= {TARGET:g}x torch"
            row.passed = ratio >= TARGET
        elif key == "numpy loop":
            row.target_text = "(ref ~10x torch)"
        rows.append(row)
    rows[0].details["timing"] = t.summary()
    return rows
