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

import bisect
import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from array import array
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.history import EMPTY, History, effective, judged
from ftz_cli.core.model import Plan, Update, Verdict
from ftz_cli.parse.crosscheck import Located, cross_check
from ftz_cli.store import private

if TYPE_CHECKING:  # the record files' reader is imported when a file changed (store/load.py)
    from ftz_cli.parse.recordfile import FileRead, Read

SCHEMA = 6  # bump when a table changes
_FIELDS = ("id", "date", "value", "status", "note", "by", "recorded_at", "replace", "input",
           "progress_note", "problems", "next_steps", "verdict", "carried_into", "confirmed", "outlook")
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
_RANKED = (f"SELECT r.rowid, r.file, r.line, r.col, {', '.join('r.' + f for f in _FIELDS)} "
           "FROM records r JOIN files f ON r.file = f.path")
_ORDER = " ORDER BY r.recorded_at, f.ord, r.line"
_LATE = "SELECT file, date, dline, dcol FROM records WHERE id IN (SELECT id FROM items) AND date > ?"  # no scan
_DAYS: dict[int, dt.date] = {}
_STAMPS: dict[str, dt.datetime] = {}
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
# what orders it (stamp, file, line), the record, its file, column and row id
Fresh = dict[str, list[tuple[str, int, int, Update, str, int, int]]]


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
    slowly: it looks for an adapter first)."""
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
        entry = (stamp, order, line, update, shown, column, rowid)
        if item_id in fresh:
            fresh[item_id].append(entry)
        else:
            fresh[item_id] = [entry]
    return rows


_LOCATED = itemgetter(3, 4, 2, 5, 6)  # a fresh entry's record, file, line, column and row id
_FIRST, _PLACED = itemgetter(0), itemgetter(0, 1, 2, 3)


def _describe(db: sqlite3.Connection, plan: Plan, item_id: str, fresh: Fresh | None) -> None:
    """An item's row: its effective records' days and rows, when its target was first met,
    and the problems across its records (none stored for an item the plan lost). Its records
    are ``fresh``'s (in the order the index gives them) when the index held nothing before."""
    if fresh is not None:
        entries = fresh[item_id]
        entries.sort()  # by stamp, file and line: no two records share them
        located = list(map(_LOCATED, entries))
    else:
        located = _located(db.execute(_RANKED + " WHERE r.id = ?" + _ORDER, (item_id,)).fetchall())
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


def _located(rows: Iterable[Sequence[Any]]) -> list[tuple[Update, str, int, int, int]]:
    """Records read back from their rows (``_RANKED``), with file, line, column and row id."""
    days, stamps = _DAYS, _STAMPS
    found = []
    for rowid, file, line, column, item_id, day, value, status, note, by, stamp, replace, entered, said, \
            problems, steps, verdict, into, confirmed, outlook in rows:
        date = days.get(day)
        if date is None:
            date = days[day] = dt.date.fromordinal(day)
        at = stamps.get(stamp)
        if at is None:
            at = stamps[stamp] = dt.datetime.fromisoformat(stamp)
        found.append((Update(item_id, date, value, status, note, by, at, replace == 1, entered, said, problems,
                             steps, verdict, into, confirmed == 1, outlook), file, line, column, rowid))
    return found


class Index:
    """The records of the index, read item by item (``core.snapshot.Stored``)."""

    def __init__(self, db: sqlite3.Connection, plan: Plan) -> None:
        self._db, self._plan = db, plan
        self._asked: dict[frozenset[str], list[Located]] = {}  # the records last asked for, by items
        self._items = {i: (days, rows, first, across, verdicts, held) for i, days, rows, first, across, verdicts, held in
                       db.execute("SELECT id, days, rows, first_met, across, verdicts, held FROM items")}

    def problems(self, today: dt.date) -> tuple[dict[str, list[Diagnostic]], list[Diagnostic]]:
        """Each file's problems (with W221 for a record dated after ``today``, in line
        order), and the problems across records in plan order."""
        by_file: dict[str, list[Diagnostic]] = {}
        late: dict[str, list[tuple[int, int, int]]] = {}
        limit = today.toordinal()
        for path, problems, refused in self._db.execute("SELECT path, problems, refused FROM files"):
            by_file[path] = [Diagnostic(*d) for d in json.loads(problems)]
            late[path] = [tuple(d) for d in json.loads(refused) if d[0] > limit]
        for path, day, line, column in self._db.execute(_LATE, (limit,)):
            late[path].append((day, line, column))
        for path, dates in late.items():
            if dates:
                by_file[path] = sorted(by_file[path] + [_late(path, *d, today) for d in dates],
                                       key=lambda d: (d.line or 0, d.column or 0))
        return by_file, [d for item in self._plan.items for d in self.across(item.id)]

    def history(self, item_id: str) -> History:
        found = self._items.get(item_id)
        if found is None:
            return EMPTY
        days, rows, first, _, judged_json, checking = found
        wanted = array("q")
        wanted.frombytes(rows)
        ordinals = array("i")
        ordinals.frombytes(days)
        met = self._plan.items_by_id[item_id], dt.date.fromordinal(first) if first else None
        made: dict[int, Update] = {}  # a year of weekly briefs asks for the same records again

        def fetch(lo: int, hi: int) -> list[Update]:
            chosen = wanted[lo:hi].tolist()
            missing = [rowid for rowid in chosen if rowid not in made]
            for start in range(0, len(missing), 500):
                part = missing[start:start + 500]
                made.update((e[4], e[0]) for e in self._rows(f" WHERE r.rowid IN ({','.join('?' * len(part))})", part))
            return [made[rowid] for rowid in chosen]

        verdicts = [Verdict(item_id, dt.date.fromordinal(day), outcome, reason, by,
                            dt.datetime.fromisoformat(stamp), into)
                    for day, outcome, reason, by, stamp, into in json.loads(judged_json)]
        held = array("i")
        held.frombytes(checking)
        return History(ordinals, fetch, met, verdicts, held=frozenset(held))

    def _rows(self, where: str, args: Sequence[Any]) -> list[tuple[Update, str, int, int, int]]:
        return _located(self._db.execute(_RANKED + where + _ORDER, args).fetchall())

    def located(self, ids: Collection[str] | None) -> list[Located]:
        """The records of ``ids`` (all when None) with file, line and column, in recording order."""
        if ids is None:
            return [entry[:4] for entry in self._rows("", ())]
        key = frozenset(ids)
        if key not in self._asked:  # the same items asked for again (a history by week, an item sent back)
            wanted = sorted(key)
            if len(self._asked) > 3:
                self._asked.clear()
            self._asked[key] = [entry[:4] for entry in
                                self._rows(f" WHERE r.id IN ({','.join('?' * len(wanted))})", wanted)]
        return list(self._asked[key])

    def around(self, since: Mapping[str, dt.date]) -> list[Located]:
        """The records of each item of ``since`` dated on or after its date, and the item's
        last effective record before that date not held for checking (the figure a check
        across records starts from: core/slips.py), in recording order."""
        by_day: dict[int, list[str]] = {}
        for item_id, day in since.items():
            by_day.setdefault(day.toordinal(), []).append(item_id)
        terms = [f"r.id IN ({','.join('?' * len(ids))}) AND r.date >= ?" for ids in by_day.values()]
        args = [arg for day, ids in by_day.items() for arg in (*ids, day)]
        anchors = [row for item_id, day in since.items() if (row := self._before(item_id, day.toordinal()))]
        terms.append(f"r.rowid IN ({','.join('?' * len(anchors))})")
        return [entry[:4] for entry in self._rows(f" WHERE ({') OR ('.join(terms)})", [*args, *anchors])]

    def _before(self, item_id: str, day: int) -> int:
        """The row id of the item's last effective record before ``day`` not held (0: none)."""
        if item_id not in self._items:
            return 0
        days, rows, held = array("i"), array("q"), array("i")
        for made, data in zip((days, rows, held), itemgetter(0, 1, 5)(self._items[item_id]), strict=True):
            made.frombytes(data)
        index = bisect.bisect_left(days, day) - 1
        while index >= 0 and days[index] in held:
            index -= 1
        return rows[index] if index >= 0 else 0

    def across(self, item_id: str) -> list[Diagnostic]:
        """The problems across the item's records (duplicates, unlikely figures)."""
        return [Diagnostic(*d) for d in json.loads(self._items[item_id][3] if item_id in self._items else "[]")]

    def records(self, ids: Collection[str] | None) -> tuple[Update, ...]:
        return tuple(entry[0] for entry in self.located(ids))

    def dated(self, ids: Collection[str], as_of: dt.date) -> tuple[int, dt.date | None, dt.date | None]:
        """How many records of ``ids`` are dated on or before ``as_of``, the first and last date."""
        wanted = sorted(ids)
        count, first, last = self._db.execute(
            f"SELECT count(*), min(date), max(date) FROM records WHERE date <= ? AND id IN "
            f"({','.join('?' * len(wanted))})", (as_of.toordinal(), *wanted)).fetchone()
        return count, dt.date.fromordinal(first) if count else None, dt.date.fromordinal(last) if count else None


def _late(path: str, day: int, line: int, column: int, today: dt.date) -> Diagnostic:
    from ftz_cli.parse.dates import cn_date

    return Diagnostic(
        "W221", f"记录的日期 {cn_date(dt.date.fromordinal(day))} 晚于这台电脑的今天（{cn_date(today)}）",
        path, line, column, "如果这台电脑的日期不对，请校准系统时间；如果记录的日期写错了，请更正。", "warning")


