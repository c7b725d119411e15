"""One update file, read and checked: the part of loading that is cached.

The result depends only on the file's bytes, the plan and ftz's own code, never on today's
date: a record dated after today is kept with its date's position, and ``dated`` turns
it into problem E209 for the day of the run. The result is plain tuples (ids, numbers,
text), stored with ``marshal``: quick to read back and unable to run code.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import add, not_
from typing import Any

from ftz_cli.core.errors import Diagnostic, has_errors
from ftz_cli.core.model import PROGRESS_ALIASES, Plan, Update
from ftz_cli.parse.dates import CHINA, DateError, parse_date
from ftz_cli.parse.records import FIELDS, Raw, check, typed_field
from ftz_cli.parse.schema import describe
from ftz_cli.parse.values import clean_number, within_bound

FAR = dt.date.max  # "today" while checking: the date checks run after loading
# (id, date ordinal, value, status, note, by, recorded_at, replace, input, progress_note,
#  problems, next_steps, line, column, date's line, date's column); recorded_at as ISO text
Record = tuple[Any, ...]
Entry = tuple[dict[str, Any], int, int, dict[str, tuple[int, int]]]
Parsed = tuple[list[Record], list[tuple[Any, ...]], list[tuple[int, int, int]]]


def parse(data: bytes, shown: str, plan: Plan) -> Parsed:
    """Records, problems, and the dates (with positions) of records refused for other reasons."""
    from ftz_cli.parse.ytree import decode  # yamlio's, without what the YAML loader needs
    from ftz_cli.store import fastread

    text, problems = decode(data, shown)
    records: list[Record] = []
    dates: list[tuple[int, int, int]] = []
    if text is None:
        return records, [_flat(d) for d in problems], dates
    whole = fastread.columns(text)
    if whole is not None:  # as ftz writes it, read whole: most files
        rows = _rows(*whole, plan)
        if rows is not None:
            return rows, [_flat(d) for d in problems], dates
    scanned = fastread.scan(text)
    if scanned is not None:  # as ftz writes it: most records need no more than a look
        stamps: dict[str, dt.datetime] = {}
        for groups, line in scanned:
            done = _plain(groups, plan)
            if done is not None:
                records.append((*done, line, 3, line + 1, 9))  # positions as render writes them
            else:
                _check(fastread.entry(groups, line, stamps), shown, plan, None, records, dates, problems)
        return records, [_flat(d) for d in problems], dates
    entries = fastread.lines(text)
    refused: dict[int, list[Diagnostic]] = {}
    if entries is None:
        entries = []
        if any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
            entries, problems, refused = _yaml_entries(text, shown)
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


_ORDINALS: dict[str, int] = {}


def _plain(groups: tuple[Any, ...], plan: Plan) -> tuple[Any, ...] | None:
    """What ``check`` makes of a scanned record with nothing to say about it, as a Record's
    first twelve fields; None leaves the record to ``check``. The equivalence test compares
    this path with the YAML loader's, which always goes through ``check``."""
    from ftz_cli.store.fastread import unquote

    ident, day, value, state, typed, note, by, progress, trouble, steps, stamp, replace = groups
    head = _head(plan, ident, value or "", state or "", unquote(typed) if typed else "")
    ordinal = _ordinal(day)
    if head is None or ordinal < plan.began.toordinal():
        return None
    item_id, number, state, entered = head
    # the writer's name, shared by every record: stored once by marshal, read back as one string
    return (item_id, ordinal, number, state, unquote(note).strip() if note else "",
            sys.intern(unquote(by).strip()) if by else "", _china(stamp), replace is not None,
            entered, unquote(progress).strip() if progress else "",
            unquote(trouble).strip() if trouble else "", unquote(steps).strip() if steps else "")


def _head(plan: Plan, ident: str, value: str, state: str, typed: str = "") -> tuple[Any, ...] | None:
    """A plain record's id (the plan's own string), value, state and text as typed, from its
    id, value, status and input ("" when not written); None when ``check`` has more to say."""
    item = plan.items_by_id.get(ident)
    if item is None:
        return None
    entered = typed.strip()
    if item.quantitative:
        if state or not value or (value[0] == "-" and float(value) != 0):
            return None
        number = float(value) + 0.0
        if not within_bound(number, item.unit):
            return None  # check words the problem (E230)
        # what check keeps as typed: the value's text when it is not the number's own
        if not entered and not _own_text(value):
            entered = value
        return item.id, number, None, entered
    progress = PROGRESS_ALIASES.get(state) if not value and state else None
    return None if progress is None else (item.id, None, progress, entered)


def _own_text(value: str) -> bool:
    """Whether a number written as ``value`` (as render writes it) is shown so by check
    (``clean_number``): at once when it has no more digits than a float keeps (15), is not
    negative, and has at most six decimals (check's rounding), the last not 0, and not four
    zeros first (0.00001 is shown 1e-05)."""
    if value[0] != "-" and len(value) <= 16:
        point = value.find(".")
        if point < 0 and len(value) <= 15 or point > 0 and len(value) - point <= 7 \
                and value[-1] != "0" and not value.startswith("0.0000"):
            return True
    return value == str(clean_number(float(value) + 0.0))


def _china(stamp: str) -> str:
    """A stamp in China time, as check gives it."""
    if stamp[-6:] == "+08:00":
        return stamp
    return dt.datetime.fromisoformat(stamp).astimezone(CHINA).isoformat()


def _rows(fields: tuple[tuple[str, ...], ...], lines: Sequence[int], plan: Plan) -> list[Record] | None:
    """The Records of a file read whole (``fastread.columns``), as ``_plain`` makes them one
    by one; None unless it makes every one. Column by column: each distinct id, value and
    status is looked at once, and the rows are put together at C speed."""
    if not lines:
        return []
    ids, days, values, states, typed, notes, bys, progress, trouble, steps, stamps, replace = fields
    try:
        ordinals = {day: _ordinal(day) for day in set(days)}
        zones = _zones(stamps)
    except ValueError:  # no such day or time (2021-02-30): scan leaves the file to YAML
        return None
    heads = _heads((ids, values, states, typed) if any(typed) else (ids, values, states), plan)  # input: rare
    if heads is None or min(ordinals.values()) < plan.began.toordinal():
        return None
    item_ids, numbers, states, entered = zip(*heads, strict=True)
    names = {by: sys.intern(by.strip()) for by in set(bys)}
    return list(zip(item_ids, map(ordinals.__getitem__, days), numbers, states, _stripped(notes),
                    repeat(*names.values()) if len(names) == 1 else map(names.__getitem__, bys),
                    map(zones.get, stamps, stamps) if zones else stamps,
                    map(bool, replace) if any(replace) else repeat(False), entered, _stripped(progress),
                    _stripped(trouble), _stripped(steps), lines, repeat(3), _next(lines), repeat(9)))


def _zones(stamps: tuple[str, ...]) -> dict[str, str]:
    """Each distinct stamp not in China time, in China time; ValueError for one that names
    no real time."""
    zones = {}
    for stamp in set(stamps):
        at = dt.datetime.fromisoformat(stamp)
        if stamp[-6:] != "+08:00":
            zones[stamp] = at.astimezone(CHINA).isoformat()
    return zones


def _next(lines: Sequence[int]) -> Iterable[int]:
    """The line after each of ``lines``: a record's date stands on it."""
    if isinstance(lines, range):
        return range(lines.start + 1, lines.stop + 1, lines.step)
    return map(add, lines, repeat(1))


Head = tuple[Any, ...]
_KNOWN: tuple[list[Plan], dict[tuple[str, ...], Head | None]] = ([], {})
_UNSEEN: Head = ()


def _heads(fields: tuple[tuple[str, ...], ...], plan: Plan) -> list[Head] | None:
    """The ``_head`` of each record, by its (id, value, status[, input]) in ``fields``; None
    unless each has one. Each key's is made once while ``plan`` is the plan read with: the
    states of a milestone recur in every file."""
    plans, known = _KNOWN
    if not plans or plans[0] is not plan:
        plans[:] = [plan]
        known.clear()
    heads = list(map(known.get, zip(*fields, strict=True)))
    if not all(heads):  # keys not seen yet (a value most often), or refused
        keys = list(zip(*fields, strict=True))
        for index in list(compress(range(len(heads)), map(not_, heads))):
            key = keys[index]
            head = known.get(key, _UNSEEN)
            if head is _UNSEEN:
                head = known[key] = _head(plan, *key)
            heads[index] = head
    return heads if all(heads) else None  # type: ignore[return-value]


def _stripped(texts: tuple[str, ...]) -> Iterable[str]:
    """A column of text as check keeps it; most columns hold no text at all."""
    return map(str.strip, texts) if any(texts) else repeat("")


def _ordinal(day: str) -> int:
    """The ordinal of an ISO date, each made once."""
    ordinal = _ORDINALS.get(day)
    if ordinal is None:
        ordinal = _ORDINALS[day] = dt.date.fromisoformat(day).toordinal()
    return ordinal


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

    tree, problems = yamlio.load(text, shown, typed_field)
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
