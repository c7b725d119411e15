"""What is cached: one index of the record files, in SQLite, derived from them alone.

The record files stay the only source of truth; the index holds, for each file, the hash of
the bytes it was read from and what reading them found (its records and problems), and for
each item what its records say together (the dates of its effective records, the date its
target was first met, the problems across its records). A run hashes every file, reads
again only those whose bytes changed, and describes again only the items their records
touch. The index's key is its schema, ftz's own code and the plan: when one changes, the
index starts over. Beside the records it keeps the plan they were read with and the settings
of ``ftz.yaml``, parsed (``kept``). Deleting it loses nothing; with no cache folder it lives
in memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from array import array
from collections.abc import Callable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ftz_cli.core.history import History, effective, judged
from ftz_cli.core.model import Plan, Update
from ftz_cli.parse.crosscheck import cross_check
from ftz_cli.store import private
from ftz_cli.store.lookup import FIELDS as _FIELDS
from ftz_cli.store.lookup import Index, located_rows

if TYPE_CHECKING:  # the record files' reader is imported when a file changed (store/load.py)
    from ftz_cli.parse.recordfile import FileRead, Read

SCHEMA = 6  # bump when a table changes
_TABLES = (
    "CREATE TABLE meta (key BLOB)",
    "CREATE TABLE files (path TEXT PRIMARY KEY, ord INTEGER, hash BLOB, problems TEXT, refused TEXT)",
    f"CREATE TABLE records (file TEXT, line INTEGER, col INTEGER, dline INTEGER, dcol INTEGER, "
    f"{', '.join(_FIELDS)})",
    "CREATE TABLE items (id TEXT PRIMARY KEY, days BLOB, rows BLOB, first_met INTEGER, across TEXT, "
    "verdicts TEXT, held BLOB)",
    "CREATE TABLE kept (slot TEXT PRIMARY KEY, digest BLOB, value BLOB)",  # kept.py: the plan, the settings
)
_INDEXES = ("CREATE INDEX IF NOT EXISTS records_by_item ON records (id, date)",
            "CREATE INDEX IF NOT EXISTS records_by_file ON records (file)")
_INSERT = f"INSERT INTO records VALUES ({', '.join('?' * (5 + len(_FIELDS)))})"
_ISO: dict[dt.datetime, str] = {}  # a stamp's text: an import's records share one


def open_index(root: Path, key: bytes) -> sqlite3.Connection:
    """The index of the records under ``root``, made again when its key is not ``key`` or it is broken."""
    return private.database(file_name(root), key, (*_TABLES, *_INDEXES))


def file_name(root: Path) -> str:
    """The index's file in the private folder: one for each folder of records."""
    return f"index-{hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()}.sqlite3"


def index_key(source: bytes) -> bytes:
    """What the index (or a value ``kept`` in it) depends on besides the files: schema, code, ``source``."""
    return hashlib.sha256(b"%d\0%b\0%b" % (SCHEMA, private.fingerprint(), source)).digest()


File = tuple[str, bytes]  # shown path, bytes


def synced(root: Path, plan: Plan, key: bytes, files: Sequence[File],
           parse: Callable[[str, bytes], FileRead]) -> Index:
    """The index of ``files`` (in reading order), each file read again (``parse``) only when
    its bytes are not those it was read from; the items their records touch described again."""
    db = open_index(root, key)
    try:
        _sync(db, plan, files, parse)
    except sqlite3.Error as err:  # a broken, full, read-only or long-held file: this run's index lives in memory
        with contextlib.suppress(sqlite3.Error):
            db.close()
        if not isinstance(err, sqlite3.OperationalError):  # broken: made again on disk next time
            private.discard()
        db = private.in_memory(key, (*_TABLES, *_INDEXES))
        _sync(db, plan, files, parse)
    return Index(db, plan)


def _sync(db: sqlite3.Connection, plan: Plan, files: Sequence[File], parse: Callable[[str, bytes], FileRead]) -> None:
    hashes = {shown: hashlib.sha256(data).digest() for shown, data in files}
    db.execute("BEGIN IMMEDIATE")
    try:
        known = dict(db.execute("SELECT path, hash FROM files").fetchall())
        changed = [(shown, data) for shown, data in files if known.get(shown) != hashes[shown]]
        gone = [(path,) for path in known if path not in hashes]
        touched: set[str] = set()
        for (path,) in [*gone, *((shown,) for shown, _ in changed if shown in known)]:
            touched.update(i for (i,) in db.execute("SELECT DISTINCT id FROM records WHERE file = ?", (path,)))
            db.execute("DELETE FROM records WHERE file = ?", (path,))
        db.executemany("DELETE FROM files WHERE path = ?", gone)
        read = _insert(db, changed, hashes, parse, touched)
        fresh = None if known else read  # else the items' other records are in the index
        if changed or gone:
            db.executemany("UPDATE files SET ord = ? WHERE path = ?", ((n, s) for n, (s, _) in enumerate(files)))
        for item_id in sorted(touched):
            _describe(db, plan, item_id, fresh)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # SQLite has rolled back by itself after a full disk
            db.execute("ROLLBACK")
        raise


# a record read, as the items are described from it when the index held nothing before:
# what orders it (stamp, file, line), the record's fields, its file, column and row id
Fresh = dict[str, list[tuple[str, int, int, tuple[Any, ...], str, int, int]]]


def _insert(db: sqlite3.Connection, changed: Sequence[File], hashes: dict[str, bytes],
            parse: Callable[[str, bytes], FileRead], touched: set[str]) -> Fresh:
    """Read ``changed`` files into the index; their records by item (``Fresh``)."""
    bulk = len(changed) > 64  # many rows: indexed once they are all in, at a third of the cost
    if bulk:
        db.execute("DROP INDEX records_by_item")
        db.execute("DROP INDEX records_by_file")
    rowid = db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0]
    fresh: Fresh = {}
    for order, (shown, data) in enumerate(changed):
        read = parse(shown, data)
        db.execute("INSERT OR REPLACE INTO files VALUES (?, 0, ?, ?, ?)", (
            shown, hashes[shown], json.dumps(read.problems, ensure_ascii=False), json.dumps(read.refused)))
        db.executemany(_INSERT, _rows(read.records, shown, order, rowid, fresh))
        rowid += len(read.records)  # one more than the largest: the rows of an index that held nothing
    touched.update(fresh)
    for statement in _INDEXES if bulk else ():
        db.execute(statement)
    return fresh


def _rows(records: Sequence[Read], shown: str, order: int, rowid: int, fresh: Fresh) -> list[tuple[Any, ...]]:
    """The records of a file as the index keeps them, each added to ``fresh`` (its row id
    one more than ``rowid`` for the first): a date an ordinal, a stamp ISO text (in China
    time, which sorts as time does), true and false as 1 and 0 (sqlite3 adapts a bool
    slowly: it looks for an adapter first). ``fresh`` keeps each record's fields as a plain
    tuple, not the record: the garbage collector stops looking at a tuple of text, numbers
    and dates, but looks at every ``Update`` on each full collection (dozens while a
    hundred thousand records in the block form are read), so ``_describe`` makes the
    records of one item at a time."""
    rows = []
    for update, line, column, date_line, date_column in records:
        item_id, day, value, status, note, by, at, replace, entered, said, problems, steps, verdict, into, \
            confirmed, outlook = update
        stamp = _ISO.get(at)
        if stamp is None:
            if len(_ISO) > 65536:
                _ISO.clear()
            stamp = _ISO[at] = at.isoformat()
        rows.append((shown, line, column, date_line, date_column, item_id, day.toordinal(), value, status, note,
                     by, stamp, 1 if replace else 0, entered, said, problems, steps, verdict, into,
                     1 if confirmed else 0, outlook))
        rowid += 1
        entry = (stamp, order, line, tuple(update), shown, column, rowid)
        if item_id in fresh:
            fresh[item_id].append(entry)
        else:
            fresh[item_id] = [entry]
    return rows


_FIRST, _PLACED = itemgetter(0), itemgetter(0, 1, 2, 3)


def _describe(db: sqlite3.Connection, plan: Plan, item_id: str, fresh: Fresh | None) -> None:
    """An item's row: its effective records' days and rows, when its target was first met,
    and the problems across its records (none stored for an item the plan lost). Its records
    are ``fresh``'s (in the order the index gives them) when the index held nothing before."""
    if fresh is not None:
        entries = fresh[item_id]
        entries.sort()  # by stamp, file and line: no two records share them
        located = [(Update._make(fields), shown, line, column, rowid)
                   for _, _, line, fields, shown, column, rowid in entries]
    else:
        located = located_rows(db, " WHERE r.id = ?", (item_id,))
    item = plan.items_by_id.get(item_id)
    if not located or item is None:
        db.execute("DELETE FROM items WHERE id = ?", (item_id,))
        return
    verdicts = [judged(entry[0]) for entry in located if entry[0].verdict]  # the office's, apart from progress
    progress = [entry for entry in located if not entry[0].verdict] if verdicts else located
    updates = list(map(_FIRST, progress))
    chosen = effective(updates)
    kept = [updates[i] for i in chosen]
    days = array("i", [u.date.toordinal() for u in kept])
    history = History(days, lambda lo, hi: kept[lo:hi])
    first = history.first_met(item)
    across = [list(d) for d in cross_check(plan, list(map(_PLACED, located)))]
    db.execute("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?)", (
        item_id, days.tobytes(), array("q", [progress[i][4] for i in chosen]).tobytes(),
        first.toordinal() if first else 0, json.dumps(across, ensure_ascii=False),
        json.dumps([[v.date.toordinal(), v.outcome, v.reason, v.by, v.recorded_at.isoformat(), v.carried_into]
                    for v in verdicts], ensure_ascii=False),
        array("i", sorted(history.held_days(item))).tobytes()))
