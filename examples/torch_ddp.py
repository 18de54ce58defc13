"""Record a DistributedDataParallel training run with neuroglass.

The same script runs in one process or on many: every rank trains its share
of each batch, every rank holds a Recorder, rank 0 alone writes the run file,
and the losses and accuracies it records are averaged over the ranks.

    python examples/torch_ddp.py [OUT_DIR]                       # one process
    torchrun --standalone --nproc_per_node=2 examples/torch_ddp.py [OUT_DIR]

On several machines, start the same command on each (see
docs/torch-distributed.md):

    torchrun --nnodes=2 --nproc_per_node=4 --node_rank=0 \\
        --master_addr=HOST0 --master_port=29500 examples/torch_ddp.py OUT_DIR

Writes ddp_digits.ngrun to OUT_DIR (default: a temporary folder on rank 0)
and prints its summary. A 64-64-10 MLP on the 8x8 digits, 10 epochs, on CPU
(gloo) or one GPU per rank (nccl); a few seconds on a laptop.
"""

import sys
import tempfile
from pathlib import Path

import torch
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

import neuroglass as ng
import neuroglass.torch as ngt
from neuroglass.torch import distributed

EPOCHS, BATCH = 10, 64  # BATCH: per rank

# torchrun's variables -> a process group with a finite timeout (none when run
# as a plain script); ctx.rank, ctx.world_size, ctx.is_writer (rank 0)
ctx = distributed.setup(timeout_s=120)
device = torch.device("cpu")
if ctx.backend == "nccl":
    device = torch.device("cuda", ctx.rank % torch.cuda.device_count())
    torch.cuda.set_device(device)
torch.set_num_threads(1)  # one thread per rank: several ranks share the CPU

X, y = ng.datasets.digits()
X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)


def dataset(inputs, labels):
    return TensorDataset(
        torch.tensor(inputs, dtype=torch.float32), torch.tensor(labels)
    )


train_set, test_set = dataset(X_train, y_train), dataset(X_test, y_test)
# each rank sees its own 1/world_size of the data (a plain DataLoader in one
# process); the test set too, so that each rank measures its share
train_sampler = (
    DistributedSampler(train_set, shuffle=True, seed=0) if ctx.active else None
)
test_sampler = DistributedSampler(test_set, shuffle=False) if ctx.active else None
train_loader = DataLoader(
    train_set, batch_size=BATCH, sampler=train_sampler, shuffle=train_sampler is None
)
test_loader = DataLoader(test_set, batch_size=256, sampler=test_sampler)

torch.manual_seed(0)  # the same initial weights on every rank
model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to(device)
if ctx.active:
    model = DistributedDataParallel(model)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.CrossEntropyLoss()

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir())
path = out / "ddp_digits.ngrun"
if ctx.is_writer:
    out.mkdir(parents=True, exist_ok=True)

probe = train_set.tensors[0][:256].to(device)
with ngt.Recorder(
    path,
    model,
    optimizer=opt,
    probe=probe,
    loss=loss_fn,
    epochs=EPOCHS,
    overwrite=True,
) as rec:
    for epoch in range(EPOCHS):
        if train_sampler is not None:
            train_sampler.set_epoch(epoch)  # a new shuffle each epoch
        model.train()
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()  # DDP averages the gradients over the ranks here
            opt.step()
            rec.step(loss)  # this rank's loss; rank 0 records the mean over ranks
        model.eval()
        with torch.no_grad():
            total, correct, count = 0.0, 0, 0
            for xb, yb in test_loader:
                xb, yb = xb.to(device), yb.to(device)
                logits = model(xb)
                total += float(loss_fn(logits, yb)) * len(yb)
                correct += int((logits.argmax(1) == yb).sum())
                count += len(yb)
        # this rank's numbers: the recorder averages them over the ranks
        rec.epoch(val_loss=total / count, val_accuracy=correct / count)

if ctx.is_writer:
    with ng.open_run(path) as run:
        summary = run.summary()
        final = run.metrics("dict")
        print(f"ranks: {run.config['distributed']['world_size']}, run: {path}")
        print(
            f"epochs: {len(final['loss'])}, final loss {final['loss'][-1]:.4f}, "
            f"val accuracy {final['val_accuracy'][-1]:.3f}, status {summary['status']}"
        )
distributed.teardown()
