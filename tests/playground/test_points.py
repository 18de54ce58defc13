"""Points drawn on the map: added, kept in their part, cleared (playground.points)."""


def test_draw_points_then_clear(driver):
    d = driver({"seed": 0})
    first = d.next("state")
    d.send(type="add_point", x=1.0, y=2.0, label=1)
    state = d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    assert len(state["train"]) + len(state["test"]) == len(first["train"]) * 2 + 1
    d.send(type="clear_points")
    state = d.next("state", where=lambda m: not m["train"])
    d.send(type="add_point", x=1.0, y=2.0, label=7)
    assert d.next("error")["field"] == "label"


def test_drawn_points_are_training_points_unless_asked(driver):
    d = driver({"seed": 0})
    first = d.next("state")
    d.send(type="clear_points")
    d.next("state", where=lambda m: not m["train"] and not m["test"])
    drawn = [(x / 10, -x / 10, x % 2) for x in range(30)]
    for x, y, label in drawn:
        d.send(type="add_point", x=x, y=y, label=label)
    state = d.next("state", where=lambda m: len(m["train"]) == 30)
    assert state["test"] == []  # none vanished into the hidden test split
    assert sorted(map(tuple, state["train"])) == sorted(
        (round(x, 4), round(y, 4), c) for x, y, c in drawn
    )
    d.send(type="add_point", x=0.0, y=0.0, label=1, test=True)
    state = d.next("state", where=lambda m: len(m["test"]) == 1)
    assert len(state["train"]) == 30
    # points drawn over a generated data set: its split stays, the point trains
    d2 = driver({"seed": 0})
    first = d2.next("state")
    d2.send(type="add_point", x=1.0, y=2.0, label=1)
    state = d2.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    assert state["test"] == first["test"]
    assert state["train"] == [*first["train"], [1.0, 2.0, 1]]


def test_drawn_values_keep_the_colours_range_or_widen_it(driver):
    d = driver({"seed": 4, "problem": "regression", "dataset": "plane"})
    state = d.next("state", where=lambda m: m["config"]["dataset"] == "plane")
    assert state["target_scale"] is None  # TF Playground's own set, as it is
    d.send(type="add_point", x=1.0, y=1.0, label=0.5)
    state = d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    assert state["target_scale"] is None  # a value the colours already show
    d.send(type="add_point", x=2.0, y=1.0, label=5.0)
    state = d.next("state", where=lambda m: m["target_scale"] is not None)
    assert (state["target_scale"]["low"], state["target_scale"]["high"]) == (-1, 5)
    box = d.session.call(lambda s: (s.parts["train"][1].copy(), s.data.y_train.copy()))
    assert box["done"].wait(10)
    targets, values = box["value"]
    # 5 is the top of the scale; the plane's own values (down to -1.16) stay near -1
    assert targets.max() == 1.0 and targets.min() > -1.1
    assert values.max() == 5.0  # the data keeps its own units
    d.send(type="clear_points")
    state = d.next("state", where=lambda m: m["train"] == [])
    assert state["target_scale"]["high"] == 5  # points drawn next keep the colours
