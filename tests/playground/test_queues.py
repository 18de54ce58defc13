"""The two bounded queues between a page and its session (playground.queues)."""

import asyncio
import queue
import threading

import pytest

from neuroglass.playground.queues import (
    MAX_MERGED_POINTS,
    Mailbox,
    Outbox,
    supersede_key,
)


def test_supersede_keys():
    assert supersede_key({"type": "focus", "layer": 1, "unit": 0}) == "focus"
    weight = {"type": "set_weight", "layer": 1, "from": 0, "to": 2, "value": 1.0}
    assert supersede_key(weight) == ("set_weight", 1, 0, 2)
    bias = {"type": "set_bias", "layer": 2, "unit": 3, "value": 0.0}
    assert supersede_key(bias) == ("set_bias", 2, 3)
    assert supersede_key({"type": "step"}) is None  # every step counts


def test_a_newer_request_replaces_a_waiting_one_and_goes_last():
    box = Mailbox()
    box.put({"type": "focus", "layer": 1, "unit": 0})
    box.put({"type": "step"})
    box.put({"type": "focus", "layer": 2, "unit": 1})
    assert len(box) == 2
    assert box.get_nowait() == {"type": "step"}
    assert box.get_nowait() == {"type": "focus", "layer": 2, "unit": 1}
    with pytest.raises(queue.Empty):
        box.get_nowait()


def test_edits_of_the_same_weight_keep_the_last_value_only():
    box = Mailbox()
    for value in (1.0, 2.0, 3.0):
        box.put({"type": "set_weight", "layer": 1, "from": 0, "to": 0, "value": value})
    box.put({"type": "set_weight", "layer": 1, "from": 0, "to": 1, "value": 9.0})
    assert [box.get_nowait()["value"] for _ in range(len(box))] == [3.0, 9.0]


def test_drawn_points_waiting_are_merged_into_one_command_up_to_a_limit():
    box = Mailbox()
    box.put({"type": "add_point", "x": 0.0, "y": 0.0, "label": 0})
    box.put({"type": "add_point", "x": 1.0, "y": 2.0, "label": 1})
    merged = box.get_nowait()
    assert merged == {"type": "add_point", "points": [(0.0, 0.0, 0), (1.0, 2.0, 1)]}
    full = {"type": "add_point", "points": [(0.0, 0.0, 0)] * MAX_MERGED_POINTS}
    box.put(full)
    box.put({"type": "add_point", "x": 5.0, "y": 5.0, "label": 1})
    assert len(box.get_nowait()["points"]) == MAX_MERGED_POINTS  # the rest dropped


def test_at_most_limit_plain_commands_wait_superseding_ones_still_pass():
    box = Mailbox(limit=2)
    assert box.put({"type": "step"}) and box.put({"type": "regenerate"})
    assert not box.put({"type": "step"})  # refused: the server tells the page
    assert box.put({"type": "focus", "layer": None})  # keyed: replaces, not piles
    assert len(box) == 3
    box.get_nowait()
    assert box.put({"type": "step"})  # room again


def test_get_waits_for_a_command_or_times_out():
    box = Mailbox()
    with pytest.raises(queue.Empty):
        box.get(timeout=0.01)
    threading.Timer(0.05, box.put, args=({"type": "play"},)).start()
    assert box.get(timeout=5) == {"type": "play"}


def test_closing_drops_what_waits_and_tells_waiting_downloads():
    box = Mailbox()
    call = {"type": "_call", "box": {"done": threading.Event(), "error": None}}
    box.put({"type": "step"})
    box.put(call)
    box.close()
    assert call["box"]["done"].is_set()
    assert "ended" in str(call["box"]["error"])
    assert box.get() == {"type": "_close"} and len(box) == 0
    late = {"type": "_call", "box": {"done": threading.Event(), "error": None}}
    assert not box.put(late) and late["box"]["done"].is_set()


def test_outbox_offer_drops_when_full_and_sent_makes_room():
    async def scenario():
        box = Outbox(asyncio.get_running_loop(), limit=2)
        assert box.offer("a") and box.offer("b")
        assert not box.offer("c")  # full: dropped, never blocks the loop
        box.put("d")  # from the loop's own thread: an offer, dropped too
        assert await box.get() == "a"
        box.sent()
        assert box.offer("e")
        assert [await box.get(), await box.get()] == ["b", "e"]
        box.close()
        assert not box.offer("f")

    asyncio.run(scenario())


def test_outbox_put_from_another_thread_waits_for_room_until_closed():
    async def scenario():
        box = Outbox(asyncio.get_running_loop(), limit=1)
        done = threading.Event()

        def sender():
            box.put("first")
            box.put("second")  # blocks: no room until the page reads
            done.set()

        thread = threading.Thread(target=sender)
        thread.start()
        assert await box.get() == "first"
        await asyncio.sleep(0.1)
        assert not done.is_set()
        box.sent()
        assert await box.get() == "second"
        thread.join(5)
        assert done.is_set()
        blocked = threading.Thread(target=lambda: (box.put("x"), box.put("y")))
        blocked.start()
        await asyncio.sleep(0.1)
        box.close()  # the page went: the waiting sender gives up
        blocked.join(5)
        assert not blocked.is_alive()

    asyncio.run(scenario())
