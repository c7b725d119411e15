"""One update file, read and checked: the part of loading that is cached.

The result depends only on the file's bytes, the plan and ftz's own code, never on today's
date: a record dated after today is kept with its date's position, and ``dated`` turns
it into problem E209 for the day of the run. The result is plain tuples (ids, numbers,
text), stored with ``marshal``: quick to read back and unable to run code.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from ftz_cli.core.errors import Diagnostic, has_errors
from ftz_cli.core.model import Plan, Update
from ftz_cli.parse.dates import CHINA, DateError, cn_date, parse_date
from ftz_cli.parse.records import FIELDS, Raw, check
from ftz_cli.parse.schema import describe

FAR = dt.date.max  # "today" while checking: the date checks run after loading
# (id, date ordinal, value, status, note, by, recorded_at, replace, input, line, column,
#  date's line, date's column); recorded_at as ISO text
Record = tuple[Any, ...]
Entry = tuple[dict[str, Any], int, int, dict[str, tuple[int, int]]]
Parsed = tuple[list[Record], list[tuple[Any, ...]], list[tuple[int, int, int]]]


def parse(data: bytes, shown: str, plan: Plan) -> Parsed:
    """Records, problems, and the dates (with positions) of records refused for other reasons."""
    from ftz_cli.parse import yamlio

    text, problems = yamlio.decode(data, shown)
    entries: list[Entry] = []
    refused: dict[int, list[Diagnostic]] = {}
    if text is not None and any(line.strip() and not line.lstrip().startswith("#")
                                for line in text.splitlines()):
        from ftz_cli.store import fastread

        fast = fastread.read(text)
        if fast is not None:
            entries = fast
        else:
            entries, problems, refused = _yaml_entries(text, shown)
    records: list[Record] = []
    dates: list[tuple[int, int, int]] = []
    for index, (fields, line, column, positions) in enumerate(entries):
        raw = Raw(fields, shown, line, column, positions)  # type: ignore[arg-type]
        update, more = check(raw, plan, FAR)
        if refused and index in refused:
            problems.extend(refused[index])
        problems.extend(more)
        dline, dcol = positions.get("date", (line, column))
        if update is None or index in refused:
            day = _date_of(fields.get("date"))
            if day is not None:
                dates.append((day.toordinal(), dline, dcol))
            continue
        if fields.get("recorded_at") in (None, ""):  # hand-written: recorded as of its date
            stamp = dt.datetime.combine(update.date, dt.time(), CHINA).isoformat()
        else:
            stamp = update.recorded_at.isoformat()
        records.append((update.id, update.date.toordinal(), update.value, update.status,
                        update.note, update.by, stamp, update.replace, update.input,
                        line, column, dline, dcol))
    return records, [_flat(d) for d in problems], dates


def _date_of(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(value, bounded=False)
    except DateError:
        return None


def _flat(d: Diagnostic) -> tuple[Any, ...]:
    return (d.code, d.message, d.path, d.line, d.column, d.hint, d.severity)


def _yaml_entries(text: str, shown: str
                  ) -> tuple[list[Entry], list[Diagnostic], dict[int, list[Diagnostic]]]:
    """The records of a file in any YAML shape, the problems of its structure, and those of
    records never to be recorded (unknown fields), by record."""
    from ftz_cli.parse import yamlio

    tree, problems = yamlio.load(text, shown)
    refused: dict[int, list[Diagnostic]] = {}
    if tree is None or (has_errors(problems) and not isinstance(tree, yamlio.YList)):
        return [], problems, refused
    if not isinstance(tree, yamlio.YList):
        return [], problems + [Diagnostic(
            "E110", f"进度文件应为列表（每条记录以“- ”开头），现在是{describe(tree)}", shown, 1, 1)], refused
    # a record the YAML problems stand in is reported once, by them; the others are checked
    spoilt = sorted(d.line for d in problems if d.line is not None)
    ends = [line for line, _ in tree.item_pos[1:]] + [sys.maxsize] * bool(tree)
    entries: list[Entry] = []
    for entry, (line, column), end in zip(tree, tree.item_pos, ends, strict=True):
        if any(line <= bad < end for bad in spoilt):
            continue
        if not isinstance(entry, yamlio.YMap):
            problems.append(Diagnostic("E110", f"记录应为映射（字段: 值），现在是{describe(entry)}",
                                       shown, line, column))
            continue
        unknown = [k for k in entry if k not in FIELDS]
        if unknown:  # checked for its other problems too, but never recorded
            refused[len(entries)] = [_unknown(entry, key, shown) for key in unknown]
        entries.append((dict(entry), line, column, dict(entry.value_pos)))
    return entries, problems, refused


def _unknown(entry: Any, key: Any, shown: str) -> Diagnostic:
    import difflib

    close = difflib.get_close_matches(str(key), FIELDS, n=1)
    pos = entry.key_pos[key]
    return Diagnostic("E111", f"记录中有未知字段“{key}”", shown, pos[0], pos[1],
                      (f"是不是“{close[0]}”？" if close else "") + "可用的字段：" + "、".join(FIELDS))


def dated(parsed: Parsed, shown: str, today: dt.date
          ) -> tuple[list[tuple[Update, str, int, int, Record]], list[Diagnostic]]:
    """The file's records as of ``today``, and its problems (E209 for a record dated later)."""
    records, flat, dates = parsed
    problems = [Diagnostic(*d) for d in flat]
    limit = today.toordinal()
    late = [(o, ln, c) for o, ln, c in dates if o > limit]
    kept: list[tuple[Update, str, int, int, Record]] = []
    for record in records:
        if record[1] > limit:
            late.append((record[1], record[11], record[12]))
            continue
        kept.append((_update(record), shown, record[9], record[10], record))
    for ordinal, line, column in late:
        day = dt.date.fromordinal(ordinal)
        problems.append(Diagnostic("E209", f"日期 {cn_date(day)} 晚于今天（{cn_date(today)}）",
                                   shown, line, column, "进度只能记录已经发生的数据，请检查日期。"))
    if late:
        problems.sort(key=lambda d: (d.line or 0, d.column or 0))
    return kept, problems


_SLOTS = None
_DAYS: dict[int, dt.date] = {}
_STAMPS: dict[str, dt.datetime] = {}


def _update(record: Record) -> Update:
    """An Update from its tuple, without the frozen dataclass's slow ``__init__``."""
    global _SLOTS
    if _SLOTS is None:
        from dataclasses import fields

        _SLOTS = [getattr(Update, f.name).__set__ for f in fields(Update)]
    update = object.__new__(Update)
    day = _DAYS.get(record[1])
    if day is None:
        day = _DAYS[record[1]] = dt.date.fromordinal(record[1])
    stamp = _STAMPS.get(record[6])
    if stamp is None:
        stamp = _STAMPS[record[6]] = dt.datetime.fromisoformat(record[6]).astimezone(CHINA)
    for setter, value in zip(_SLOTS, (record[0], day, record[2], record[3], record[4], record[5],
                                      stamp, record[7], record[8]), strict=True):
        setter(update, value)
    return update
