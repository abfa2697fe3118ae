"""CoderStore and SafeJSONStorage on real files: round trips, validation, locking, damage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import tinydb

from coder.codebook.model import Choice, Codebook, Condition, Field
from coder.store.coder_store import (
    ArticleRecord,
    CoderStore,
    DamagedError,
    Incident,
    LockedError,
    RecordInvalid,
    StoreError,
    coder_path,
    list_coders,
)
from coder.store.storage import SafeJSONStorage

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Art:
    id: str
    text: str
    sha256: str = "hash-1"


CODEBOOK = Codebook(
    title="Test",
    version="2.1",
    instructions="",
    article_fields=(
        Field("relevant", "boolean", "article", "Relevant", required=True),
        Field(
            "source_type",
            "choice",
            "article",
            "Source",
            choices=(Choice("wire", "Wire"), Choice("local", "Local")),
        ),
    ),
    incident_fields=(
        Field("date", "date", "incident", "Date", required=True),
        Field("fatalities", "integer", "incident", "Deaths", required=True, min=0),
        Field(
            "event_type",
            "choice",
            "incident",
            "Type",
            choices=(Choice(1, "Armed assault"), Choice(2, "Bombing")),
        ),
        Field(
            "device",
            "text",
            "incident",
            "Device",
            when=Condition("event_type", (2,)),
        ),
        Field("quote", "quote", "incident", "Quote"),
    ),
)
ARTICLE = Art("a1", "Gunmen killed three people in Kano on Tuesday, police said.")


def done_record(article: str = "a1", **values: object) -> ArticleRecord:
    inc = {"date": "2024-03-05", "fatalities": 3, "event_type": 1, "quote": "killed three people"}
    inc.update(values)
    return ArticleRecord(
        article=article, status="done", values={"relevant": True}, incidents=[Incident(values=inc)]
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return coder_path(tmp_path / "coding", "alice")


def test_round_trip_and_reopen(db: Path) -> None:
    with CoderStore.open(db, coder="alice") as store:
        saved = store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
        assert saved.codebook_version == "2.1" and saved.article_hash == "hash-1"
        assert saved.created and saved.updated
        store.save(
            ArticleRecord("a2", "no_incident", {"relevant": False}), codebook=CODEBOOK, article=None
        )
    with CoderStore.open(db, coder="alice", readonly=True) as store:
        got = store.get("a1")
        assert got == saved
        assert [r.article for r in store.records()] == ["a1", "a2"]
        assert store.get("missing") is None
    # a normal TinyDB file, readable with TinyDB's default storage
    plain = tinydb.TinyDB(db)
    docs = plain.table("records").all()
    assert {d["article"] for d in docs} == {"a1", "a2"}
    assert plain.table("meta").all()[0]["coder"] == "alice"
    assert plain.table("meta").all()[0]["format"] == 1
    plain.close()


def test_update_keeps_created_and_incident_ids(db: Path) -> None:
    with CoderStore.open(db, coder="alice") as store:
        first = store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
        first.incidents[0].values["fatalities"] = 4
        second = store.save(first, codebook=CODEBOOK, article=ARTICLE)
    with CoderStore.open(db, coder="alice") as store:
        again = store.get("a1")
    assert again is not None
    assert again.created == first.created
    assert again.incidents[0].id == first.incidents[0].id == second.incidents[0].id
    assert again.incidents[0].values["fatalities"] == 4
    assert len(tinydb.TinyDB(db).table("records")) == 1


def test_returned_records_are_copies(db: Path) -> None:
    with CoderStore.open(db, coder="alice") as store:
        rec = done_record()
        store.save(rec, codebook=CODEBOOK, article=ARTICLE)
        rec.incidents[0].values["fatalities"] = -5  # caller mutates its object after saving
        got = store.get("a1")
        assert got is not None
        got.values["relevant"] = False
        stored = store.get("a1")
        assert stored is not None
        assert stored.values["relevant"] is True
        assert stored.incidents[0].values["fatalities"] == 3


def test_validation_errors_per_field(db: Path) -> None:
    rec = done_record(fatalities=-1, quote="not in the text", device="pipe bomb")
    rec.incidents.append(Incident(values={"fatalities": 1}))
    rec.values["source_type"] = "blog"
    with CoderStore.open(db, coder="alice") as store:
        with pytest.raises(RecordInvalid) as info:
            store.save(rec, codebook=CODEBOOK, article=ARTICLE)
        assert store.get("a1") is None
    errors = info.value.errors
    assert set(errors) == {
        "source_type",
        "incident 1: fatalities",
        "incident 1: quote",
        "incident 1: device",
        "incident 2: date",
    }
    assert "at least 0" in errors["incident 1: fatalities"]
    assert "a1" in str(info.value)


def test_drafts_skip_required_but_not_types_and_keep_scratch(db: Path) -> None:
    draft = ArticleRecord(
        "a1", "draft", {}, [Incident("i1", {"date": "2024"})], scratch={"i1.fatalities": "thr"}
    )
    with CoderStore.open(db, coder="alice") as store:
        store.save(draft, codebook=CODEBOOK, article=ARTICLE)
        got = store.get("a1")
        assert got is not None and got.scratch == {"i1.fatalities": "thr"}
        draft.incidents[0].values["fatalities"] = "three"
        with pytest.raises(RecordInvalid) as info:
            store.save(draft, codebook=CODEBOOK, article=ARTICLE)
        assert set(info.value.errors) == {"incident 1: fatalities"}


def test_done_with_scratch_or_no_incident_with_incidents_refused(db: Path) -> None:
    with CoderStore.open(db, coder="alice") as store:
        rec = done_record()
        rec.scratch = {f"{rec.incidents[0].id}.fatalities": "3?"}
        with pytest.raises(RecordInvalid) as info:
            store.save(rec, codebook=CODEBOOK, article=ARTICLE)
        assert set(info.value.errors) == {"incident 1: fatalities"}
        rec = done_record()
        rec.status = "no_incident"
        with pytest.raises(RecordInvalid) as info:
            store.save(rec, codebook=CODEBOOK, article=ARTICLE)
        assert set(info.value.errors) == {"incidents"}
        rec = done_record()
        rec.incidents.append(Incident(rec.incidents[0].id, dict(rec.incidents[0].values)))
        with pytest.raises(RecordInvalid) as info:
            store.save(rec, codebook=CODEBOOK, article=ARTICLE)
        assert set(info.value.errors) == {"incident 2: id"}
        rec = done_record()
        rec.status = "finished"  # type: ignore[assignment]
        with pytest.raises(RecordInvalid):
            store.save(rec, codebook=CODEBOOK, article=ARTICLE)
        assert store.records() == []


def test_save_many_is_all_or_nothing(db: Path) -> None:
    articles = {"a1": ARTICLE, "a2": Art("a2", ARTICLE.text)}
    with CoderStore.open(db, coder="alice") as store:
        with pytest.raises(RecordInvalid) as info:
            store.save_many(
                [done_record("a1"), done_record("a2", fatalities="x")],
                codebook=CODEBOOK,
                articles=articles,
            )
        assert set(info.value.errors) == {"a2: incident 1: fatalities"}
        assert store.records() == []
        store.save_many(
            [done_record("a1"), done_record("a2")], codebook=CODEBOOK, articles=articles
        )
    with CoderStore.open(db, coder="alice") as store:
        assert [r.article for r in store.records()] == ["a1", "a2"]
        store.delete("a1")
        store.delete("never-there")
    with CoderStore.open(db, coder="alice") as store:
        assert [r.article for r in store.records()] == ["a2"]
        store.save(done_record("a3"), codebook=CODEBOOK, article=None)
        assert [r.article for r in store.records()] == ["a2", "a3"]


def test_value_json_cannot_hold_is_refused_not_written(db: Path) -> None:
    codebook = Codebook("T", "1", "", (Field("x", "number", "article", "X"),), ())
    with CoderStore.open(db, coder="alice") as store:
        before = db.read_bytes()
        with pytest.raises(RecordInvalid):
            store.save(
                ArticleRecord("a1", "draft", {"x": float("nan")}), codebook=codebook, article=None
            )
        assert db.read_bytes() == before


def test_readonly_store_refuses_saves_and_missing_file(db: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        CoderStore.open(db, coder="alice", readonly=True)
    assert not db.exists()  # read-only never creates
    CoderStore.open(db, coder="alice").close()
    store = CoderStore.open(db, coder="alice", readonly=True)
    with store, pytest.raises(StoreError, match="read-only"):
        store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)


def test_wrong_coder_and_bad_names(db: Path, tmp_path: Path) -> None:
    CoderStore.open(db, coder="alice").close()
    with pytest.raises(StoreError, match="'alice', not 'bob'"):
        CoderStore.open(db, coder="bob")
    for bad in ("", "a/b", "../x", "x y", "é", "..", ".hidden", "gold", "Gold"):
        with pytest.raises(StoreError, match="not allowed"):
            coder_path(tmp_path, bad)
    with pytest.raises(StoreError, match=r"gold.json is the adjudicated database"):
        CoderStore.open(tmp_path / "gold.json", coder="gold")
    assert not (tmp_path / "gold.json").exists()
    assert coder_path(tmp_path, "Bob_2.x-y") == tmp_path / "Bob_2.x-y.json"


def test_list_coders(tmp_path: Path) -> None:
    assert list_coders(tmp_path / "nope") == []
    for name in ("bob", "alice"):
        CoderStore.open(coder_path(tmp_path, name), coder=name).close()
    (tmp_path / "gold.json").write_text("{}")  # the adjudication database
    (tmp_path / "notes.txt").write_text("x")
    assert list_coders(tmp_path) == ["alice", "bob"]
    assert (tmp_path / "alice.json.lock").exists()  # lock files are not coders either


def test_permissions_kept(db: Path) -> None:
    CoderStore.open(db, coder="alice").close()
    os.chmod(db, 0o640)
    with CoderStore.open(db, coder="alice") as store:
        store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
    assert db.stat().st_mode & 0o777 == 0o640


def test_symlinked_database_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real" / "alice.json"
    CoderStore.open(real, coder="alice").close()
    link = tmp_path / "alice.json"
    link.symlink_to(real)
    with CoderStore.open(link, coder="alice") as store:
        store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
    assert link.is_symlink()
    assert "a1" in real.read_text()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'{"meta": {"1": {"format": 1, "coder": "alice"}},\n"records": {\n"1": {"article": ',
            r"line 3, column \d+: broken JSON",
        ),
        (b"", r"empty \(0 bytes\)"),
        (b"\n  \n", "empty"),
        (b"[1, 2]", "top level is not an object"),
        (b'{"_default": {}}', "not a coder database"),
        (
            b'{"meta": {"1": {"format": 1, "coder": "alice"}}, "records": {"x": 5}}',
            "not a TinyDB document",
        ),
        (b'{"meta": {"1": {"format": 1, "coder": "alice"}}, "records": {"1": {"v": NaN}}}', "NaN"),
        (
            b'{"meta": {"1": {"format": 1, "coder": "alice"}}, "records": {}}\n\xff\xfe',
            "line 2, column 1: not valid UTF-8",
        ),
    ],
)
def test_damaged_file_is_reported_and_left_alone(db: Path, content: bytes, expected: str) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(content)
    for readonly in (False, True):
        with pytest.raises(DamagedError, match=expected) as info:
            CoderStore.open(db, coder="alice", readonly=readonly)
        assert str(db) in str(info.value)
    assert db.read_bytes() == content
    # the lock was released: after a repair, the file opens
    db.write_bytes(b'{"meta": {"1": {"format": 1, "coder": "alice"}}, "records": {}}')
    CoderStore.open(db, coder="alice").close()


def test_record_with_wrong_shape_names_line_and_article(db: Path) -> None:
    with CoderStore.open(db, coder="alice") as store:
        store.save(done_record("a1"), codebook=CODEBOOK, article=ARTICLE)
        store.save(done_record("a2"), codebook=CODEBOOK, article=None)
    text = db.read_text().replace('"status": "done"', '"status": "finished"', 1)
    db.write_text(text)
    with pytest.raises(DamagedError, match=r"line 6: record 1 \(article 'a1'\): status 'finished'"):
        CoderStore.open(db, coder="alice")
    assert db.read_text() == text


def test_newer_format_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text('{"meta": {"1": {"format": 2, "coder": "alice"}}, "records": {}}')
    with pytest.raises(StoreError, match="format 2"):
        CoderStore.open(db, coder="alice")


def _hold_lock_script(db: Path) -> str:
    return textwrap.dedent(f"""
        import sys, time
        from coder.store.coder_store import CoderStore
        store = CoderStore.open({str(db)!r}, coder="alice")
        print("locked", flush=True)
        time.sleep(60)
    """)


def _start_holder(db: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _hold_lock_script(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_second_writer_refused_but_may_read(db: Path) -> None:
    CoderStore.open(db, coder="alice").close()
    proc = _start_holder(db)
    try:
        with pytest.raises(LockedError) as info:
            CoderStore.open(db, coder="alice")
        message = str(info.value)
        assert str(db) in message and f"pid {proc.pid} on host" in message and "since" in message
        with CoderStore.open(db, coder="alice", readonly=True) as store:
            assert store.readonly and store.records() == []
            with pytest.raises(StoreError, match=f"read-only because pid {proc.pid}"):
                store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_killed_process_does_not_block(db: Path) -> None:
    proc = _start_holder(db)  # creates the file and holds the lock
    proc.kill()  # SIGKILL: no clean-up runs
    proc.wait()
    assert str(proc.pid) in (db.parent / "alice.json.lock").read_text()
    with CoderStore.open(db, coder="alice") as store:
        store.save(done_record(), codebook=CODEBOOK, article=ARTICLE)
    store = CoderStore.open(db, coder="alice", readonly=True)
    with store, pytest.raises(StoreError, match="read-only on request"):
        store.delete("a1")  # stale holder text is not mistaken for a writer


def test_same_process_second_writer_refused(db: Path) -> None:
    with CoderStore.open(db, coder="alice"), pytest.raises(LockedError):
        CoderStore.open(db, coder="alice")
    CoderStore.open(db, coder="alice").close()  # released on close


def test_closed_store_refuses(db: Path) -> None:
    store = CoderStore.open(db, coder="alice")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.get("a1")


def test_threads_saving_concurrently(db: Path) -> None:
    with CoderStore.open(db, coder="alice") as store:

        def work(n: int) -> None:
            for i in range(10):
                store.save(done_record(f"t{n}-{i}"), codebook=CODEBOOK, article=None)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    with CoderStore.open(db, coder="alice") as store:
        assert len(store.records()) == 40
    assert len(tinydb.TinyDB(db).table("records")) == 40


def test_stale_temp_files_removed_on_open(db: Path) -> None:
    CoderStore.open(db, coder="alice").close()
    leftover = db.parent / ".alice.json.abc123.tmp"
    leftover.write_text("{half")
    CoderStore.open(db, coder="alice").close()
    assert not leftover.exists()


def test_storage_works_as_generic_tinydb_storage(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    with tinydb.TinyDB(path, storage=SafeJSONStorage) as db:
        db.insert({"a": 1, "text": "Kanó"})
        db.table("t").insert({"b": [1, 2]})
        db.update({"a": 2})
        assert db.all() == [{"a": 2, "text": "Kanó"}]
    with tinydb.TinyDB(path) as plain:
        assert plain.all() == [{"a": 2, "text": "Kanó"}]
        assert plain.table("t").all() == [{"b": [1, 2]}]
    assert json.loads(path.read_text(encoding="ascii"))["t"] == {"1": {"b": [1, 2]}}


def test_reformatted_or_foreign_tinydb_files_open_and_save(db: Path) -> None:
    """Files not in our one-document-per-line layout (pretty-printed by an editor, written by
    TinyDB's default storage, two documents on one line) are read by the whole-file parser."""
    with CoderStore.open(db, coder="alice") as store:
        store.save(done_record("a1"), codebook=CODEBOOK, article=ARTICLE)
        store.save(done_record("a2"), codebook=CODEBOOK, article=None)
    data = json.loads(db.read_text())
    variants = [
        json.dumps(data, indent=2),
        json.dumps(data),  # what TinyDB's JSONStorage writes
        db.read_text().replace(',\n"2": ', ', "2": '),
    ]
    for n, text in enumerate(variants):
        db.write_text(text)
        with CoderStore.open(db, coder="alice") as store:
            assert [r.article for r in store.records()] == ["a1", "a2"]
            store.save(done_record(f"new{n}"), codebook=CODEBOOK, article=None)
        with tinydb.TinyDB(db) as plain:
            assert len(plain.table("records")) == 3
        data = json.loads(db.read_text())
        data["records"].pop("3")


def test_our_layout_parses_back_exactly(tmp_path: Path) -> None:
    from coder.store.storage import assemble, dump_lines, read_database

    path = tmp_path / "x.json"
    tables = {
        "meta": {"1": {"format": 1}},
        "empty": {},
        'we"ird\\name': {"7": {"s": 'a "quoted" }, line\nbreak', "n": [1, 2.5, None]}},
        "records": {str(i): {"i": i, "nested": {"1": {}, "x": "},"}} for i in (3, 1, 10)},
    }
    path.write_bytes(assemble(tables, dump_lines(tables)))
    data, lines = read_database(path)
    assert lines is not None  # the fast path took it
    assert data == tables == json.loads(path.read_text())
    assert list(data["records"]) == ["3", "1", "10"]
    assert assemble(data, lines) == path.read_bytes()
