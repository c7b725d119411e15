"""One format ftz writes (a JSON object a line, which is YAML), every form read, one checker.

A record file is read with ``json`` when it is what ftz writes and by the YAML reader when
it is anything else; both feed ``records.check``, so the same records written either way
(or by hand in the block form, with text unquoted) give the same Updates and problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ftz_cli.core.model import Update
from ftz_cli.parse import recordfile
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.plan import read_plan

DATA = Path(__file__).resolve().parent.parent / "data"
PLAN, _ = read_plan((DATA / "targets.yaml").read_bytes(), "targets.yaml")
assert PLAN is not None
TARGET = next(i for i in PLAN.items if i.quantitative and i.unit == "亿元")
MILESTONE = next(i for i in PLAN.items if i.kind == "milestone")
HEADER = "# ftz 进度记录\n"


def parsed(text: str) -> recordfile.FileRead:
    return recordfile.checked(text.encode("utf-8"), "updates/2021-03/zhang.yaml", PLAN)


def block(update: Update) -> str:
    """The record as a person writes it by hand: block form, text unquoted where it can be."""
    lines = [f"- id: {update.id}", f"  date: {update.date.isoformat()}"]
    if update.value is not None:
        lines.append(f"  value: {recordfile._number(update.value)}")
    if update.status is not None:
        lines.append(f"  status: {update.status}")
    for name in ("input", "note", "by", "progress_note", "problems", "next_steps"):
        text = getattr(update, name)
        if text:
            plain = text.isalnum() and not text.isascii()  # 张三: no quotes, as people write
            lines.append(f"  {name}: {text if plain else recordfile.quoted(text)}")
    lines.append(f"  recorded_at: {update.recorded_at.isoformat()}")
    if update.replace:
        lines.append("  replace: true")
    return "\n".join(lines) + "\n"


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12).map(str.strip)
UPDATES = st.builds(
    lambda quantitative, value, day, note, by, second, replace: Update(
        TARGET.id if quantitative else MILESTONE.id, dt.date(2021, 3, 1) + dt.timedelta(days=day),
        value if quantitative else None, None if quantitative else "推进中", note, by,
        dt.datetime(2021, 4, 1, 9, 0, tzinfo=CHINA) + dt.timedelta(seconds=second), replace),
    st.booleans(), st.sampled_from([0.0, 1.0, 1050.0, 0.00001, 12.345678, 3500.5]), st.integers(0, 300),
    TEXT, st.sampled_from(["", "张三", "李四 ", "on", "9:30", "null"]), st.integers(0, 10**6), st.booleans())


def updates_of(text: str) -> list[Update]:
    records, problems, _ = parsed(text)
    assert problems == []
    return [r.update for r in records]


@settings(max_examples=60, deadline=None)
@given(st.lists(UPDATES, min_size=1, max_size=6))
def test_what_ftz_writes_reads_back_and_as_the_block_form_reads(updates):
    lines = HEADER + "".join(recordfile.render(u) for u in updates)
    assert recordfile.json_lines(lines) is not None  # read by json, not by YAML
    got = updates_of(lines)
    assert got == updates_of(HEADER + "".join(map(block, updates)))
    # a value's text is kept as typed when it is not the number's own (0.00001, not 1e-05)
    assert [u._replace(recorded_at=None, input="") for u in got] == [
        u._replace(note=u.note.strip(), by=u.by.strip(), recorded_at=None) for u in updates]


def test_a_problem_in_a_json_line_is_placed_as_in_the_yaml_form():
    good = f'- {{"id": "{TARGET.id}", "date": "2021-03-05", "value": 3, "recorded_at": "2021-03-05T09:00:00+08:00"}}\n'
    bad = '- {"id": "trade.nope", "date": "2021-03-05", "value": 3}\n'
    records, problems, _ = parsed(HEADER + good + bad)
    assert len(records) == 1
    (problem,) = problems
    assert (problem[0], problem[3], problem[4]) == ("E201", 3, 10)  # the id's value, as YAML places it
    assert records[0][3:] == (2, good.index('"2021') + 1)  # the date's line and column


def test_lines_json_reads_otherwise_than_yaml_go_to_yaml():
    stamp = '"recorded_at": "2021-03-05T09:00:00+08:00"'
    same = f'- {{"id": "{TARGET.id}", "date": "2021-03-05", "value": 3, {stamp}}}\n'
    assert recordfile.json_lines(same) is not None
    for line in (f'- {{"id": "{TARGET.id}", "value": 3, "value": 4, {stamp}}}\n',  # twice: E102
                 f'- {{"id": 12, "date": "2021-03-05", "value": 3, {stamp}}}\n',  # a number to YAML
                 f'- {{"id": "{TARGET.id}", "note": true, {stamp}}}\n',  # a boolean in a text
                 f'- {{"id": "{TARGET.id}", "note": "\\ud83d\\ude00", {stamp}}}\n',  # YAML refuses
                 same.replace("\n", " # 注\n"), same.replace("\n", "\r\n"), "  " + same):
        assert recordfile.json_lines(line) is None, line
    _, problems, _ = parsed(f'- {{"id": "{TARGET.id}", "date": "2021-03-05", "value": 3, "value": 4}}\n')
    assert [p[0] for p in problems] == ["E102"]


def test_a_text_holding_a_quote_and_colon_is_still_read_by_json():
    # a note of '":' or a key spaced from its colon: each key is looked at, and a key
    # named twice still goes to YAML (E102) whatever the texts hold
    stamp = '"recorded_at": "2021-03-05T09:00:00+08:00"'
    for line in (f'- {{"id": "{TARGET.id}", "date": "2021-03-05", "value": 3, "note": ":", {stamp}}}\n',
                 f'- {{"id": "{TARGET.id}", "date": "2021-03-05", "value": 3, "note": "a\\":b", {stamp}}}\n',
                 f'- {{"id": "{TARGET.id}", "date" : "2021-03-05", "value": 3, {stamp}}}\n'):
        (entry,) = recordfile.json_lines(line) or [None]
        assert entry is not None and entry[3] == {"date": (1, line.index('"2021') + 1)}, line
    for line in (f'- {{"id": "{TARGET.id}", "value": 3, "note": "\\":", "value": 4, {stamp}}}\n',
                 f'- {{"id": "{TARGET.id}", "value" : 3, "value": 4, {stamp}}}\n'):
        assert recordfile.json_lines(line) is None, line


def test_an_old_block_file_with_new_lines_appended_reads_whole():
    old = block(Update(TARGET.id, dt.date(2021, 3, 1), 1.0, None, "", "张三",
                       dt.datetime(2021, 3, 1, 9, tzinfo=CHINA)))
    new = Update(TARGET.id, dt.date(2021, 3, 2), 2.0, None, "", "李四", dt.datetime(2021, 3, 2, 9, tzinfo=CHINA))
    assert [u.value for u in updates_of(HEADER + old + recordfile.render(new))] == [1.0, 2.0]
