"""What the index answers (``index``: how it is filled): an item's history, its records
with where each stands, the problems of each file and across records, counts by date.
Records are read back from their rows as ``Update`` objects only when asked for."""

from __future__ import annotations

import bisect
import datetime as dt
import json
import sqlite3
from array import array
from collections.abc import Collection, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.history import EMPTY, History
from ftz_cli.core.model import Plan, Update, Verdict
from ftz_cli.parse.crosscheck import Located

FIELDS = ("id", "date", "value", "status", "note", "by", "recorded_at", "replace", "input",
          "progress_note", "problems", "next_steps", "verdict", "carried_into", "confirmed", "outlook")
_RANKED = (f"SELECT r.rowid, r.file, r.line, r.col, {', '.join('r.' + f for f in FIELDS)} "
           "FROM records r JOIN files f ON r.file = f.path")
_ORDER = " ORDER BY r.recorded_at, f.ord, r.line"
_LATE = "SELECT file, date, dline, dcol FROM records WHERE id IN (SELECT id FROM items) AND date > ?"  # no scan
_DAYS: dict[int, dt.date] = {}
_STAMPS: dict[str, dt.datetime] = {}


def located_rows(db: sqlite3.Connection, where: str, args: Sequence[Any]) -> list[tuple[Update, str, int, int, int]]:
    """The records ``where`` selects, in recording order, with file, line, column and row id."""
    return _located(db.execute(_RANKED + where + _ORDER, args).fetchall())


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
                from ftz_cli.parse.records import late as dated_late  # its reader is heavy; rarely needed

                found = [dated_late(path, dt.date.fromordinal(day), line, column, today) for day, line, column in dates]
                by_file[path] = sorted(by_file[path] + found, key=lambda d: (d.line or 0, d.column or 0))
        return by_file, [d for item in self._plan.items for d in self.across(item.id)]

    def history(self, item_id: str) -> History:
        found = self._items.get(item_id)
        if found is None:
            return EMPTY
        ordinals, wanted, held = self._arrays(item_id)
        first, judged_json = found[2], found[4]
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
        return History(ordinals, fetch, met, verdicts, held=frozenset(held))

    def _rows(self, where: str, args: Sequence[Any]) -> list[tuple[Update, str, int, int, int]]:
        return located_rows(self._db, where, args)

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
        days, rows, held = self._arrays(item_id)
        index = bisect.bisect_left(days, day) - 1
        while index >= 0 and days[index] in held:
            index -= 1
        return rows[index] if index >= 0 else 0

    def _arrays(self, item_id: str) -> tuple[array[int], array[int], array[int]]:
        """The item's effective days and their records' row ids, and its days held for checking."""
        days, rows, held = array("i"), array("q"), array("i")
        for made, data in zip((days, rows, held), itemgetter(0, 1, 5)(self._items[item_id]), strict=True):
            made.frombytes(data)
        return days, rows, held

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

