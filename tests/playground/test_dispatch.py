"""The one command dispatch of live and replayed sessions (playground.dispatch)."""

import threading
import types

import pytest

from neuroglass.playground import dispatch
from neuroglass.playground.state import CLOSE, View


@pytest.mark.parametrize(
    ("command", "field"),
    [
        ({"type": "focus", "layer": 4, "unit": 0}, "layer"),
        ({"type": "focus", "layer": 64, "unit": 0}, "layer"),
        ({"type": "focus", "layer": 0, "unit": 2}, "unit"),  # two input features
        ({"type": "focus", "layer": 1, "unit": 4}, "unit"),
        ({"type": "focus", "layer": 3, "unit": 1}, "unit"),  # one output
        ({"type": "set_weight", "layer": 4, "from": 0, "to": 0, "value": 1}, "layer"),
        ({"type": "set_weight", "layer": 1, "from": 2, "to": 0, "value": 1}, "from"),
        ({"type": "set_weight", "layer": 2, "from": 0, "to": 2, "value": 1}, "to"),
        ({"type": "set_bias", "layer": 4, "unit": 0, "value": 1}, "layer"),
        ({"type": "set_bias", "layer": 2, "unit": 2, "value": 1}, "unit"),
        ({"type": "explain", "layer": 4, "unit": 0}, "layer"),
        ({"type": "explain", "layer": 1, "unit": 4}, "unit"),
        ({"type": "explain", "layer": 1, "unit": 0, "sample": 250}, "sample"),
        ({"type": "trace", "sample": 250}, "sample"),
        ({"type": "seek", "epoch": 5}, "epoch"),  # nothing trained yet
        ({"type": "add_point", "x": 1.0, "y": 1.0, "label": 2}, "label"),
        ({"type": "add_point", "x": 1.0, "y": 1.0, "label": 0.5}, "label"),
        ({"type": "ack", "seq": 999}, "seq"),
        ({"type": "config", "config": {"hidden": [40]}}, "hidden"),
        ({"type": "config", "config": {"features": ["x3"]}}, "features"),
        ({"type": "config", "config": {"data_seed": -1}}, "data_seed"),
        ({"type": "config", "config": {"activation": "step"}}, "activation"),
    ],
)
def test_a_field_the_network_lacks_gets_an_error_and_nothing_else(
    driver, command, field
):
    d = driver({"seed": 0})
    d.initial()
    d.session.put(command)
    first = d.out.get(timeout=20)  # nothing else is sent before the error
    assert isinstance(first, dict) and first["type"] == "error", first
    assert first["field"] == field and str(command.get(field, "")) in first["message"]
    d.send(type="step")
    header, _ = d.next("frame")
    assert header["epoch"] == 1 and not header["replay"]


class _Worker:
    """The hooks a handler may use, recorded."""

    def __init__(self, sizes=(2, 4, 1), last=3):
        self.sent, self.seeks, self.redraws = [], [], 0
        self.state = View(net=types.SimpleNamespace(sizes=list(sizes)))
        self.last = last

    def send(self, message):
        self.sent.append(message)

    def redraw(self):
        self.redraws += 1

    def last_epoch(self):
        return self.last

    def seek(self, epoch):
        self.seeks.append(epoch)


def test_a_handler_gets_the_worker_and_its_outcome_is_returned():
    worker = _Worker()
    handlers = {"ping": lambda w, c: (w, c["n"])}
    assert dispatch.dispatch(worker, {"type": "ping", "n": 2}, handlers) == (worker, 2)
    assert dispatch.dispatch(worker, {"type": "_close"}, dispatch.COMMON) is CLOSE


def test_an_unknown_type_is_told_or_refused_by_the_session():
    worker = _Worker()
    assert dispatch.dispatch(worker, {"type": "play"}, dispatch.COMMON) is None
    assert worker.sent[-1]["field"] == "type" and "'play'" in worker.sent[-1]["message"]
    refused = dispatch.dispatch(
        worker, {"type": "play"}, dispatch.COMMON, refuse=lambda w, c: "no training"
    )
    assert refused == "no training" and len(worker.sent) == 1


def test_a_failing_handler_is_told_to_the_page_and_the_session_goes_on():
    worker = _Worker()

    def broken(w, c):
        raise KeyError("oops")

    assert dispatch.dispatch(worker, {"type": "x"}, {"x": broken}) is None
    assert worker.sent[-1]["message"] == "x failed: KeyError: 'oops'"


def test_a_download_runs_in_the_worker_and_fills_its_box():
    worker = _Worker()
    box = {"done": threading.Event(), "value": None, "error": None}
    dispatch.on_call(worker, {"fn": lambda state: state.net.sizes, "box": box})
    assert box["done"].is_set() and box["value"] == [2, 4, 1]
    box = {"done": threading.Event(), "value": None, "error": None}
    dispatch.on_call(worker, {"fn": lambda state: 1 / 0, "box": box})
    assert box["done"].is_set() and isinstance(box["error"], ZeroDivisionError)


def test_focus_checks_the_unit_against_the_network_drawn():
    worker = _Worker(sizes=(2, 4, 1))
    dispatch.on_focus(worker, {"type": "focus", "layer": 1, "unit": 3})
    assert worker.state.focus == (1, 3) and worker.redraws == 1
    dispatch.on_focus(worker, {"type": "focus", "layer": 1, "unit": 4})
    assert worker.sent[-1]["field"] == "unit" and "units 0 to 3" in str(worker.sent)
    dispatch.on_focus(worker, {"type": "focus", "layer": 3, "unit": 0})
    assert worker.sent[-1]["field"] == "layer" and "to 2 (the output)" in str(
        worker.sent[-1]
    )
    assert worker.state.focus == (1, 3) and worker.redraws == 1  # unchanged
    dispatch.on_focus(worker, {"type": "focus", "layer": None})
    assert worker.state.focus is None and worker.redraws == 2


def test_seek_goes_only_to_epochs_trained():
    worker = _Worker(last=3)
    dispatch.on_seek(worker, {"type": "seek", "epoch": 3})
    dispatch.on_seek(worker, {"type": "seek", "epoch": 4})
    assert worker.seeks == [3]
    assert worker.sent[-1]["field"] == "epoch" and "from 0 to 3" in str(worker.sent)
