"""Damage inside a run file: every reader raises RunFileError naming the file.

Each kind of damage is made on a copy of a real run; every public way of
reading a run is swept over every kind. A reader may also succeed where the
damage is elsewhere, but it never raises anything other than RunFileError.
"""

import json
import shutil
import sqlite3

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.recorder import RunFileError, schema


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    X, y = ng.datasets.circle(n=120, seed=0)
    path = tmp_path_factory.mktemp("original") / "good.ngrun"
    net = ng.mlp([2, 4, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    net.fit(
        X,
        y,
        epochs=4,
        batch_size=10,
        lr=0.03,
        validation_data=(X[:20], y[:20]),
        callbacks=[ng.Recorder(path, snapshot_every=1, flush_seconds=0)],
    )
    with sqlite3.connect(path) as con:  # one diagnostic, to damage its evidence
        con.execute(
            "INSERT INTO diagnostics (rule, severity, epoch, step, layer, message, "
            "evidence, suggestion) VALUES ('r', 'warning', 0, 0, NULL, 'm', '{}', 's')"
        )
    return path


def sql(*statements):
    def damage(path):
        con = sqlite3.connect(path)
        for statement in statements:
            con.execute(statement)
        con.commit()
        con.close()

    return damage


def set_meta(key, text):
    return sql(f"UPDATE meta SET value = '{text}' WHERE key = '{key}'")


def edit_config(change):
    def damage(path):
        con = sqlite3.connect(path)
        (text,) = con.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        config = json.loads(text)
        change(config)
        con.execute(
            "UPDATE meta SET value = ? WHERE key = 'config'", (json.dumps(config),)
        )
        con.commit()
        con.close()

    return damage


def set_blob(table, column, value, where="1"):
    def damage(path):
        con = sqlite3.connect(path)
        con.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (value,))
        con.commit()
        con.close()

    return damage


def without_not_null(table, column):
    """Recreate ``table`` without its constraints, with ``column`` NULL."""
    return sql(
        f"CREATE TABLE copy AS SELECT * FROM {table}",
        f"DROP TABLE {table}",
        f"ALTER TABLE copy RENAME TO {table}",
        f"UPDATE {table} SET {column} = NULL",
    )


def corrupt_pages(path):
    data = bytearray(path.read_bytes())
    page = 4096
    rng = np.random.default_rng(0)
    for start in range(2 * page, len(data) - page, 3 * page):  # keep page 1
        data[start + 8 : start + 400] = rng.bytes(392)
    path.write_bytes(bytes(data))


def overwrite_middle(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xff" * 8192
    path.write_bytes(bytes(data))


def garbage_wal(path):
    path.with_name(path.name + "-wal").write_bytes(b"garbage " * 1000)


def empty(path):
    path.write_bytes(b"")


def folder(path):
    path.unlink()
    path.mkdir()


def header_only(path):
    path.write_bytes(path.read_bytes()[:100])


WRONG_SIZE = schema.pack(np.zeros((3, 5)))
DAMAGE = {
    "corrupt pages": corrupt_pages,
    "bytes overwritten in the middle": overwrite_middle,
    "garbage WAL": garbage_wal,
    "empty file": empty,
    "a folder": folder,
    "header only": header_only,
    "meta not JSON": set_meta("config", "{not json"),
    "status not JSON": set_meta("status", "runn"),
    "deep JSON": set_meta("name", "[" * 100_000 + "]" * 100_000),
    "meta without config": sql("DELETE FROM meta WHERE key = 'config'"),
    "config a list": set_meta("config", "[1, 2]"),
    "config a string": set_meta("config", '"config"'),
    "config without network": edit_config(lambda c: c.pop("network")),
    "layers not a list": edit_config(lambda c: c["network"].update(layers=7)),
    "layer size text": edit_config(
        lambda c: c["network"]["layers"][0].update(n_out="four")
    ),
    "layer size zero": edit_config(lambda c: c["network"]["layers"][1].update(n_in=0)),
    "layers do not chain": edit_config(
        lambda c: c["network"]["layers"][1].update(n_in=9)
    ),
    "unknown activation": edit_config(
        lambda c: c["network"]["layers"][0].update(activation="nope")
    ),
    "optimizer a list": edit_config(lambda c: c.update(optimizer=[1])),
    "fit a number": edit_config(lambda c: c.update(fit=3)),
    "recorder settings a string": edit_config(lambda c: c.update(recorder="x")),
    "status a number": set_meta("status", "5"),
    "final a list": set_meta("final", "[]"),
    "schema version text": set_meta("schema_version", '"2"'),
    "vectors of the wrong size": set_blob("snapshots", "vectors", WRONG_SIZE),
    "vectors truncated": sql("UPDATE snapshots SET vectors = substr(vectors, 1, 40)"),
    "vectors as text": set_blob("snapshots", "vectors", "text"),
    "vectors as a number": set_blob("snapshots", "vectors", 3.5),
    "norms of the wrong shape": set_blob("snapshots", "norms", WRONG_SIZE),
    "norms NULL": set_blob("snapshots", "norms", None),
    "units garbage": set_blob("snapshots", "units", b"NGA1\xff\xff"),
    "activations of the wrong width": set_blob(
        "snapshots", "activations", schema.pack(np.zeros((4, 2), np.float32))
    ),
    "snapshot state not JSON": set_blob("snapshots", "state", "{"),
    "snapshot state without keys": set_blob("snapshots", "state", "{}"),
    "optimizer state of the wrong size": set_blob(
        "checkpoint", "optimizer_state", WRONG_SIZE
    ),
    "final weights of the wrong size": set_blob(
        "blobs", "data", WRONG_SIZE, "name = 'final'"
    ),
    "final weights with an object dtype": set_blob(
        "blobs", "data", b"NGA1\x04\x00|O|3" + b"\x00" * 24, "name = 'final'"
    ),
    "probe of the wrong width": set_blob(
        "blobs", "data", schema.pack(np.zeros((5, 7))), "name = 'probe'"
    ),
    "checkpoint params garbage": set_blob("checkpoint", "params", b"\x00" * 9),
    "checkpoint state a number": set_blob("checkpoint", "state", "12"),
    "step blocks garbage": set_blob("epochs", "steps", b"NGA1garbage"),
    "step blocks of the wrong width": set_blob(
        "epochs", "steps", schema.pack(np.zeros((3, 2)))
    ),
    "step as text": set_blob("epochs", "step", "first"),
    "epoch as text": sql(
        "CREATE TABLE copy AS SELECT * FROM epochs",
        "DROP TABLE epochs",
        "ALTER TABLE copy RENAME TO epochs",
        "UPDATE epochs SET epoch = 'first' WHERE epoch = 1",
    ),
    "loss as text": set_blob("epochs", "loss", "low"),
    "step NULL": without_not_null("epochs", "step"),
    "snapshot step NULL": without_not_null("snapshots", "step"),
    "histogram garbage": sql(
        "INSERT INTO layer_stats VALUES (1, 0, 'weights', 8, 1, 0, 1, -1, 1, "
        "X'4E474131', X'4E474131', X'4E474131')"
    ),
    "diagnostic evidence not JSON": set_blob("diagnostics", "evidence", "{oops"),
    "diagnostic epoch as text": set_blob("diagnostics", "epoch", "later"),
    "no epochs table": sql("DROP TABLE epochs"),
    "no snapshots table": sql("DROP TABLE snapshots"),
    "no blobs table": sql("DROP TABLE blobs"),
    "no diagnostics table": sql("DROP TABLE diagnostics"),
    "no checkpoint table": sql("DROP TABLE checkpoint"),
    "no layer_stats table": sql("DROP TABLE layer_stats"),
    "no meta table": sql("DROP TABLE meta"),
    "epochs table of other columns": sql(
        "DROP TABLE epochs",
        "CREATE TABLE epochs (x TEXT)",
        "INSERT INTO epochs VALUES ('a')",
    ),
}

READERS = {
    "status": lambda run: run.status,
    "epochs": lambda run: run.epochs,
    "snapshot_epochs": lambda run: run.snapshot_epochs,
    "steps": lambda run: run.steps,
    "metrics": lambda run: run.metrics(format="dict"),
    "metrics (pandas)": lambda run: run.metrics(format="pandas"),
    "diagnostics": lambda run: run.diagnostics(),
    "snapshot": lambda run: run.snapshot(),
    "snapshot(1)": lambda run: run.snapshot(1),
    "probe": lambda run: run.probe(),
    "network": lambda run: run.network(),
    "network(1)": lambda run: run.network(1),
    "summary": lambda run: run.summary(),
    "compare": lambda run: run.compare(run.path).config_diff,
    "refresh": lambda run: run.refresh(),
    "repr": repr,
    "checkpoint (what resume reads)": lambda run: run._checkpoint(),
}
#: damage that SQLite itself sets aside: a WAL whose header is not valid is
#: not used, and the committed data in the file reads as it was
HARMLESS = {"garbage WAL"}


@pytest.fixture(params=sorted(DAMAGE))
def damaged(request, original, tmp_path):
    name = request.param if request.param in HARMLESS else "damaged"
    path = tmp_path / f"{name}.ngrun"
    shutil.copyfile(original, path)
    DAMAGE[request.param](path)
    return path


def test_every_reader_raises_run_file_error_for_every_damage(damaged):
    failures, errors = [], 0
    try:
        run = ng.open_run(damaged)
    except RunFileError as exc:
        assert str(damaged) in str(exc)
        return
    with run:
        for name, read in READERS.items():
            try:
                read(run)
            except RunFileError as exc:
                errors += 1
                if str(damaged) not in str(exc):
                    failures.append(f"{name}: the message does not name the file")
            except Exception as exc:
                failures.append(f"{name}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)
    if damaged.stem in HARMLESS:
        assert errors == 0
    else:
        assert errors, "the damage went unnoticed by every reader"


def test_resume_from_a_damaged_run_says_so(damaged):
    X, y = ng.datasets.circle(n=40, seed=1)
    net = ng.mlp([2, 4, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    try:
        net.fit(X, y, epochs=1, batch_size=10, resume=ng.Resume(damaged))
    except ng.RecorderError as exc:
        assert str(damaged) in str(exc)


@pytest.mark.parametrize(
    "damage", ["meta not JSON", "vectors of the wrong size", "no snapshots table"]
)
def test_the_named_damage_is_found(original, tmp_path, damage):
    path = tmp_path / "one.ngrun"
    shutil.copyfile(original, path)
    DAMAGE[damage](path)
    with pytest.raises(RunFileError, match="damaged"):
        with ng.open_run(path) as run:
            run.network(1)


def test_the_real_error_is_not_replaced_by_ending_the_read(original, tmp_path):
    """The read transaction used to COMMIT in ``finally``; after a failed read
    SQLite may have ended the transaction, and "no transaction is active" hid
    the error."""
    path = tmp_path / "read.ngrun"
    shutil.copyfile(original, path)
    with ng.open_run(path) as run:
        store = run._store

        def failing():
            store.epoch_numbers()
            assert store.in_transaction()
            raise RunFileError("the real error")

        with pytest.raises(RunFileError, match="the real error"):
            store.read(failing)
        assert not store.in_transaction()  # no transaction was left open
        assert list(run.epochs)  # and the run reads on


def test_runs_ls_marks_damaged_runs_and_lists_the_rest(original, tmp_path, capsys):
    folder_ = tmp_path / "runs"
    folder_.mkdir()
    shutil.copyfile(original, folder_ / "a-good.ngrun")
    for i, damage in enumerate(sorted(DAMAGE)):
        path = folder_ / f"bad-{i:02d}.ngrun"
        shutil.copyfile(original, path)
        DAMAGE[damage](path)
    (folder_ / "dangling.ngrun").symlink_to(tmp_path / "nowhere.ngrun")
    capsys.readouterr()
    assert main(["runs", "ls", str(folder_)]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "unreadable" not in lines["a-good.ngrun"]
    assert "finished" in lines["a-good.ngrun"]
    assert "dangling.ngrun" in lines and "unreadable" in lines["dangling.ngrun"]
    for i, damage in enumerate(sorted(DAMAGE)):
        name = f"bad-{i:02d}.ngrun"
        assert name in lines, damage
        # a damaged run reads as unreadable, or lists what it holds
        assert "unreadable" in lines[name] or "finished" in lines[name], damage
    for line in out.splitlines():
        assert "Traceback" not in line


def test_runs_show_of_a_damaged_run_is_one_error_line(damaged, capsys):
    capsys.readouterr()
    code = main(["runs", "show", str(damaged)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if code != 0:
        assert code == 2
        assert captured.err.startswith("neuroglass runs: error:")
