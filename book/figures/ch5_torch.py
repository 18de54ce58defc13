"""Chapter 5, a PyTorch model seen by neuroglass: the page's tiny CNN (bars in
8x8 images: horizontal, vertical or diagonal), trained in PyTorch and recorded
by neuroglass.torch.Recorder; its layer graph, its learned filters and the
feature maps of one image, drawn from the run file and the model."""

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

TEXT = {
    "en": {
        "a": "(a) layer_graph",
        "b": "(b) filters of layer '0' (3x3)",
        "c": "(c) feature_maps after the ReLU, one image",
    },
    "zh": {
        "a": "(a) layer_graph：层结构图",
        "b": "(b) filters：第'0'层的3x3卷积核",
        "c": "(c) feature_maps：ReLU之后的特征图（一张图像）",
    },
}
_RUN = {}


def bars(n, seed=0):
    """n noisy 8x8 images of a horizontal (0), vertical (1) or diagonal (2) bar."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, n)
    images = rng.normal(0.0, 0.3, (n, 8, 8))
    where = rng.integers(1, 7, n)
    for k, (label, at) in enumerate(zip(labels, where)):
        if label == 0:
            images[k, at, :] += 1.0
        elif label == 1:
            images[k, :, at] += 1.0
        else:
            images[k][np.eye(8, k=at - 4, dtype=bool)] += 1.0
    return images[:, None].astype(np.float32), labels


def _recorded():
    if not _RUN:
        import torch
        from torch import nn

        import neuroglass.torch as ngt

        torch.manual_seed(0)
        X, y = bars(600)
        images, labels = torch.from_numpy(X), torch.from_numpy(y)
        model = nn.Sequential(
            nn.Conv2d(1, 6, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(96, 3),
        )
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        loss_fn = nn.CrossEntropyLoss()
        path = Path(tempfile.mkdtemp()) / "bars.ngrun"
        with ngt.Recorder(
            path, model, optimizer=opt, probe=images[:64], loss=loss_fn
        ) as rec:
            for _ in range(5):
                for start in range(0, 600, 50):
                    xb, yb = images[start : start + 50], labels[start : start + 50]
                    opt.zero_grad()
                    loss = loss_fn(model(xb), yb)
                    loss.backward()
                    opt.step()
                    rec.step(loss)
                rec.epoch()
        maps = ngt.feature_maps(model, "1", images[:1])
        _RUN.update(run=ng.open_run(path), maps=maps)
    return _RUN["run"], _RUN["maps"]


def draw(lang):
    run, maps = _recorded()
    text = TEXT[lang]
    figure, (a, b, c) = plt.subplots(
        1, 3, figsize=(13, 5), layout="constrained", width_ratios=[1.0, 1.2, 1.2]
    )
    ng.plot.layer_graph(run, ax=a, lang=lang)
    ng.plot.filters(run, layer="0", ax=b, nrow=3, lang=lang)
    ng.plot.feature_maps(maps, ax=c, nrow=3, lang=lang)
    for ax, key in zip((a, b, c), "abc"):
        ax.set_title(text[key])
    return figure
