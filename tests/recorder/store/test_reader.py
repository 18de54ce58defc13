"""The read-only side of a run file (store/reader.py)."""

import pytest

from neuroglass.recorder import RunFileError
from neuroglass.recorder.store import RunReader


def test_reader_refuses_what_is_not_a_run(tmp_path):
    path = tmp_path / "not-a-run.ngrun"
    path.write_bytes(b"hello, this is not SQLite" * 100)
    reader = RunReader(str(path))
    try:
        with pytest.raises(RunFileError, match="not a neuroglass run"):
            reader.meta()
    finally:
        reader.close()
