"""Trainer: the training loop the caller drives, and the truthful end of every fit."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, TrainingDiverged


def blobs(n=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return X, (X[:, 0] + X[:, 1] > 0).astype(int)


def small_net(seed=0):
    return ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=seed)


class Events(ng.Callback):
    def __init__(self):
        self.events = []

    def on_fit_start(self, net, fit):
        self.events.append(("start", fit.status))

    def on_batch_end(self, net, step):
        self.events.append(("batch", step.step))

    def on_epoch_end(self, net, info):
        self.events.append(("epoch", info.epoch))

    def on_fit_end(self, net, fit):
        self.events.append(("end", fit.status, fit.epochs_done, fit.error))

    def kinds(self):
        return [e[0] for e in self.events]


OPTIONS = [
    {},
    {"optimizer": "adam", "lr": 0.01},
    {"l2": 0.01, "clip_norm": 0.5},
    {"optimizer": "momentum", "validation_split": 0.25, "lr_schedule": "cosine"},
]


@pytest.mark.parametrize("options", OPTIONS, ids=repr)
def test_stepping_equals_fit_bit_for_bit(options):
    X, y = blobs()
    fitted = small_net()
    history = fitted.fit(X, y, epochs=3, batch_size=7, **options)
    stepped = small_net()
    trainer = ng.Trainer(stepped, X, y, epochs=3, batch_size=7, **options)
    infos = []
    while not trainer.done:
        infos.append(trainer.step())
    np.testing.assert_array_equal(
        stepped.parameters_vector(), fitted.parameters_vector()
    )
    assert trainer.history.loss == history.loss
    assert trainer.history.val_loss == history.val_loss
    assert trainer.status == history.status == "finished"
    assert len(infos) == 3 * trainer.steps_per_epoch
    assert [i.step for i in infos] == list(range(len(infos)))
    assert stepped.steps_trained == fitted.steps_trained


def test_run_epoch_and_run_share_the_loop():
    X, y = blobs()
    reference = small_net()
    reference.fit(X, y, epochs=4, batch_size=10, lr=0.3)
    net = small_net()
    trainer = ng.Trainer(net, X, y, epochs=4, batch_size=10, lr=0.3)
    assert trainer.status == "ready" and not trainer.done
    trainer.step()
    assert (trainer.status, trainer.epoch, trainer.batch) == ("running", 0, 1)
    info = trainer.run_epoch()
    assert isinstance(info, ng.EpochInfo) and info.epoch == 0
    assert (trainer.epoch, trainer.batch) == (1, 0)
    assert trainer.run() is trainer.history is net.history
    np.testing.assert_array_equal(
        net.parameters_vector(), reference.parameters_vector()
    )


def test_iterating_yields_each_epoch_info():
    X, y = blobs()
    trainer = ng.Trainer(small_net(), X, y, epochs=3, batch_size=20)
    infos = list(trainer)
    assert [i.epoch for i in infos] == [0, 1, 2]
    assert all(isinstance(i, ng.EpochInfo) for i in infos)
    assert [i.loss for i in infos] == trainer.history.loss
    assert trainer.status == "finished"


def test_stop_ends_the_fit_stopped_and_keeps_the_history():
    X, y = blobs()
    events = Events()
    trainer = ng.Trainer(small_net(), X, y, epochs=5, batch_size=20, callbacks=events)
    trainer.run_epoch()
    trainer.step()
    trainer.stop()
    assert trainer.done and trainer.status == "stopped"
    assert events.events[-1] == ("end", "stopped", 1, None)
    assert len(trainer.history) == 1 and trainer.history.status == "stopped"
    trainer.stop()  # idempotent
    assert events.kinds().count("end") == 1
    with pytest.raises(ConfigError, match=r"ended.*'stopped'"):
        trainer.step()


def test_stop_before_the_first_step_calls_no_callback():
    X, y = blobs()
    events = Events()
    net = small_net()
    before = net.parameters_vector()
    trainer = ng.Trainer(net, X, y, epochs=2, callbacks=events)
    trainer.stop()
    assert trainer.status == "stopped" and events.events == []
    np.testing.assert_array_equal(net.parameters_vector(), before)


def test_stop_from_a_callback_ends_after_that_step():
    X, y = blobs()
    events = Events()
    trainer = None

    class StopAtThree(ng.Callback):
        def on_batch_end(self, net, step):
            if step.step == 3:
                trainer.stop()

    trainer = ng.Trainer(
        small_net(), X, y, epochs=5, batch_size=10, callbacks=[events, StopAtThree()]
    )
    trainer.run()
    assert trainer.status == "stopped"
    assert trainer.net.steps_trained == 4
    assert events.events[-1][:2] == ("end", "stopped")


def test_step_after_the_end_is_a_config_error():
    X, y = blobs()
    trainer = ng.Trainer(small_net(), X, y, epochs=1, batch_size=30)
    trainer.run()
    assert trainer.status == "finished"
    for call in (trainer.step, trainer.run_epoch, trainer.run):
        with pytest.raises(ConfigError, match=r"ended.*'finished'"):
            call()
    with pytest.raises(ConfigError, match="ended"):
        trainer.lr = 0.1


def test_an_exception_from_a_callback_interrupts():
    X, y = blobs()
    events = Events()

    class Broken(ng.Callback):
        def on_epoch_end(self, net, info):
            raise RuntimeError("disk full")

    trainer = ng.Trainer(small_net(), X, y, epochs=3, callbacks=[events, Broken()])
    with pytest.raises(RuntimeError, match="disk full"):
        trainer.run()
    assert trainer.status == "interrupted"
    assert events.events[-1] == ("end", "interrupted", 1, "RuntimeError: disk full")
    with pytest.raises(ConfigError, match="interrupted"):
        trainer.step()


def test_keyboard_interrupt_interrupts():
    X, y = blobs()
    events = Events()

    class CtrlC(ng.Callback):
        def on_batch_end(self, net, step):
            if step.step == 2:
                raise KeyboardInterrupt

    trainer = ng.Trainer(
        small_net(), X, y, epochs=3, batch_size=10, callbacks=[events, CtrlC()]
    )
    with pytest.raises(KeyboardInterrupt):
        trainer.run()
    assert trainer.status == trainer.history.status == "interrupted"
    assert events.events[-1] == ("end", "interrupted", 0, "KeyboardInterrupt")


def test_an_exception_in_on_fit_start_ends_the_callbacks_that_started():
    X, y = blobs()
    first, last = Events(), Events()

    class Refuses(ng.Callback):
        def on_fit_start(self, net, fit):
            raise OSError("cannot open the run file")

    trainer = ng.Trainer(small_net(), X, y, callbacks=[first, Refuses(), last])
    with pytest.raises(OSError, match="run file"):
        trainer.step()
    assert trainer.status == "interrupted"
    assert first.kinds() == ["start", "end"] and last.events == []


def test_divergence_while_stepping():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 10
    y = X @ np.array([3.0, -2.0])
    events = Events()
    net = ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0)
    trainer = ng.Trainer(net, X, y, epochs=50, batch_size=10, lr=5.0, callbacks=events)
    with pytest.raises(TrainingDiverged):
        while True:
            trainer.step()
    assert trainer.status == trainer.history.status == "diverged"
    assert events.events[-1][:2] == ("end", "diverged")
    assert trainer.info.cause is not None
    assert np.isfinite(net.parameters_vector()).all()
    with pytest.raises(ConfigError, match="diverged"):
        trainer.step()


def test_lr_change_mid_fit_takes_effect():
    X, y = blobs()
    net = small_net()
    trainer = ng.Trainer(net, X, y, epochs=2, batch_size=10, lr=0.5)
    trainer.step()
    trainer.lr = 0.0
    assert trainer.lr == 0.0 and trainer.optimizer.lr == 0.0
    frozen = net.parameters_vector()
    trainer.run_epoch()
    np.testing.assert_array_equal(net.parameters_vector(), frozen)
    assert trainer.history.lr == [0.0]
    trainer.lr = 0.2
    trainer.step()
    assert not np.array_equal(net.parameters_vector(), frozen)
    assert trainer.optimizer.lr == 0.2
    with pytest.raises(ConfigError, match="learning rate"):
        trainer.lr = -1


def test_lr_change_applies_through_the_schedule():
    X, y = blobs()
    trainer = ng.Trainer(
        small_net(), X, y, epochs=4, lr=1.0, lr_schedule=ng.StepDecay(1, 0.5)
    )
    trainer.run_epoch()
    trainer.run_epoch()
    trainer.lr = 0.4  # epoch 2: the schedule halves twice
    assert trainer.optimizer.lr == pytest.approx(0.1)
    trainer.run()
    assert trainer.history.lr == pytest.approx([1.0, 0.5, 0.1, 0.05])


def test_epochs_can_be_changed_between_steps():
    X, y = blobs()
    trainer = ng.Trainer(small_net(), X, y, epochs=2, batch_size=30)
    trainer.run_epoch()
    trainer.epochs = 4
    assert trainer.info.epochs == 4
    trainer.run()
    assert len(trainer.history) == 4 and trainer.status == "finished"

    trainer = ng.Trainer(small_net(), X, y, epochs=5, batch_size=30)
    trainer.run_epoch()
    trainer.step()
    with pytest.raises(ConfigError, match="epochs=1 is fewer"):
        trainer.epochs = 1
    trainer.run_epoch()
    trainer.epochs = 2  # as many as completed: the fit is over
    assert trainer.status == "finished" and len(trainer.history) == 2


def test_with_block_stops_on_normal_exit_and_interrupts_on_error():
    X, y = blobs()
    events = Events()
    with ng.Trainer(small_net(), X, y, epochs=5, callbacks=events) as trainer:
        for info in trainer:
            if info.epoch == 1:
                break
    assert trainer.status == "stopped" and len(trainer.history) == 2
    assert events.events[-1] == ("end", "stopped", 2, None)

    events = Events()
    with pytest.raises(ValueError, match="caller's bug"):
        with ng.Trainer(small_net(), X, y, epochs=5, callbacks=events) as trainer:
            trainer.step()
            raise ValueError("caller's bug")
    assert trainer.status == "interrupted"
    assert events.events[-1] == ("end", "interrupted", 0, "ValueError: caller's bug")

    with ng.Trainer(small_net(), X, y, epochs=1) as trainer:
        trainer.run()
    assert trainer.status == "finished"


def test_fit_statuses_are_unchanged():
    X, y = blobs()
    assert small_net().fit(X, y, epochs=2).status == "finished"

    class StopNow(ng.Callback):
        def on_epoch_end(self, net, info):
            net.stop_training = True

    history = small_net().fit(X, y, epochs=5, callbacks=StopNow())
    assert history.status == "stopped_early" and len(history) == 1


def test_trainer_checks_its_arguments_like_fit():
    X, y = blobs()
    with pytest.raises(ConfigError, match="epochs must be a positive integer"):
        ng.Trainer(small_net(), X, y, epochs=0)
    with pytest.raises(ConfigError, match="must be an ng\\.Network"):
        ng.Trainer("net", X, y)
    with pytest.raises(ConfigError, match="epochs must be a positive integer"):
        ng.Trainer(small_net(), X, y).epochs = 0
    assert ng.engine.Trainer is ng.Trainer
    assert "Trainer(status='ready'" in repr(ng.Trainer(small_net(), X, y))
