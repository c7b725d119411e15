"""One update file, read and checked: the part of loading that is cached.

The result depends only on the file's bytes, the plan and ftz's own code, never on today's
date: a record dated after today is kept with its date's position, and ``dated`` turns
it into problem E209 for the day of the run. The result is plain tuples (ids, numbers,
text), stored with ``marshal``: quick to read back and unable to run code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.model import Plan, Update
from ftz_cli.parse.dates import CHINA, DateError, parse_date
from ftz_cli.parse.records import Raw, check

FAR = dt.date.max  # "today" while checking: the date checks run after loading
# (id, date ordinal, value, status, note, by, recorded_at, replace, input, progress_note,
#  problems, next_steps, line, column, date's line, date's column); recorded_at as ISO text
Record = tuple[Any, ...]
Entry = tuple[dict[str, Any], int, int, dict[str, tuple[int, int]]]
Parsed = tuple[list[Record], list[tuple[Any, ...]], list[tuple[int, int, int]]]


def parse(data: bytes, shown: str, plan: Plan) -> Parsed:
    """Records, problems, and the dates (with positions) of records refused for other reasons.

    Every record goes through ``check``. A file of JSON lines (as ftz writes) is read with
    ``json``; if a record of it has anything to say, the file is read again by the YAML
    reader, whose positions of each value the problems then name."""
    from ftz_cli.parse import recordfile
    from ftz_cli.parse.ytree import decode

    text, problems = decode(data, shown)
    if text is None:
        return [], [_flat(d) for d in problems], []
    lines = recordfile.json_lines(text)
    if lines is not None:
        records: list[Record] = []
        dates: list[tuple[int, int, int]] = []
        found: list[Diagnostic] = []
        for entry in lines:
            _check(entry, shown, plan, None, records, dates, found)
        if not found:
            return records, [], dates
    entries, problems, refused = recordfile.read(text, shown) if lines is None else \
        recordfile.yaml_entries(text, shown)
    records, dates = [], []
    for index, entry in enumerate(entries):
        _check(entry, shown, plan, refused.get(index), records, dates, problems)
    return records, [_flat(d) for d in problems], dates


def _check(entry: Entry, shown: str, plan: Plan, refused: list[Diagnostic] | None,
           records: list[Record], dates: list[tuple[int, int, int]], problems: list[Diagnostic]) -> None:
    """One record through ``check``: into ``records``, or its problems into ``problems``
    (with ``refused``: the problems that keep it out whatever ``check`` says)."""
    fields, line, column, positions = entry
    raw = Raw(fields, shown, line, column, positions)  # type: ignore[arg-type]
    update, more = check(raw, plan, FAR)
    problems.extend(refused or ())
    problems.extend(more)
    dline, dcol = positions.get("date", (line, column))
    if update is None or refused is not None:
        day = _date_of(fields.get("date"))
        if day is not None:
            dates.append((day.toordinal(), dline, dcol))
        return
    if fields.get("recorded_at") in (None, ""):  # hand-written: recorded as of its date
        stamp = dt.datetime.combine(update.date, dt.time(), CHINA).isoformat()
    else:
        stamp = update.recorded_at.isoformat()
    records.append((update.id, update.date.toordinal(), update.value, update.status, update.note,
                    update.by, stamp, update.replace, update.input, update.progress_note,
                    update.problems, update.next_steps, line, column, dline, dcol))


def _date_of(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(value, bounded=False)
    except DateError:
        return None


def _flat(d: Diagnostic) -> tuple[Any, ...]:
    return (d.code, d.message, d.path, d.line, d.column, d.hint, d.severity)


FIELDS_STORED = ("id", "date", "value", "status", "note", "by", "recorded_at", "replace", "input",
                 "progress_note", "problems", "next_steps")  # a Record's first fields: Update's
STAMP = FIELDS_STORED.index("recorded_at")  # the ISO text of recorded_at: the order of precedence
LINE = len(FIELDS_STORED)  # then the column, the date's line and its column
DLINE = LINE + 2
_DAYS: dict[int, dt.date] = {}
_STAMPS: dict[str, dt.datetime] = {}


def updates(records: list[Record]) -> list[Update]:
    """Updates from their rows (a test pins ``FIELDS_STORED`` to ``Update._fields``): each
    date and time is made once and shared."""
    days, stamps, china, new = _DAYS, _STAMPS, CHINA, tuple.__new__  # new: what Update._make calls
    for r in records:
        if r[1] not in days:
            days[r[1]] = dt.date.fromordinal(r[1])
        if r[6] not in stamps:
            stamps[r[6]] = dt.datetime.fromisoformat(r[6]).astimezone(china)
    return [new(Update, (r[0], days[r[1]], r[2], r[3], r[4], r[5], stamps[r[6]], r[7], r[8], r[9], r[10], r[11]))
            for r in records]


def update(row: Record) -> Update:
    """One Update from its row."""
    return updates([row])[0]
