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
import json
import re
import sys
from typing import Any, NamedTuple

from ftz_cli.core.errors import Diagnostic, has_errors
from ftz_cli.core.model import VERDICTS, Plan, Update
from ftz_cli.parse.dates import CHINA, DateError, parse_date
from ftz_cli.parse.records import FIELDS, Raw, check, typed_field
from ftz_cli.parse.schema import describe
from ftz_cli.parse.ytree import decode

# a record: its fields as read, its line and column, and the line and column of each value
Entry = tuple[dict[str, Any], int, int, dict[str, tuple[int, int]]]

# what a JSON string may hold raw that YAML refuses, or reads as a line break; and an
# escaped surrogate (JSON pairs two into one character, YAML refuses them)
_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
                       r"|\\u[dD][89a-fA-F]")
_FIELD_SET = frozenset(FIELDS)
_KEY = re.compile(r'"[a-z_]+"\s*:')  # a key: a string's own quotes are escaped
# a value YAML reads otherwise: a number where it reads a number but this reader text (an
# id, a date, a stamp), true/false/null or a list or mapping where it keeps text, replace
# other than true or false
_NOT_AS_YAML = re.compile(r'"(?:id|date|recorded_at)"\s*:\s*[^"\s]|"(?!replace")[a-z_]+"\s*:\s*(?:true|false|null|[\[{])'
                          r'|"replace"\s*:(?!\s*(?:true|false)\b)')


_LINES = re.compile(r"(?:(?:#[^\n]*|- \{[^\n]*\})?\n)*(?:#[^\n]*|- \{[^\n]*\})?")  # comments, records, empty lines
# a number as its text, as YAML keeps a typed field's value (a number elsewhere goes to YAML)
_DECODER = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)


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
    of the lines, and a look at the text for what YAML would read otherwise. Each value's
    position is its key's (only the date's is looked up: a record's place in the checks
    across records)."""
    if _NOT_YAML.search(text) is not None or _NOT_AS_YAML.search(text) is not None:
        return None
    if _LINES.fullmatch(text) is None:
        return None
    lines = text.split("\n")
    numbers = [n for n, line in enumerate(lines, 1) if line[:1] == "-"]
    bodies = [lines[n - 1][2:] for n in numbers]
    try:
        records = _DECODER.decode("[" + ",".join(bodies) + "]")
    except ValueError:
        return None
    # one object a line; known fields, each once (JSON keeps the last of two, YAML refuses)
    if len(records) != len(bodies) or not _FIELD_SET.issuperset(set().union(*records)) \
            or len(_KEY.findall(text)) != sum(map(len, records)):
        return None
    return [(fields, number, 3, {"date": (number, _date_column(body))})
            for fields, number, body in zip(records, numbers, bodies, strict=True)]


def _date_column(body: str) -> int:
    """The column of the date's value in a record's line (``body``: after ``- ``)."""
    start = body.find('"date"')
    return body.find('"', body.index(":", start) + 1) + 3 if start > 0 else 3


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
        if any(line <= bad < end for bad in spoilt):
            continue
        if not isinstance(entry, yamlio.YMap):
            problems.append(Diagnostic("E110", f"记录应为映射（字段: 值），现在是{describe(entry)}",
                                       shown, line, column))
            continue
        unknown = [k for k in entry if k not in _FIELD_SET]
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
        found = FileRead([], [], [])
        for entry in lines:
            _check(entry, shown, plan, None, found)
        if not found.problems:
            return found
    entries, problems, refused = read(text, shown) if lines is None else yaml_entries(text, shown)
    found = FileRead([], problems, [])
    for number, entry in enumerate(entries):
        _check(entry, shown, plan, refused.get(number), found)
    return found


def _check(entry: Entry, shown: str, plan: Plan, refused: list[Diagnostic] | None, found: FileRead) -> None:
    """One record through ``check``: into ``found``'s records, or its problems into its
    problems (with ``refused``: the problems that keep it out whatever ``check`` says)."""
    fields, line, column, positions = entry
    raw = Raw(fields, shown, line, column, positions)  # type: ignore[arg-type]
    update, more = check(raw, plan, dt.date.max)  # the date checks run after loading
    found.problems.extend(refused or ())
    found.problems.extend(more)
    date_line, date_column = positions.get("date", (line, column))
    if update is None or refused is not None:
        with contextlib.suppress(DateError):
            if fields.get("date") not in (None, ""):
                day = parse_date(fields["date"], bounded=False)
                found.refused.append((day.toordinal(), date_line, date_column))
        return
    if fields.get("recorded_at") in (None, ""):  # hand-written: recorded as of its date
        update = update._replace(recorded_at=dt.datetime.combine(update.date, dt.time(), CHINA))
    found.records.append(Read(update, line, column, date_line, date_column))


# JSON escapes control characters below U+0020; YAML also refuses these raw in a file, or
# reads them as line breaks
_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def render(update: Update) -> str:
    """One record as ftz writes it: a line, a JSON object that is also YAML, fields in the
    order people read them; a number with every digit it has, text exactly."""
    fields: list[str] = [f'"id": {_quoted(update.id)}', f'"date": "{update.date.isoformat()}"']
    if update.value is not None:
        fields.append(f'"value": {_number(update.value)}')
    if update.status is not None:
        fields.append(f'"status": {_quoted(update.status)}')
    if update.verdict:
        fields.append(f'"verdict": {_quoted(VERDICTS[update.verdict])}')
    if update.carried_into:
        fields.append(f'"carried_into": {_quoted(update.carried_into)}')
    for name in ("input", "note", "by", "progress_note", "problems", "next_steps", "outlook"):
        text = getattr(update, name)
        if text:
            fields.append(f'"{name}": {_quoted(text)}')
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


def _quoted(text: str) -> str:
    """``text`` as a JSON string that YAML reads back exactly."""
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))
