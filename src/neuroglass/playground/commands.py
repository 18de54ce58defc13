"""What a live session does with each command of its page.

Handlers (see :mod:`.dispatch`) change the session's :class:`.state.LiveState`
and answer with an outcome: None, or a :class:`.state.Restart` when the change
needs new data or new weights. They use the session's ``push_frame()``,
``push_state()``, ``retune()`` (the rate or schedule changed) and ``send``.
"""

from __future__ import annotations

from . import config as cfg
from . import messages as msg
from . import points
from .build import new_seed
from .dispatch import COMMON
from .explain import explain_unit, trace
from .state import Custom, Restart

#: frames sent but not yet drawn (acknowledged) by the page
MAX_IN_FLIGHT = 2


def on_ack(session, command):
    """Frame ``seq`` is drawn: the frames after it are still in flight (acks
    waiting are merged into the newest one, so this counts from the seq)."""
    state, seq = session.state, command["seq"]
    if seq > state.seq:
        session.send(
            msg.error(
                f"seq must be that of a frame sent (at most {state.seq}); got {seq}.",
                "seq",
                f"帧序号必须是已发送的帧（最大 {state.seq}）；收到的是 {seq}。",
            )
        )
        return
    if seq > state.acked:
        state.acked = seq
        state.in_flight = min(state.in_flight, max(0, state.seq - seq))


def on_play(session, command):
    session.state.playing = True
    session.state.in_flight = min(session.state.in_flight, MAX_IN_FLIGHT - 1)


def on_pause(session, command):
    """Pause (``live``: back from a seek to the live network, still paused)."""
    session.state.playing = False
    session.push_frame()


def on_step(session, command):
    session.state.playing = False
    session.state.step_pending = True


def on_reset(session, command):
    """New weights from a new weight seed (or the same initial weights with
    ``same_init``); the data stays, as in TF Playground."""
    session.state.playing = False
    if not command.get("same_init"):
        session.state.config["seed"] = new_seed()
        return Restart(new_weights=True)
    return Restart(new_weights=True, same_init=True)


def on_regenerate(session, command):
    """New data from a new data seed (in the config, hence in the page's URL
    and the snippet); the weights stay."""
    config = session.state.config
    if config["dataset"] == "custom":  # drawn or uploaded: nothing to draw
        session.send(
            msg.error(
                "the data is custom (drawn or uploaded); choose a data set to "
                "regenerate.",
                "dataset",
                "数据是自定义的（绘制或上传）；请选择一个数据集再重新生成。",
            )
        )
        return None
    config["data_seed"] = new_seed()
    return Restart(new_weights=False, new_data=True)


def on_config(session, command):
    """New settings: the rate, schedule and stop apply live; others restart."""
    state = session.state
    try:
        new = cfg.merge(state.config, command["config"])
    except cfg.ConfigMessageError as exc:
        session.send(msg.refusal(exc))
        return None
    reset, new_data = cfg.needs_reset(state.config, new)
    state.config = new
    session.retune()
    if reset or new_data:
        state.playing = False
        return Restart(new_weights=reset, new_data=new_data)
    session.push_state()
    session.push_frame()
    return None


def on_data(session, command):
    """New custom data (an uploaded CSV): split by the train ratio."""
    state = session.state
    X, y, classes, names = command["data"][:4]
    state.custom = Custom(X, y, classes, names, None)
    state.custom_scale = None if classes else points.value_scale(y)
    state.config["dataset"] = "custom"
    points.set_problem(state.config, "classification" if classes else "regression")
    state.playing = False
    if len(command["data"]) > 4 and command["data"][4]:
        state.pending_events.append(command["data"][4])  # how the task was chosen
    return Restart(new_weights=command.get("new_weights", True), new_data=True)


def on_add_point(session, command):
    """One drawn point, or several (``points``: points drawn while the session
    was busy, merged by the mailbox); training points unless ``test``."""
    drawn = command.get("points") or [(command["x"], command["y"], command["label"])]
    try:
        points.add(session.state, drawn, bool(command.get("test", False)))
    except points.PointError as exc:
        session.send(msg.refusal(exc))
        return None
    return Restart(new_weights=False, new_data=True)


def on_clear_points(session, command):
    points.clear(session.state)
    session.state.playing = False
    return Restart(new_weights=False, new_data=True)


def _layer(session, number):
    """Layer ``number`` (1: the first hidden layer), or None (the page is told)."""
    layers = session.state.net.layers
    if not 1 <= number <= len(layers):
        session.send(
            msg.error(
                f"layer must be from 1 to {len(layers)}; got {number}.",
                "layer",
                f"层必须在 1 到 {len(layers)} 之间；收到的是 {number}。",
            )
        )
        return None
    return layers[number - 1]


def on_set_weight(session, command):
    layer = _layer(session, command["layer"])
    if layer is None:
        return
    i, j = command["from"], command["to"]
    if i >= layer.n_in or j >= layer.n_out:
        session.send(
            msg.error(
                f"layer {command['layer']} has weights from 0..{layer.n_in - 1} to "
                f"0..{layer.n_out - 1}; got from={i}, to={j}.",
                "from" if i >= layer.n_in else "to",
                f"第 {command['layer']} 层的权重从 0..{layer.n_in - 1} 连到 "
                f"0..{layer.n_out - 1}；收到的是从 {i} 到 {j}。",
            )
        )
        return
    layer.weights[i, j] = command["value"]
    session.push_frame()


def on_set_bias(session, command):
    layer = _layer(session, command["layer"])
    if layer is None:
        return
    if command["unit"] >= layer.n_out:
        session.send(
            msg.error(
                f"layer {command['layer']} has units 0..{layer.n_out - 1}; got "
                f"unit={command['unit']}.",
                "unit",
                f"第 {command['layer']} 层的单元为 0..{layer.n_out - 1}；收到的是单元 "
                f"{command['unit']}。",
            )
        )
        return
    layer.bias[command["unit"]] = command["value"]
    session.push_frame()


def on_explain(session, command):
    session.send(
        explain_unit(
            session.state, command["layer"], command["unit"], command.get("sample", 0)
        )
    )


def on_trace(session, command):
    session.send(trace(session.state, command.get("sample", 0)))


LIVE = {
    **COMMON,
    "ack": on_ack,
    "play": on_play,
    "pause": on_pause,
    "live": on_pause,
    "step": on_step,
    "reset": on_reset,
    "regenerate": on_regenerate,
    "config": on_config,
    "_data": on_data,
    "add_point": on_add_point,
    "clear_points": on_clear_points,
    "set_weight": on_set_weight,
    "set_bias": on_set_bias,
    "explain": on_explain,
    "trace": on_trace,
}
