"""Benchmark 2: one epoch of an MNIST-sized MLP.

784-256-128-10 relu network, softmax output with cross-entropy, float32,
plain SGD (lr 0.01), batch 128, 60,000 random samples (X ~ U(0, 1), random
labels 0..9), one epoch. Contenders, interleaved:

* neuroglass ``net.fit(X, y, epochs=1)``;
* PyTorch eager, the idiomatic manual loop, default thread count;
* scikit-learn ``MLPClassifier`` with the same settings, ``max_iter=1``;
* NumPy ``a @ b`` on 2048x2048 float32, the machine's matmul rate.

Targets: neuroglass epoch time <= 1.0x torch's; scikit-learn's epoch time
>= 1.5x neuroglass's; neuroglass's GFLOP/s >= 60% of the matmul rate.
"""

from __future__ import annotations

import warnings
from itertools import pairwise

import numpy as np

from bench_common import Config, Contender, Row, interleave, paired_ratio

NAME = "mnist"
SIZES = [784, 256, 128, 10]
BATCH, LR = 128, 0.01
N_FULL, N_QUICK = 60_000, 12_800
MATMUL_N = 2048
MATMUL_CALLS = 3  # matmuls per timed call
TARGET_VS_TORCH = 1.0
TARGET_VS_SKLEARN = 1.5
TARGET_PEAK_FRACTION = 0.60


def make_data(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.random((n, SIZES[0]), dtype=np.float32)
    y = rng.integers(0, SIZES[-1], size=n)
    return X, y


def epoch_flops(n: int) -> int:
    """FLOPs of one epoch: forward, weight gradients, input gradients of
    layers 2 and 3 (the first layer's input gradient is not needed)."""
    mults = [a * b for a, b in pairwise(SIZES)]
    forward = 2 * n * sum(mults)
    weight_grads = 2 * n * sum(mults)
    input_grads = 2 * n * sum(mults[1:])
    return forward + weight_grads + input_grads


def neuroglass_contender(X, y) -> Contender:
    import neuroglass as ng

    def setup():
        net = ng.mlp(
            SIZES, activation="relu", loss="cross_entropy", seed=0, dtype="float32"
        )

        def run():
            history = net.fit(
                X,
                y,
                epochs=1,
                batch_size=BATCH,
                optimizer="sgd",
                lr=LR,
                verbose=False,
            )
            return {
                "loss": float(history.loss[-1]),
                "param_dtype": str(net.parameters_vector().dtype),
            }

        return run

    return Contender("neuroglass", setup)


def torch_contender(X, y) -> Contender:
    import torch

    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    n = X.shape[0]

    def setup():
        torch.manual_seed(0)
        model = torch.nn.Sequential(
            torch.nn.Linear(SIZES[0], SIZES[1]),
            torch.nn.ReLU(),
            torch.nn.Linear(SIZES[1], SIZES[2]),
            torch.nn.ReLU(),
            torch.nn.Linear(SIZES[2], SIZES[3]),
        )
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        loss_fn = torch.nn.CrossEntropyLoss()

        def run():
            perm = torch.randperm(n)
            for i in range(0, n, BATCH):
                idx = perm[i : i + BATCH]
                xb, yb = Xt[idx], yt[idx]
                opt.zero_grad()
                loss = loss_fn(model(xb), yb)
                loss.backward()
                opt.step()
            return {"last_batch_loss": loss.item(), "threads": torch.get_num_threads()}

        return run

    return Contender("torch", setup)


def sklearn_contender(X, y) -> Contender:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    def setup():
        clf = MLPClassifier(
            hidden_layer_sizes=tuple(SIZES[1:-1]),
            activation="relu",
            solver="sgd",
            momentum=0.0,
            nesterovs_momentum=False,
            learning_rate_init=LR,
            batch_size=BATCH,
            max_iter=1,
            shuffle=True,
            alpha=0.0,
            tol=0,
            n_iter_no_change=10**9,
            random_state=0,
        )

        def run():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                clf.fit(X, y)
            return {
                "loss": float(clf.loss_),
                "n_iter": int(clf.n_iter_),
                "coef_dtype": str(clf.coefs_[0].dtype),
            }

        return run

    return Contender("sklearn", setup)


def matmul_contender() -> Contender:
    rng = np.random.default_rng(1)
    a = rng.random((MATMUL_N, MATMUL_N), dtype=np.float32)
    b = rng.random((MATMUL_N, MATMUL_N), dtype=np.float32)

    def run():
        for _ in range(MATMUL_CALLS):
            c = a @ b
        return c.dtype.name

    def setup():
        return run

    return Contender("matmul", setup)


def gemm_only_contender(n: int) -> Contender:
    """Only the epoch's matrix products (same shapes, same count, no training):
    the rate NumPy's BLAS reaches on this network's small GEMMs, a ceiling for
    any NumPy implementation. Diagnostic, no target."""
    rng = np.random.default_rng(2)
    f32 = np.float32
    x = rng.random((BATCH, SIZES[0]), dtype=f32)
    h1, h2 = (rng.random((BATCH, k), dtype=f32) for k in SIZES[1:3])
    d1, d2, d3 = (rng.random((BATCH, k), dtype=f32) for k in SIZES[1:])
    W1, W2, W3 = (rng.random((a, b), dtype=f32) for a, b in pairwise(SIZES))
    g1, g2, g3 = (np.empty_like(W) for W in (W1, W2, W3))
    full, rest = divmod(n, BATCH)

    def step(x, h1, h2, d1, d2, d3):
        x @ W1, h1 @ W2, h2 @ W3  # forward
        np.matmul(h2.T, d3, out=g3), d3 @ W3.T  # layer 3: weights, inputs
        np.matmul(h1.T, d2, out=g2), d2 @ W2.T  # layer 2: weights, inputs
        np.matmul(x.T, d1, out=g1)  # layer 1: weights only

    def run():
        for _ in range(full):
            step(x, h1, h2, d1, d2, d3)
        if rest:
            step(*(a[:rest] for a in (x, h1, h2, d1, d2, d3)))
        return None

    return Contender("gemm-only", lambda: run)


def run(cfg: Config) -> list[Row]:
    import torch

    n = N_QUICK if cfg.quick else N_FULL
    X, y = make_data(n)
    contenders = [
        neuroglass_contender(X, y),
        torch_contender(X, y),
        sklearn_contender(X, y),
        matmul_contender(),
        gemm_only_contender(n),
    ]
    t = interleave(contenders, cfg, NAME, budget_s=30 if cfg.quick else 90)

    unit = "s/epoch"
    bench = NAME if n == N_FULL else f"{NAME} (n={n:,})"
    med = {k: v.median for k, v in t.timings.items()}
    ng_time, torch_time, sk_time = med["neuroglass"], med["torch"], med["sklearn"]
    flops = epoch_flops(n)
    matmul_flops = MATMUL_CALLS * 2 * MATMUL_N**3
    ng_gflops = flops / ng_time / 1e9
    peak_gflops = matmul_flops / med["matmul"] / 1e9
    fraction = ng_gflops / peak_gflops
    common = {"n_samples": n, "batch_size": BATCH}
    paired = {  # per-round ratios, a cross-check of the ratios of medians
        "ng_over_torch": paired_ratio(t["neuroglass"], t["torch"]),
        "sklearn_over_ng": paired_ratio(t["sklearn"], t["neuroglass"]),
    }
    sk_info = t["sklearn"].last_result

    rows = [
        Row(
            bench,
            "neuroglass fit",
            unit,
            ng_time,
            t["neuroglass"].min,
            ratio=ng_time / torch_time,
            ratio_text=f"{ng_time / torch_time:.2f}x torch time",
            target_text=f"<= {TARGET_VS_TORCH:.1f}x torch time",
            passed=ng_time / torch_time <= TARGET_VS_TORCH,
            raw_seconds=t["neuroglass"].times,
            details={**common, **t["neuroglass"].last_result, "paired": paired},
        ),
        Row(
            bench,
            f"torch eager ({torch.get_num_threads()} threads)",
            unit,
            torch_time,
            t["torch"].min,
            ratio=1.0,
            ratio_text="1.00x torch time",
            raw_seconds=t["torch"].times,
            details={**common, **t["torch"].last_result},
        ),
        Row(
            bench,
            f"sklearn MLPClassifier ({sk_info['coef_dtype']})",
            unit,
            sk_time,
            t["sklearn"].min,
            ratio=sk_time / ng_time,
            ratio_text=f"{sk_time / ng_time:.2f}x neuroglass time",
            target_text=f">= {TARGET_VS_SKLEARN:.1f}x neuroglass time",
            passed=sk_time / ng_time >= TARGET_VS_SKLEARN,
            raw_seconds=t["sklearn"].times,
            details={**common, **sk_info, "input_dtype": str(X.dtype)},
        ),
        Row(
            bench,
            "neuroglass throughput",
            "GFLOP/s",
            ng_gflops,
            flops / t["neuroglass"].min / 1e9,
            ratio=fraction,
            ratio_text=f"{fraction:.0%} of matmul",
            target_text=f">= {TARGET_PEAK_FRACTION:.0%} of matmul",
            passed=fraction >= TARGET_PEAK_FRACTION,
            details={**common, "epoch_flops": flops},
        ),
        Row(
            bench,
            f"numpy matmul {MATMUL_N}^2 f32",
            "GFLOP/s",
            peak_gflops,
            matmul_flops / t["matmul"].min / 1e9,
            raw_seconds=t["matmul"].times,
            details={"flops_per_call": matmul_flops, "matmuls_per_call": MATMUL_CALLS},
        ),
        Row(
            bench,
            "numpy GEMMs only (diagnostic)",
            "GFLOP/s",
            flops / med["gemm-only"] / 1e9,
            flops / t["gemm-only"].min / 1e9,
            ratio=flops / med["gemm-only"] / 1e9 / peak_gflops,
            ratio_text=f"{flops / med['gemm-only'] / 1e9 / peak_gflops:.0%} of matmul",
            raw_seconds=t["gemm-only"].times,
            details={"epoch_flops": flops},
        ),
    ]
    for row in rows:
        row.noisy = t.noisy
    rows[0].details["timing"] = t.summary()
    return rows
