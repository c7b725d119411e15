"""A record file: a YAML list of progress records, in the form ftz writes or any other.

ftz writes each record as one line, a JSON object after ``- ``: a YAML flow mapping, so
the file stays YAML that people read and edit, and git merges two writers' lines line by
line. A file of such lines (and comments) is read with ``json`` at C speed; a file with any
other line (a record written as a block by hand, an older ftz's block records, a comment
after a value, a Windows line end) is read by the one YAML reader (``yamlio``). Both give
the same fields, a number as the text typed (never a float), and every record then goes
through the one checker (``records.check``) whichever way it was read (``checked``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import operator
import re
import sys
from typing import Any, NamedTuple

from ftz_cli.core.errors import Diagnostic, has_errors
from ftz_cli.core.model import VERDICTS, Plan, Update
from ftz_cli.parse.dates import CHINA, DateError, parse_date
from ftz_cli.parse.fields import FIELDS, typed_field
from ftz_cli.parse.records import Raw, check
from ftz_cli.parse.schema import describe, unknown_field, unknown_hint
from ftz_cli.parse.ytree import decode

# a record: its fields as read, its line and column, and the line and column of each value
Entry = tuple[dict[str, Any], int, int, dict[str, tuple[int, int]]]

# what YAML refuses raw in a file, or reads as a line break (and a Windows line end): never in
# a line read with json; and an escaped surrogate (JSON pairs two into one character, YAML
# refuses them)
_NOT_YAML = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_FIELD_SET = frozenset(FIELDS)
_DATE_KEY = operator.methodcaller("find", '"date"')
_SPACED_COLON = re.compile(r'"[ \t]+:')  # a key written "key" : (JSON allows it)
_LINE = f"(?:#[^\n{_NOT_YAML}]*|- \\{{[^\n{_NOT_YAML}]*\\}})"  # a comment or a record
_LINES = re.compile(f"(?:{_LINE}?\n)*{_LINE}?")  # and empty lines


class _Number(str):
    """A number's text as written in a JSON line (YAML keeps a typed field's number as text)."""

    __slots__ = ()


_DECODER = json.JSONDecoder(parse_float=_Number, parse_int=_Number, parse_constant=_Number)
# what YAML reads as JSON does, by field: text (quoted); a number's text (a typed field, see
# fields.TYPED_FIELDS: an id, a date or a stamp YAML reads as a number); true or false
_ALIKE = {name: frozenset({str} if name in ("id", "date", "recorded_at") else {bool} if name == "replace"
                          else {str, bool} if name == "confirmed" else {str, _Number}) for name in FIELDS}


def read(text: str, shown: str) -> tuple[list[Entry], list[Diagnostic], dict[int, list[Diagnostic]]]:
    """The records of a file's text, the problems of its structure, and those of records
    never to be recorded (unknown fields), by the record's index."""
    entries = json_lines(text)
    if entries is not None:
        return entries, [], {}
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return [], [], {}  # comments only: a new file
    return yaml_entries(text, shown)


def json_lines(text: str) -> list[Entry] | None:
    """The records of a file that is comments, empty lines and ``- {json}`` lines whose
    fields YAML reads alike; None for any other file. Read whole, at C speed: one JSON array
    of the lines, a look at the text for what YAML refuses, and at the types of the values
    read. Each value's position is its key's (only the date's is looked up: a record's place
    in the checks across records)."""
    if _LINES.fullmatch(text) is None or ("\\u" in text and _SURROGATE.search(text)):
        return None
    lines = text.split("\n")
    numbers = [n for n, line in enumerate(lines, 1) if line[:1] == "-"]
    bodies = [lines[n - 1][2:] for n in numbers]
    try:
        records = _DECODER.decode("[" + ",".join(bodies) + "]")
    except ValueError:
        return None
    # one object a line; known fields, each once (JSON keeps the last of two, YAML refuses)
    names = set().union(*records)
    if len(records) != len(bodies) or not _FIELD_SET.issuperset(names) or not _read_alike(records, names) \
            or _key_twice(text, bodies, records):
        return None
    return [(fields, number, 3, {"date": (number, 3 if at < 0 else body.find('"', body.index(":", at) + 1) + 3)})
            for fields, number, body, at in zip(records, numbers, bodies, map(_DATE_KEY, bodies), strict=True)]


def _key_twice(text: str, bodies: list[str], records: list[dict[str, Any]]) -> bool:
    """Whether a line names a field twice. A key is written ``"key":`` (a string's own quotes
    are escaped), so when the text holds that no more often than the records have fields, and
    no key is spaced from its colon, none is; else (a text holding ``":``, rare) the lines
    are read again, each key looked at."""
    if text.count('":') == sum(map(len, records)) and _SPACED_COLON.search(text) is None:
        return False
    twice = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal twice
        twice = twice or len(dict(items)) != len(items)
        return dict(items)

    json.JSONDecoder(object_pairs_hook=pairs, parse_float=_Number, parse_int=_Number,
                     parse_constant=_Number).decode("[" + ",".join(bodies) + "]")
    return twice


def _read_alike(records: list[dict[str, Any]], names: set[str]) -> bool:
    """Whether YAML reads every value of ``records`` as JSON did (see ``_ALIKE``; a null,
    a list or a mapping goes to YAML)."""
    values = set(map(type, itertools.chain.from_iterable(map(dict.values, records))))
    if values <= {str}:
        return True
    absent = {type(None)}
    return all(set(map(type, map(operator.methodcaller("get", name), records))) - absent <= _ALIKE[name]
               for name in names if not values <= _ALIKE[name]) and type(None) not in values


def yaml_entries(text: str, shown: str
                 ) -> tuple[list[Entry], list[Diagnostic], dict[int, list[Diagnostic]]]:
    """The records of a file in any YAML shape (see ``read``)."""
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
        if spoilt and any(line <= bad < end for bad in spoilt):
            continue
        if not isinstance(entry, yamlio.YMap):
            problems.append(Diagnostic("E110", f"记录应为映射（字段: 值），现在是{describe(entry)}",
                                       shown, line, column))
            continue
        unknown = [k for k in entry if k not in _FIELD_SET]
        if unknown:  # checked for its other problems too, but never recorded
            refused[len(entries)] = [_unknown(entry, key, shown) for key in unknown]
        entries.append((entry, line, column, entry.value_pos))
    return entries, problems, refused


def _unknown(entry: Any, key: Any, shown: str) -> Diagnostic:
    pos = entry.key_pos[key]
    return Diagnostic("E111", unknown_field("记录", key), shown, pos[0], pos[1], unknown_hint(key, FIELDS))


class Read(NamedTuple):
    """A record read and checked, with where it stands: its line and column, its date's."""

    update: Update
    line: int
    column: int
    date_line: int
    date_column: int


class FileRead(NamedTuple):
    """What a record file holds: its records, its problems, and the dates (with positions)
    of records refused for other reasons (a date after today is a problem of the day of the
    run, not of the file)."""

    records: list[Read]
    problems: list[Diagnostic]
    refused: list[tuple[int, int, int]]


def checked(data: bytes, shown: str, plan: Plan) -> FileRead:
    """A record file's bytes read and each record checked (``records.check``) as of no
    particular day. A file of JSON lines is read with ``json``; if a record of it has
    anything to say, the file is read again by the YAML reader, whose positions of each
    value the problems then name."""
    text, problems = decode(data, shown)
    if text is None:
        return FileRead([], problems, [])
    lines = json_lines(text)
    if lines is not None:
        found = _checked(lines, shown, plan, FileRead([], [], []), {})
        if not found.problems:
            return found
    entries, problems, refused = read(text, shown) if lines is None else yaml_entries(text, shown)
    return _checked(entries, shown, plan, FileRead([], problems, []), refused)


def _checked(entries: list[Entry], shown: str, plan: Plan, found: FileRead,
             refused: dict[int, list[Diagnostic]]) -> FileRead:
    """Each record through ``check``: into ``found``'s records, or its problems into its
    problems (with those of ``refused``, by the record's index: the problems that keep it
    out whatever ``check`` says). One Raw stands for each record in turn: ``check`` keeps
    nothing of it."""
    raw, never = Raw({}, shown), dt.date.max  # the date checks run after loading
    records, problems = found.records, found.problems
    for number, (fields, line, column, positions) in enumerate(entries):
        raw.fields, raw.line, raw.column, raw.positions = fields, line, column, positions  # type: ignore[assignment]
        update, more = check(raw, plan, never)
        stop = refused.get(number) if refused else None
        if stop is not None:
            problems.extend(stop)
        if more:
            problems.extend(more)
        date_line, date_column = positions.get("date") or (line, column)
        if update is None or stop is not None:
            _keep_date(fields, date_line, date_column, found)
            continue
        stamp = fields.get("recorded_at")
        if stamp is None or stamp == "":  # hand-written: recorded as of its date
            update = update._replace(recorded_at=dt.datetime.combine(update.date, dt.time(), CHINA))
        records.append(Read(update, line, column, date_line, date_column))
    return found


def _keep_date(fields: dict[str, Any], line: int, column: int, found: FileRead) -> None:
    """The date of a record refused, with where it stands, when it reads as one (a date
    after today is a problem of the day of the run, not of the file)."""
    with contextlib.suppress(DateError):
        if fields.get("date") not in (None, ""):
            day = parse_date(fields["date"], bounded=False)
            found.refused.append((day.toordinal(), line, column))


# JSON escapes control characters below U+0020; YAML also refuses these raw in a file, or
# reads them as line breaks
_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def render(update: Update) -> str:
    """One record as ftz writes it: a line, a JSON object that is also YAML, fields in the
    order people read them; a number with every digit it has, text exactly."""
    fields: list[str] = [f'"id": {quoted(update.id)}', f'"date": "{update.date.isoformat()}"']
    if update.value is not None:
        fields.append(f'"value": {_number(update.value)}')
    if update.status is not None:
        fields.append(f'"status": {quoted(update.status)}')
    if update.verdict:
        fields.append(f'"verdict": {quoted(VERDICTS[update.verdict])}')
    if update.carried_into:
        fields.append(f'"carried_into": {quoted(update.carried_into)}')
    for name in ("input", "note", "by", "progress_note", "problems", "next_steps", "outlook"):
        text = getattr(update, name)
        if text:
            fields.append(f'"{name}": {quoted(text)}')
    fields.append(f'"recorded_at": "{update.recorded_at.isoformat()}"')
    if update.replace:
        fields.append('"replace": true')
    if update.confirmed:
        fields.append('"confirmed": true')
    return "- {" + ", ".join(fields) + "}\n"


def _number(value: float) -> str:
    """A value as stored: every digit it has (0.12345678 from 1234.5678万元), never 1e-05."""
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    text = repr(value)
    return text if "e" not in text else format(value, "f").rstrip("0").rstrip(".")


def quoted(text: str) -> str:
    """``text`` as a JSON string that YAML reads back exactly."""
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def appendable(text: str) -> bool:
    """Whether records rendered at column 0 (``render``) continue the file's list: a block
    list at column 0 (as ftz writes it), or no content yet. Hand-written files may be
    indented or in flow style."""
    started = False
    for line in text.removeprefix("\ufeff").splitlines():  # Notepad starts UTF-8 with a BOM
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith(("---", "...")):
            if started:
                return False  # a second document
            continue
        if not started and not (line == "-" or line.startswith(("- ", "-\t"))):
            return False
        started = True
    return True
