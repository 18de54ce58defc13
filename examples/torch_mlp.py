"""A small MLP on the 8x8 handwritten digits, trained in PyTorch and recorded
by neuroglass: the same run file as an ng.Network's, so the loss curves, the
diagnostics, the network diagram and ``neuroglass dashboard RUN`` all work.

The training loop is plain PyTorch; the recorder only watches it (rec.step
after each optimizer step, rec.epoch after each epoch). Because the model is
a Sequential of Linear layers and activations, and the recorder is told its
loss (loss=loss_fn), the run rebuilds it as an ng.Network that computes the
class probabilities it trains on (softmax of its logits), and the replay shows
its accuracy.

    python examples/torch_mlp.py [OUT_DIR]

Writes mlp_digits.ngrun and history.png to OUT_DIR (default: a new temporary
folder). A few seconds on a laptop CPU.
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
EPOCHS, BATCH = 10, 64
torch.manual_seed(0)
torch.set_num_threads(1)  # a model this small runs fastest on one thread

X, y = ng.datasets.digits()  # 1797 digits, 64 pixels in [0, 1]
X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
X_train, X_test = (torch.tensor(a, dtype=torch.float32) for a in (X_train, X_test))
y_train, y_test = torch.tensor(y_train), torch.tensor(y_test)

model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()


def evaluate():
    with torch.no_grad():
        logits = model(X_test)
        loss = loss_fn(logits, y_test).item()
        accuracy = (logits.argmax(dim=1) == y_test).float().mean().item()
    return loss, accuracy


run_path = OUT / "mlp_digits.ngrun"
# loss=: the run knows it is a classifier (its replay shows the accuracy, and
# run.network() predicts the class probabilities, softmax(model(x)))
with ngt.Recorder(
    run_path, model, optimizer, probe=X_test[:128], loss=loss_fn, overwrite=True
) as rec:
    for _ in range(EPOCHS):
        order = torch.randperm(len(X_train))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(X_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
            rec.step(loss)
        val_loss, val_accuracy = evaluate()
        rec.epoch(val_loss=val_loss, val_accuracy=val_accuracy)

with ng.open_run(run_path) as run:
    m = run.metrics(format="dict")
    print(f"recorded {len(m['epoch'])} epochs, {len(run.steps['step'])} steps")
    print(f"validation accuracy: {m['val_accuracy'][-1]:.1%}")
    for diagnostic in run.diagnostics():
        print(f"diagnostic: {diagnostic}")
    # the run rebuilds the torch model as an ng.Network: the softmax that
    # CrossEntropyLoss applies is its output layer's, so it gives probabilities
    net = run.network()
    with torch.no_grad():
        expected = torch.softmax(model(X_test), dim=1).numpy()
    gap = np.abs(net.forward(X_test.numpy()) - expected).max()
    print(f"ng.Network rebuilt from the run: largest output difference {gap:.1e}")
    ax = ng.plot.history(run, log=True)
    ax.figure.savefig(OUT / "history.png", dpi=100)
    plt.close("all")
print(f"wrote {run_path} and history.png; replay it: neuroglass dashboard {run_path}")
