"""LightningCallback: a tiny LightningModule fitted for 2 epochs on CPU is
recorded like a plain loop: every optimizer step's loss, the logged validation
metrics, and snapshots whose gradients and updates are those of the epoch's
last step (read after Lightning's closure ran the backward pass)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pl = pytest.importorskip("lightning.pytorch")

import neuroglass as ng  # noqa: E402
from neuroglass.torch.lightning import LightningCallback  # noqa: E402

# Lightning's advice for tiny CPU runs (dataloader workers, logging interval),
# and lightning 2.6's use of torch 2.13's deprecated pytree LeafSpec
pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::UserWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
]
N, BATCH, EPOCHS = 48, 8, 2


class Tiny(pl.LightningModule):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.net = torch.nn.Sequential(
            torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3)
        )
        self.seen = {"losses": [], "grads": [], "weights_before": [], "val": []}

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self(x), y)
        self.seen["losses"].append(float(loss))
        return loss

    def on_before_optimizer_step(self, optimizer):
        self.seen["grads"].append([p.grad.clone() for p in self.parameters()])
        self.seen["weights_before"].append(
            [p.detach().clone() for p in self.parameters()]
        )

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        self.log("val_loss", torch.nn.functional.cross_entropy(logits, y))
        self.log("val_accuracy", (logits.argmax(1) == y).float().mean())

    def on_validation_epoch_end(self):
        if not self.trainer.sanity_checking:
            metrics = self.trainer.callback_metrics
            self.seen["val"].append(float(metrics.get("val_loss", np.nan)))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9)


def loaders():
    g = torch.Generator().manual_seed(1)
    X = torch.randn(N, 4, generator=g)
    y = (X[:, 0] > 0).long() + (X[:, 1] > 0.5).long()
    data = torch.utils.data.TensorDataset(X, y)
    train = torch.utils.data.DataLoader(data, batch_size=BATCH, shuffle=False)
    val = torch.utils.data.DataLoader(data, batch_size=16)
    return X, train, val


def fit(path, **trainer_options):
    X, train, val = loaders()
    module = Tiny()
    callback = LightningCallback(path, probe=X[:16])
    trainer = pl.Trainer(
        max_epochs=EPOCHS,
        accelerator="cpu",
        devices=1,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        callbacks=[callback],
        **trainer_options,
    )
    trainer.fit(module, train, val)
    return module, callback


def test_lightning_fit_is_recorded_like_a_plain_loop(tmp_path):
    module, callback = fit(tmp_path / "lit.ngrun")
    assert callback.recorder is None  # closed at the fit's end
    steps_per_epoch = N // BATCH
    with ng.open_run(tmp_path / "lit.ngrun") as run:
        assert run.status == "finished"
        losses = run.steps["loss"]
        assert len(losses) == EPOCHS * steps_per_epoch
        np.testing.assert_allclose(losses, module.seen["losses"], rtol=1e-6)
        metrics = run.metrics("dict")
        assert len(metrics["loss"]) == EPOCHS
        np.testing.assert_allclose(metrics["val_loss"], module.seen["val"], rtol=1e-6)
        assert all(0 <= a <= 1 for a in metrics["val_accuracy"])
        assert run.config["optimizer"]["name"] == "sgd"
        assert run.config["fit"]["epochs"] == EPOCHS
        for epoch in range(EPOCHS):
            last = (epoch + 1) * steps_per_epoch - 1
            snap = run.snapshot(epoch)
            grads = module.seen["grads"][last]
            before = module.seen["weights_before"][last]
            first = snap.layers[0]  # a LightningModule: layers in torch's shapes
            # the gradients of the epoch's last step, not zeros or the previous
            # step's (the optimizer's pre-hook runs before Lightning's closure)
            np.testing.assert_allclose(first.grad_weights, grads[0].numpy(), rtol=1e-6)
            np.testing.assert_allclose(first.grad_bias, grads[1].numpy(), rtol=1e-6)
            np.testing.assert_allclose(
                first.update_weights,
                first.weights - before[0].numpy(),
                atol=1e-7,
            )
    # no hook left on the model or the optimizer
    assert not module.net[0]._forward_hooks
    assert not module.trainer.optimizers[0]._optimizer_step_pre_hooks


def test_gradient_accumulation_records_each_optimizer_step(tmp_path):
    module, _ = fit(tmp_path / "acc.ngrun", accumulate_grad_batches=2)
    with ng.open_run(tmp_path / "acc.ngrun") as run:
        losses = run.steps["loss"]
        seen = np.array(module.seen["losses"]).reshape(-1, 2).mean(axis=1)
        assert len(losses) == EPOCHS * N // BATCH // 2
        np.testing.assert_allclose(losses, seen, rtol=1e-6)


def test_an_exception_in_the_fit_closes_the_run_as_interrupted(tmp_path):
    class Failing(Tiny):
        def training_step(self, batch, batch_idx):
            if self.global_step == 3:
                raise ValueError("boom at step 3")
            return super().training_step(batch, batch_idx)

    _, train, val = loaders()
    callback = LightningCallback(tmp_path / "fail.ngrun")
    trainer = pl.Trainer(
        max_epochs=EPOCHS,
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        callbacks=[callback],
    )
    with pytest.raises(ValueError, match="boom"):
        trainer.fit(Failing(), train, val)
    assert callback.recorder is None
    with ng.open_run(tmp_path / "fail.ngrun") as run:
        assert run.status == "interrupted"


def test_model_and_optimizer_arguments_are_refused():
    with pytest.raises(TypeError, match="takes the model and optimizer"):
        LightningCallback("x.ngrun", optimizer=object())
