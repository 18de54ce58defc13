"""A page's session: a worker thread fed by a command queue (playground.worker)."""

import threading

from neuroglass.playground.state import CLOSE, View
from neuroglass.playground.worker import Worker


class _Echo(Worker):
    """Handles commands until closed; ``seen`` lists what its thread handled."""

    def __init__(self, send):
        super().__init__(send, View(config={"k": 1}))
        self.handlers = {**self.handlers, "note": self._note}
        self.seen = []
        self.thread_ids = set()

    def _note(self, worker, command):
        self.seen.append(command["text"])

    def _work(self):
        while True:
            command = self.commands.get()
            self.thread_ids.add(threading.get_ident())
            if self.handle(command) is CLOSE:
                return


def test_start_says_hello_then_the_thread_handles_commands_in_order():
    sent = []
    worker = _Echo(sent.append)
    worker.start()
    assert sent[0]["type"] == "hello" and sent[0]["session"] == worker.id
    assert sent[0]["mode"] == "live"
    assert worker.put({"type": "note", "text": "a"})
    worker.put({"type": "note", "text": "b"})
    box = worker.call(lambda state: state.config["k"])  # a download
    assert box["done"].wait(5) and box["value"] == 1 and box["error"] is None
    assert worker.seen == ["a", "b"]
    assert worker.thread_ids == {worker._thread.ident}  # never the caller's
    worker.close()
    assert not worker._thread.is_alive()


def test_a_busy_or_closed_worker_answers_a_download_at_once():
    worker = _Echo(lambda message: None)  # not started: nothing is handled
    worker.commands.limit = 0  # every plain command is refused
    box = worker.call(lambda state: 1)
    assert box["done"].is_set() and "busy" in str(box["error"])
    worker.commands.limit = 64
    worker.stop()
    box = worker.call(lambda state: 1)
    assert box["done"].is_set() and "ended" in str(box["error"])
    assert not worker.put({"type": "note", "text": "late"})


def test_each_session_has_its_own_unguessable_id():
    ids = {_Echo(lambda m: None).id for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 16 for i in ids)
