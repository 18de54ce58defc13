"""A small CNN on the 8x8 handwritten digits, trained in PyTorch, recorded by
neuroglass, and looked inside: the loss curves, the layer graph, the learned
3x3 filters and the feature maps of one digit.

The training loop is plain PyTorch; the recorder only watches it (rec.step
after each optimizer step, rec.epoch after each epoch). The run file opens
with ng.open_run like any neuroglass run, so every run view works on it, and
``neuroglass dashboard RUN`` replays it in the browser.

    python examples/torch_cnn_digits.py [OUT_DIR]

Writes cnn_digits.ngrun and four PNGs to OUT_DIR (default: a new temporary
folder). About 10 s on a laptop CPU.
"""

import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

import neuroglass as ng
import neuroglass.torch as ngt

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
OUT.mkdir(parents=True, exist_ok=True)
EPOCHS, BATCH = 8, 64
torch.manual_seed(0)
torch.set_num_threads(1)  # a model this small runs fastest on one thread

# the data: 1797 digits, 8x8 pixels in [0, 1], as (n, 1, 8, 8) images
X, y = ng.datasets.digits()
X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
images = {
    "train": torch.tensor(X_train, dtype=torch.float32).reshape(-1, 1, 8, 8),
    "test": torch.tensor(X_test, dtype=torch.float32).reshape(-1, 1, 8, 8),
}
labels = {"train": torch.tensor(y_train), "test": torch.tensor(y_test)}

model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1),  # 8 filters 3x3: 8 maps of 8x8
    nn.ReLU(),
    nn.MaxPool2d(2),  # 8 maps of 4x4
    nn.Conv2d(8, 16, 3, padding=1),  # 16 maps of 4x4
    nn.ReLU(),
    nn.MaxPool2d(2),  # 16 maps of 2x2
    nn.Flatten(),
    nn.Linear(16 * 2 * 2, 10),  # logits of the 10 digits
)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()


def evaluate(split):
    model.eval()
    with torch.no_grad():
        logits = model(images[split])
        loss = loss_fn(logits, labels[split]).item()
        accuracy = (logits.argmax(dim=1) == labels[split]).float().mean().item()
    model.train()
    return loss, accuracy


run_path = OUT / "cnn_digits.ngrun"
probe = images["test"][:64]  # the fixed batch whose activations are recorded
with ngt.Recorder(
    run_path, model, optimizer=optimizer, probe=probe, loss=loss_fn, overwrite=True
) as rec:
    for epoch in range(EPOCHS):
        order = torch.randperm(len(images["train"]))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(images["train"][batch]), labels["train"][batch])
            loss.backward()
            optimizer.step()
            rec.step(loss)
        val_loss, val_accuracy = evaluate("test")
        rec.epoch(val_loss=val_loss, val_accuracy=val_accuracy)
        print(
            f"epoch {epoch + 1}: val loss {val_loss:.3f}, accuracy {val_accuracy:.3f}"
        )

print(f"test accuracy: {evaluate('test')[1]:.3f}")
run = ng.open_run(run_path)
for diagnostic in run.diagnostics():
    print(f"diagnostic: {diagnostic}")

# the figures: every one reads the run (or arrays), never the model's tensors
ng.plot.history(run).figure.savefig(OUT / "history.png", dpi=120)
ng.plot.network(run).figure.savefig(OUT / "layers.png", dpi=120)
ng.plot.filters(run, layer="0").figure.savefig(OUT / "filters.png", dpi=120)

digit = images["test"][:1]  # one input, and what the first ReLU makes of it
maps = ngt.feature_maps(model, "1", digit)
fig, (ax_digit, ax_maps) = plt.subplots(
    1, 2, figsize=(9, 3.2), gridspec_kw={"width_ratios": [1, 3]}
)
ax_digit.imshow(digit[0, 0].numpy(), cmap="gray_r", vmin=0, vmax=1)
ax_digit.set_title(f"input: a {int(labels['test'][0])}", fontsize=9)
ax_digit.axis("off")
ng.plot.feature_maps(maps, layer="after conv 0 and ReLU", ax=ax_maps, nrow=4)
fig.savefig(OUT / "feature_maps.png", dpi=120)

print(f"filters: {np.asarray(model[0].weight.shape).tolist()}, maps: {maps.shape}")
print(f"wrote {run_path.name} and history, layers, filters, feature_maps.png")
print(f"to {OUT}")
