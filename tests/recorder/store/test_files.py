"""A run file on disk (store/files.py): any legal file name opens exactly that file,
and its size counts what sits in the WAL."""

import os

import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.recorder import RunFileError
from neuroglass.recorder.store import RunWriter

NAMES = [
    "a%41.ngrun",
    "pct%20x.ngrun",
    "q?mode=rw.ngrun",
    "hash#frag.ngrun",
    "sp ace.ngrun",
    "ünïcødé 名前.ngrun",
    "-leading-dash.ngrun",
    "file:prefixed.ngrun",
    "file:///abs.ngrun",
    "semi;colon&amp=1.ngrun",
    "x" * 240 + ".ngrun",
]


@pytest.mark.parametrize("name", NAMES)
def test_any_legal_file_name_opens_exactly_that_file(
    tmp_path, data, name, monkeypatch, small_net, record
):
    if "/" in name:
        (tmp_path / "file:").mkdir()
        (tmp_path / "file:" / "").mkdir(exist_ok=True)
    monkeypatch.chdir(tmp_path)  # relative names too ("file:x" is no URI here)
    record(name, data, epochs=2)
    assert os.path.isfile(tmp_path / name)
    for path in (name, tmp_path / name):
        with ng.open_run(path) as run:
            assert len(run.epochs) == 2 and run.status == "finished"
    small_net().fit(*data, epochs=1, resume=ng.Resume(name))
    with ng.open_run(name) as run:
        assert len(run.epochs) == 3


def test_a_name_that_decodes_to_another_file_opens_its_own(tmp_path, data, record):
    record(tmp_path / "aA.ngrun", data, epochs=1)
    record(tmp_path / "a%41.ngrun", data, epochs=3)
    with ng.open_run(tmp_path / "a%41.ngrun") as run:
        assert len(run.epochs) == 3
    with pytest.raises(RunFileError, match="no run file"):
        ng.open_run(tmp_path / "b%41.ngrun")


def test_runs_show_counts_what_sits_in_the_wal(tmp_path, data, capsys, record):
    path = tmp_path / "live.ngrun"
    record(path, data, epochs=3, snapshot_every=1)
    writer = RunWriter(path, mode="append")  # a writer holds the WAL open
    try:
        writer.transaction(
            lambda con: con.execute(
                "INSERT INTO blobs VALUES ('extra', ?)", (b"\x00" * 3_000_000,)
            )
        )
        assert os.path.getsize(str(path) + "-wal") > 2_000_000
        capsys.readouterr()
        assert main(["runs", "show", str(path)]) == 0
        out = capsys.readouterr().out
    finally:
        writer.close()
    shown = float(out.split("(", 1)[1].split(" MB")[0])
    assert shown >= 3.0, out
