"""A reader for exactly the record shape ftz writes, twenty times faster than YAML.

``ftz update`` and ``ftz import`` write every record the same way (``logwrite.render``):
``- id: …`` then ``  key: value`` lines, values plain ids, ISO dates and stamps, plain
numbers, ``true``, or JSON double-quoted text. For lines of that shape the value YAML would
give is certain, so it is built here directly, with the positions YAML would report. Any
other line (a hand edit: a comment after a value, another quoting style, a flow list, a
Windows line end …) makes the whole file go to the full YAML loader instead; a test checks
that both give the same records and the same diagnostics.

A file that is nothing but such records (after a header of comments, as ftz starts every
file) is read whole, with one regular expression and no Python loop over its records
(``columns``); one with comments or empty lines between its records is read one record at a
time (``scan``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from itertools import accumulate, repeat
from operator import eq, sub
from typing import Any

from ftz_cli.parse.records import FIELDS

Entry = tuple[dict[str, Any], int, int, dict[str, tuple[int, int]]]

_LINE = re.compile(r"(- |  )([a-z_]+): (\S(?:.*\S)?)")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
# plain words YAML 1.1 reads as booleans or null, not as text
_NOT_TEXT = {w for base in ("yes", "no", "true", "false", "on", "off", "null")
             for w in (base, base.capitalize(), base.upper())}
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
_STATE = re.compile(r"[\u4e00-\u9fff]+")
# a double-quoted scalar YAML and JSON read alike: no raw character YAML refuses, no
# escaped surrogate (JSON pairs them up, YAML does not)
_QUOTED = re.compile(r'"(?:[^"\\\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|\\["\\/bfnrt]'
                     r'|\\u(?![dD][89a-fA-F])[0-9a-fA-F]{4})*"')
_FIELD_SET = frozenset(FIELDS)
_Q = _QUOTED.pattern
# a whole record as ``logwrite.render`` writes it, fields in its order (compiled only for a
# file ``scan`` reads: about 3 ms)
_RECORD = (
    r"- id: ([A-Za-z][A-Za-z0-9_.\-]*)\n  date: (\d{4}-\d\d-\d\d)\n"
    r"(?:  value: (-?(?:0|[1-9][0-9]{0,20})(?:\.[0-9]{1,20})?)\n)?(?:  status: ([\u4e00-\u9fff]+)\n)?"
    rf"(?:  input: ({_Q})\n)?(?:  note: ({_Q})\n)?(?:  by: ({_Q})\n)?(?:  progress_note: ({_Q})\n)?"
    rf"(?:  problems: ({_Q})\n)?(?:  next_steps: ({_Q})\n)?"
    r"  recorded_at: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)\n(  replace: true\n)?")
# the same, for a whole file at once (``columns``): ASCII digits only, as render writes them;
# quoted text and optional fields read without backtracking (each can be read one way only);
# and a group is never empty when its field is written: the quotes stay outside the group,
# and an empty text (``note: ""``, which render never writes) is left to ``scan``
_PLAIN = r'[^"\\\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]*+'
_ESCAPE = r'(?:\\["\\/bfnrt]|\\u(?![dD][89a-fA-F])[0-9a-fA-F]{4})'
_RECORDS = re.compile("^" + _RECORD.replace(f"({_Q})", rf'"(?!")({_PLAIN}(?:{_ESCAPE}{_PLAIN})*+)"')
                      .replace(r"\d", "[0-9]").replace(r"\n)?", r"\n)?+"), re.MULTILINE)
_GROUPS = _RECORDS.groups
_WRITTEN = (0, 1, 10)  # id, date and recorded_at: in every record
_KEYS = ("id", "date", "value", "status", "input", "note", "by", "progress_note", "problems", "next_steps",
         "recorded_at", "replace")
_COLUMNS = {key: len(key) + 5 for key in _KEYS}


class _Unsure(Exception):
    """A line this reader does not vouch for: the file goes to the YAML loader."""


def read(text: str) -> list[Entry] | None:
    """The records of ``text`` as (fields, line, column, value positions), or None when the
    file is not entirely in the shape ftz writes."""
    found = scan(text)
    if found is None:
        return lines(text)
    stamps: dict[str, dt.datetime] = {}
    return [entry(groups, line, stamps) for groups, line in found]


Scanned = list[tuple[tuple[Any, ...], int]]


def scan(text: str) -> Scanned | None:
    """Whole records in render's order, one regular expression each (the common case): each
    record's text fields and its line; None unless every line is a record's, a comment or
    empty, with dates and stamps that exist and ids YAML reads as text."""
    found: Scanned = []
    dates: set[str] = set()
    stamps: set[str] = set()
    match = re.compile(_RECORD).match
    position, line, end = 0, 1, len(text)
    while position < end:
        if text[position] in "#\n":  # a comment or an empty line
            stop = text.find("\n", position)
            if stop < 0:
                break
            position, line = stop + 1, line + 1
            continue
        record = match(text, position)
        if record is None:
            return None
        groups = record.groups()
        if groups[0] in _NOT_TEXT or not (groups[1] in dates or _exists(groups[1], dates)) \
                or not (groups[10] in stamps or _exists(groups[10], stamps)):
            return None
        found.append((groups, line))
        position = record.end()
        line += record.group().count("\n")
    return found


Columns = tuple[tuple[str, ...], ...]


def columns(text: str) -> tuple[Columns, Sequence[int]] | None:
    """What ``scan`` finds, read whole and column by column in about half its time: the
    fields in ``_KEYS`` order ("" for a field not written, quoted text unquoted) and each
    record's line; None unless the file is comments and empty lines, then only records.
    Unlike ``scan`` it leaves the caller to see that each date and stamp exists."""
    position, line, end = 0, 1, len(text)
    while text.startswith(("#", "\n"), position):
        stop = text.find("\n", position)
        position, line = (stop + 1, line + 1) if stop >= 0 else (end, line)
    found = _RECORDS.findall(text, position)
    if not found or text[-1] != "\n":
        return ((), []) if position == end else None
    fields = list(zip(*found, strict=True))
    # a record has a line for each field written, a group that is not empty; records start
    # lines (^), so when theirs are all the lines, nothing else stands between them
    absent = [0 if index in _WRITTEN or all(column) else column.count("") if any(column) else len(found)
              for index, column in enumerate(fields)]
    if _GROUPS * len(found) - sum(absent) != text.count("\n", position):
        return None
    if not _NOT_TEXT.isdisjoint(fields[0]):
        return None
    if "\\" in text:  # input, note, by, progress_note, problems, next_steps
        fields[4:10] = [_unescaped(column) for column in fields[4:10]]
    return tuple(fields), _lines(found, fields, absent, line)


def _lines(found: list[tuple[str, ...]], fields: list[tuple[str, ...]], absent: list[int], first: int
           ) -> Sequence[int]:
    """The line of each record: without a look at each when all have as many lines (the same
    fields, but for a value or a state), as in most files."""
    count = len(found)
    mixed = [index for index, number in enumerate(absent) if 0 < number < count]
    if not mixed or mixed == [2, 3] and absent[2] + absent[3] == count \
            and not any(map(eq, fields[2], fields[3])):  # equal: both ""
        size = _GROUPS - sum(absent) // count
        return range(first, first + size * count, size)
    lines = list(accumulate(map(sub, repeat(_GROUPS), map(tuple.count, found, repeat(""))), initial=first))
    lines.pop()
    return lines


def _unescaped(column: tuple[str, ...]) -> tuple[str, ...]:
    """A column of text read between double quotes, its escapes (JSON's) read."""
    texts = {text: str(json.loads(f'"{text}"')) for text in set(column) if "\\" in text}
    return tuple(map(texts.get, column, column)) if texts else column


def _exists(text: str, seen: set[str]) -> bool:
    """Whether the date or stamp ``text`` names a real day and time (2021-02-30 does not)."""
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    seen.add(text)
    return True


def entry(groups: tuple[Any, ...], line: int, stamps: dict[str, dt.datetime]) -> Entry:
    """A scanned record as the YAML loader gives it: typed fields and their positions."""
    ident, day, value, state, typed, note, by, progress, trouble, steps, stamp, replace = groups
    fields: dict[str, Any] = {"id": ident, "date": dt.date.fromisoformat(day)}
    if value is not None:
        fields["value"] = value  # as typed: check reads it with the command line's parser
    if state is not None:
        fields["status"] = state
    for key, quoted in (("input", typed), ("note", note), ("by", by), ("progress_note", progress),
                        ("problems", trouble), ("next_steps", steps)):
        if quoted is not None:
            fields[key] = unquote(quoted)
    at = stamps.get(stamp)
    if at is None:
        at = stamps[stamp] = dt.datetime.fromisoformat(stamp)
    fields["recorded_at"] = at
    if replace:
        fields["replace"] = True
    return fields, line, 3, {key: (line + n, _COLUMNS[key]) for n, key in enumerate(fields)}


def unquote(quoted: str) -> str:
    return quoted[1:-1] if "\\" not in quoted else str(json.loads(quoted))


def lines(text: str) -> list[Entry] | None:
    """Line by line: records with their fields in another order, or comments between them."""
    entries: list[Entry] = []
    fields: dict[str, Any] = {}
    positions: dict[str, tuple[int, int]] = {}
    stamps: dict[str, dt.datetime] = {}
    match = _LINE.fullmatch
    try:
        for number, line in enumerate(text.split("\n"), 1):
            if not line or line[0] == "#":
                continue
            found = match(line)
            if found is None:
                return None
            lead, key, raw = found.groups()
            if lead == "- ":
                fields, positions = {}, {}
                entries.append((fields, number, 3, positions))
            elif not entries or key in fields:
                return None
            if key not in _FIELD_SET:
                return None
            fields[key] = _value(key, raw, stamps)
            positions[key] = (number, len(key) + 5)
    except _Unsure:
        return None
    return entries


def _value(key: str, raw: str, stamps: dict[str, dt.datetime]) -> Any:
    if raw[0] == '"':
        if _QUOTED.fullmatch(raw) is None:
            raise _Unsure
        return raw[1:-1] if "\\" not in raw else json.loads(raw)
    if key == "id":
        if _ID.fullmatch(raw) is None or raw in _NOT_TEXT:
            raise _Unsure
        return raw
    if key == "date":
        day = _DATE.fullmatch(raw)
        if day is None:
            raise _Unsure
        try:
            return dt.date(int(day[1]), int(day[2]), int(day[3]))
        except ValueError:  # 2021-02-30: the YAML loader words the problem
            raise _Unsure from None
    if key == "value" and len(raw) < 30:  # a number of hundreds of digits: YAML's words
        if _INT.fullmatch(raw) or _FLOAT.fullmatch(raw):
            return raw  # as typed: check reads it with the command line's parser
        raise _Unsure
    if key == "recorded_at":
        stamp = stamps.get(raw)
        if stamp is None:
            if _STAMP.fullmatch(raw) is None:
                raise _Unsure
            try:
                stamp = stamps[raw] = dt.datetime.fromisoformat(raw)
            except ValueError:
                raise _Unsure from None
        return stamp
    if key == "replace" and raw in ("true", "false"):
        return raw == "true"
    if key == "status" and _STATE.fullmatch(raw):
        return raw
    raise _Unsure
