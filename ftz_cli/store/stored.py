"""A workspace's records as the cache keeps them: by item, made into Updates only when asked.

One entry (``marshal``: plain values, unable to run code) holds, for the bytes of every
update file together, what loading them finds: each file's problems, the problems across
records, the latest date, and each item's records. An item's records are one byte string
(its rows in recording order) and the positions of its effective records by date, so a
command reads only the items it shows, and ``ftz list`` over a hundred thousand records
makes one Update of each item instead of all of them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import marshal
import operator
from array import array
from collections import Counter
from collections.abc import Collection
from typing import Any

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.history import EMPTY, History
from ftz_cli.core.model import Item, Plan, Update
from ftz_cli.store import logfile
from ftz_cli.store.crosscheck import Located, duplicates
from ftz_cli.store.plausible import flagged, value_warnings

# a stored row: a Record's first fields (Update's, then line and column), its file, its rank
_KEEP = logfile.LINE + 2
FILE, RANK = _KEEP, _KEEP + 1
Entry = dict[str, Any]
_TYPES = {"files": list, "problems": dict, "sizes": dict, "count": int, "latest": int, "last": tuple,
          "items": dict, "across": dict}
_FIELDS = _TYPES.keys()
# an item's records: rows, where the effective ones stand, their dates, the latest, first met
Stored = tuple[bytes, bytes, bytes, bytes, int]


def entry(plan: Plan, chunks: list[tuple[str, logfile.Parsed]]) -> Entry:
    """What the parsed files (shown path, parse, in reading order) hold, as plain values."""
    read = [(r, f) for f, (_, parsed) in enumerate(chunks) for r in parsed[0]]
    stamps = [r[logfile.STAMP] for r, _ in read]
    if not all(map(operator.le, stamps, stamps[1:])):
        # precedence: recorded_at (ISO text in China time, which sorts as time does), then
        # file and line, the order the rows were read in, which a stable sort keeps
        read = [read[i] for i in sorted(range(len(stamps)), key=stamps.__getitem__)]
    ranked = [(*r[:_KEEP], f, rank) for rank, (r, f) in enumerate(read)]
    found: Entry = {
        "files": [shown for shown, _ in chunks], "problems": {shown: p[1] for shown, p in chunks},
        "sizes": {shown: len(p[0]) for shown, p in chunks}, "count": len(ranked),
        "latest": max((_latest(p) for _, p in chunks), default=0),
        "last": (ranked[-1][logfile.STAMP], chunks[ranked[-1][FILE]][0]) if ranked else ("", ""),
        "items": {}, "across": {}}
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for row in ranked:
        try:
            grouped[row[0]].append(row)
        except KeyError:
            grouped[row[0]] = [row]
    for item_id, group in grouped.items():
        _describe(found, plan, item_id, group)
    return found


def well_formed(found: Any) -> bool:
    """Whether a stored value has an entry's fields (the cache folder is the user's own,
    but a value of another shape would be a traceback, not a miss)."""
    return (isinstance(found, dict) and found.keys() == _FIELDS
            and all(isinstance(found[k], t) for k, t in _TYPES.items()))


def _latest(parsed: logfile.Parsed) -> int:
    """The latest date (an ordinal) of a file's records, recorded or refused."""
    return max(max(map(operator.itemgetter(1), parsed[0]), default=0),
               max(map(operator.itemgetter(0), parsed[2]), default=0))


def _describe(found: Entry, plan: Plan, item_id: str, group: list[tuple[Any, ...]]) -> None:
    """An item's part of ``found``: its rows in recording order; where its effective ones
    stand, and their dates; the latest of them; the date its target was first met (0:
    never); and the problems across its records."""
    item = plan.items_by_id[item_id]
    by_day = {row[1]: index for index, row in enumerate(group)}  # later records win
    days = sorted(by_day)
    where = [by_day[day] for day in days]
    effective = [group[i] for i in where]
    found["across"][item_id] = _across(found, plan, group, len(days) < len(group),
                                       _may_warn(item, days, effective))
    first = History.stored(days, effective.copy, logfile.update, effective[-1]).first_met(item)
    found["items"][item_id] = (marshal.dumps(group), array("I", where).tobytes(), array("i", days).tobytes(),
                               marshal.dumps(effective[-1]), first.toordinal() if first else 0)


def _may_warn(item: Item, days: list[int], effective: list[tuple[Any, ...]]) -> bool:
    """Whether the checks across records could find anything in an item with one record a
    date (``days``, in order): only unlikely values, checked without making Updates."""
    if not item.quantitative:
        return False
    values = [row[2] for row in effective]
    if None in values:
        return True  # value_warnings skips these records: leave the case to it
    years: list[int] = []
    for year in range(dt.date.fromordinal(days[0]).year, dt.date.fromordinal(days[-1]).year + 1):
        starts, ends = dt.date(year, 1, 1).toordinal(), dt.date(year + 1, 1, 1).toordinal()
        years += [year] * (bisect.bisect_left(days, ends) - bisect.bisect_left(days, starts))
    return bool(flagged(item, values, years))


def _across(found: Entry, plan: Plan, group: list[tuple[Any, ...]], twice: bool, unlikely: bool
            ) -> list[tuple[Any, ...]]:
    """The problems across an item's records (rows in recording order), as ``cross_check``
    gives them, as plain values; Updates are made only of the rows that share a date with
    another (``twice``), and of all when a value may be unlikely."""
    problems: list[Diagnostic] = []
    if twice:
        count = Counter(row[1] for row in group)
        problems += duplicates(_located(found, [row for row in group if count[row[1]] > 1]))
    if unlikely:
        problems += value_warnings(plan, _located(found, group))
    return [(d.code, d.message, d.path, d.line, d.column, d.hint, d.severity) for d in problems]


def _located(found: Entry, rows: list[tuple[Any, ...]]) -> list[Located]:
    files, line = found["files"], logfile.LINE
    return [(u, files[r[FILE]], r[line], r[line + 1]) for u, r in zip(logfile.updates(rows), rows, strict=True)]


def patch(found: Entry, plan: Plan, shown: str, parsed: logfile.Parsed) -> Entry | None:
    """``found`` after records were appended to the file ``shown`` (now ``parsed``): what
    ``entry`` would give, with only the items of the new records described again. None
    when the new records would not simply come last in precedence (then the next load
    makes the entry again)."""
    before = found["sizes"].get(shown, 0)
    new = parsed[0][before:]
    stamps = [r[logfile.STAMP] for r in new]
    last_stamp, last_file = found["last"]
    if (not new or not all(map(operator.le, stamps, stamps[1:])) or stamps[0] < last_stamp
            or (stamps[0] == last_stamp and last_file != shown)
            or list(parsed[1]) != list(found["problems"].get(shown, []))):  # only records were added
        return None
    files = list(found["files"])
    if shown not in files:
        files.append(shown)
    f, count = files.index(shown), found["count"]
    ranked = [(*r[:_KEEP], f, count + k) for k, r in enumerate(new)]
    patched: Entry = {
        **found, "files": files, "problems": {**found["problems"], shown: parsed[1]},
        "sizes": {**found["sizes"], shown: len(parsed[0])}, "count": count + len(new),
        "latest": max(found["latest"], _latest(parsed)), "last": (stamps[-1], shown),
        "items": dict(found["items"]), "across": dict(found["across"])}
    for item_id in dict.fromkeys(r[0] for r in new):
        old = found["items"].get(item_id)
        rows = (marshal.loads(old[0]) if old else []) + [r for r in ranked if r[0] == item_id]
        _describe(patched, plan, item_id, rows)
    return patched


class StoredRecords:
    """The records of an entry, read item by item (``core.snapshot.Stored``)."""

    def __init__(self, stored: Entry, plan: Plan) -> None:
        self.entry = stored
        self._files: list[str] = stored["files"]
        self._items: dict[str, Stored] = stored["items"]
        self._plan = plan
        self._rows: dict[str, list[tuple[Any, ...]]] = {}
        self._histories: dict[str, History] = {}
        self._records: dict[frozenset[str] | None, tuple[Update, ...]] = {}

    def _rows_of(self, item_id: str) -> list[tuple[Any, ...]]:
        rows = self._rows.get(item_id)
        if rows is None:
            got = self._items.get(item_id)
            rows = self._rows[item_id] = marshal.loads(got[0]) if got else []
        return rows

    def history(self, item_id: str) -> History:
        history = self._histories.get(item_id)
        if history is None:
            history = self._histories[item_id] = self._history(item_id)
        return history

    def _history(self, item_id: str) -> History:
        got = self._items.get(item_id)
        if got is None:
            return EMPTY
        _, where, dated, last, first = got
        effective, days = array("I"), array("i")
        effective.frombytes(where)
        days.frombytes(dated)
        met = (self._plan.items_by_id[item_id], dt.date.fromordinal(first) if first else None)
        return History.stored(days, lambda: list(map(self._rows_of(item_id).__getitem__, effective)),
                              logfile.update, marshal.loads(last), met)

    def _ranked(self, ids: Collection[str] | None) -> list[tuple[Any, ...]]:
        rows = [r for item_id in (self._items if ids is None else ids) for r in self._rows_of(item_id)]
        rows.sort(key=operator.itemgetter(RANK))
        return rows

    def records(self, ids: Collection[str] | None) -> tuple[Update, ...]:
        """The records of ``ids`` (all when None), in recording order (made once: a year of
        weekly briefs asks 52 times)."""
        key = None if ids is None else frozenset(ids)
        found = self._records.get(key)
        if found is None:
            found = self._records[key] = tuple(logfile.updates(self._ranked(ids)))
        return found

    def located(self, ids: Collection[str] | None) -> list[Located]:
        """The records of ``ids`` with their file, line and column, in recording order."""
        rows = self._ranked(ids)
        line = logfile.LINE
        return [(u, self._files[r[FILE]], r[line], r[line + 1])
                for u, r in zip(logfile.updates(rows), rows, strict=True)]
