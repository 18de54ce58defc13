"""The gradients and update a torch Recorder's snapshot holds are those of the
epoch's last optimizer step, however the loop handles its gradients: held by
reference while zero_grad() leaves them alone, copied once their memory is
reused or changed in place (set_to_none=False, zero_grad after the step,
accumulation), and read again inside a closure (rec.capture_gradients())."""

import numpy as np
import pytest
import torch
from torch import nn

import neuroglass as ng
from neuroglass.torch.capture import StepCapture
from neuroglass.torch.recorder import Recorder


def _model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2))


def _batches(n_steps, seed=0):
    g = torch.Generator().manual_seed(seed)
    return [
        (torch.randn(8, 3, generator=g), torch.randn(8, 2, generator=g))
        for _ in range(n_steps)
    ]


def _last_step(model, step, *args):
    """Run ``step(model, *args)`` (one optimizer step); returns the gradients
    it used and its update, as the test sees them."""
    before = [p.detach().clone() for p in model.parameters()]
    grads = step(model, *args)
    update = [p.detach() - b for p, b in zip(model.parameters(), before)]
    return grads, update


def _check_snapshots(path, expected):
    """Each snapshot's gradients and update equal the test's (engine layout:
    weights transposed)."""
    with ng.open_run(path) as run:
        assert run.snapshot_epochs.tolist() == list(range(len(expected)))
        for epoch, (grads, update) in enumerate(expected):
            layers = run.snapshot(epoch).layers
            for i, layer in enumerate(layers):
                np.testing.assert_array_equal(
                    layer.grad_weights, grads[2 * i].numpy().T
                )
                np.testing.assert_array_equal(layer.grad_bias, grads[2 * i + 1].numpy())
                np.testing.assert_allclose(
                    layer.update_weights, update[2 * i].numpy().T, atol=1e-7
                )
                np.testing.assert_allclose(
                    layer.update_bias, update[2 * i + 1].numpy(), atol=1e-7
                )


def _record(tmp_path, one_step, *, epochs=3, steps=4, optimizer="momentum"):
    """Train with ``one_step(model, opt, xb, yb, rec) -> grads used``; returns
    (path, expected per epoch, the StepCapture)."""
    model = _model()
    if optimizer == "momentum":
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
    batches = _batches(steps)
    expected = []
    path = tmp_path / "run.ngrun"
    with Recorder(path, model, opt) as rec:
        for _ in range(epochs):
            for xb, yb in batches:
                last = _last_step(model, one_step, opt, xb, yb, rec)
            rec.epoch()
            expected.append(last)
        capture = rec._capture
    return path, expected, capture


def _grads(model):
    return [p.grad.detach().clone() for p in model.parameters()]


def _plain(model, opt, xb, yb, rec, set_to_none=True):
    opt.zero_grad(set_to_none=set_to_none)
    nn.functional.mse_loss(model(xb), yb).backward()
    grads = _grads(model)
    opt.step()
    rec.step(0.0)
    return grads


def test_default_zero_grad_holds_gradients_by_reference(tmp_path):
    path, expected, capture = _record(tmp_path, _plain)
    _check_snapshots(path, expected)
    assert not capture.copying  # never copied after the first steps


def test_zero_grad_in_place_copies_the_gradients(tmp_path):
    def step(*args):
        return _plain(*args, set_to_none=False)

    path, expected, capture = _record(tmp_path, step)
    _check_snapshots(path, expected)
    assert capture.copying


def test_zero_grad_in_place_after_the_step_keeps_the_last_gradients(tmp_path):
    # the gradients are zeroed after each step, before rec.epoch(): a
    # reference would show zeros
    def step(model, opt, xb, yb, rec):
        nn.functional.mse_loss(model(xb), yb).backward()
        grads = _grads(model)
        opt.step()
        opt.zero_grad(set_to_none=False)
        rec.step(0.0)
        return grads

    path, expected, capture = _record(tmp_path, step, optimizer="adam")
    _check_snapshots(path, expected)
    assert capture.copying


@pytest.mark.parametrize("steps", [1, 2])
def test_epochs_of_one_or_two_steps_zeroed_after_the_step(tmp_path, steps):
    def step(model, opt, xb, yb, rec):
        nn.functional.mse_loss(model(xb), yb).backward()
        grads = _grads(model)
        opt.step()
        opt.zero_grad(set_to_none=False)
        rec.step(0.0)
        return grads

    path, expected, _ = _record(tmp_path, step, steps=steps)
    _check_snapshots(path, expected)


def test_gradients_accumulated_over_micro_batches(tmp_path):
    def step(model, opt, xb, yb, rec):
        opt.zero_grad()
        for half in (slice(0, 4), slice(4, 8)):  # accumulated in place
            nn.functional.mse_loss(model(xb[half]), yb[half]).backward()
        grads = _grads(model)
        opt.step()
        rec.step(0.0)
        return grads

    path, expected, _ = _record(tmp_path, step)
    _check_snapshots(path, expected)


def test_a_closure_reads_its_gradients_with_capture_gradients(tmp_path):
    def step(model, opt, xb, yb, rec):
        seen = {}

        def closure():
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(xb), yb)
            loss.backward()
            seen["grads"] = _grads(model)
            rec.capture_gradients()
            return loss

        opt.step(closure)
        rec.step(0.0)
        return seen["grads"]

    path, expected, capture = _record(tmp_path, step)
    _check_snapshots(path, expected)
    assert not capture.copying


def test_capture_gradients_outside_a_step_and_after_close(tmp_path):
    model = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    rec = Recorder(tmp_path / "run.ngrun", model, opt)
    rec.capture_gradients()  # no step in progress: nothing happens
    rec.close()
    with pytest.raises(ng.RecorderError, match="capture_gradients"):
        rec.capture_gradients()


def test_the_update_is_taken_before_an_unarmed_step_changes_the_weights():
    model = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    capture = StepCapture(list(model.parameters()), opt)
    xb, yb = _batches(1)[0]
    expected = _last_step(model, _plain, opt, xb, yb, _NoRec())[1]
    capture.armed = False  # the next step is not kept: the update is read first
    _plain(model, opt, xb, yb, _NoRec())
    for got, want in zip(capture.updates, expected):
        torch.testing.assert_close(got, want, rtol=0, atol=1e-7)
    assert capture.captured == 1 and capture.count == 2
    capture.remove()


class _NoRec:
    def step(self, loss):
        pass


def _record_epochs(tmp_path, lengths, **kwargs):
    """Epochs of ``lengths`` optimizer steps (plain loop); returns (path,
    expected per epoch)."""
    model = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    batches = _batches(max(lengths))
    expected = []
    path = tmp_path / "run.ngrun"
    with Recorder(path, model, opt, **kwargs) as rec:
        for n in lengths:
            for xb, yb in batches[:n]:
                last = _last_step(model, _plain, opt, xb, yb, rec)
            rec.epoch()
            expected.append(last)
    return path, expected


def test_an_epoch_shorter_than_all_before_says_its_snapshot_is_of_an_earlier_step(
    tmp_path,
):
    # the second epoch ends before the step the first one ended on: its last
    # step was not copied, and the snapshot must not pass an earlier step's
    # gradients off as its own
    with pytest.warns(RuntimeWarning, match="earlier step.*optimizer step 4"):
        path, expected = _record_epochs(tmp_path, [4, 2, 3])
    with ng.open_run(path) as run:
        notes = run.config["fit"]["earlier_step_snapshots"]
    assert notes == [{"epoch": 1, "step": 4, "last_step": 6}]
    # the shortest epoch is learned: the third epoch's last step is kept
    _check_snapshots_at(path, expected, epochs=[0, 2])


def test_steps_per_epoch_keeps_the_last_step_of_shorter_epochs(tmp_path):
    path, expected = _record_epochs(tmp_path, [4, 2, 3], steps_per_epoch=2)
    _check_snapshots(path, expected)
    with ng.open_run(path) as run:
        assert "earlier_step_snapshots" not in run.config["fit"]


def test_steps_per_epoch_copies_only_from_the_last_step_on(tmp_path):
    model = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder(tmp_path / "run.ngrun", model, opt, steps_per_epoch=3) as rec:
        armed = []
        for xb, yb in _batches(3):
            armed.append(rec._capture.armed)
            _plain(model, opt, xb, yb, rec)
        rec.epoch()
    assert armed == [False, False, True]


def test_steps_per_epoch_must_be_a_positive_integer(tmp_path):
    model = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ng.ConfigError, match="steps_per_epoch"):
        Recorder(tmp_path / "run.ngrun", model, opt, steps_per_epoch=0)


def _check_snapshots_at(path, expected, epochs):
    """As :func:`_check_snapshots`, for the snapshots of ``epochs`` only."""
    with ng.open_run(path) as run:
        for epoch in epochs:
            grads, update = expected[epoch]
            for i, layer in enumerate(run.snapshot(epoch).layers):
                np.testing.assert_array_equal(
                    layer.grad_weights, grads[2 * i].numpy().T
                )
                np.testing.assert_allclose(
                    layer.update_weights, update[2 * i].numpy().T, atol=1e-7
                )
