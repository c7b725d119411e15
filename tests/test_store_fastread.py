"""The reader for the shape ftz writes gives what the full YAML loader gives: the same
records and the same diagnostics, positions included; for anything else it steps aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftz_cli.core.model import Update
from ftz_cli.parse.dates import CHINA
from ftz_cli.store import fastread, logfile, quicksettings
from ftz_cli.store.logwrite import render
from ftz_cli.store.updates import _parse_plan

DATA = Path(__file__).resolve().parent.parent / "data"
PLAN, _ = _parse_plan((DATA / "targets.yaml").read_bytes(), None, "targets.yaml")
assert PLAN is not None
IDS = ["trade.outlets-2021", "trade.import-export-2021", "capital.digital-rmb-pilot-2021", "no.such-item", "x"]


WHERE = "updates/2021-03/a.yaml"


def read(text: str, *aside: str) -> logfile.Parsed:
    """``logfile.parse`` of ``text``, the readers of ``fastread`` named in ``aside`` stepping aside."""
    with pytest.MonkeyPatch.context() as patch:
        for name in aside:
            patch.setattr(fastread, name, lambda text: None)
        return logfile.parse(text.encode("utf-8"), WHERE, PLAN)


def both(text: str) -> tuple[logfile.Parsed, logfile.Parsed]:
    """As ftz reads it, and as the YAML loader alone reads it."""
    return read(text), read(text, "columns", "scan", "lines")


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
# values up to what a plan can mean: beyond it see test_an_implausible_value_reads_the_same_both_ways
updates = st.builds(
    Update, id=st.sampled_from(IDS),
    date=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    value=st.one_of(st.none(), st.integers(-5, 10**9).map(float),
                    st.floats(0, 1e9, allow_nan=False).map(lambda v: round(v, 3))),
    status=st.one_of(st.none(), st.sampled_from(["推进中", "已完成", "未启动"])),
    note=texts, by=texts,
    recorded_at=st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1)).map(
        lambda d: d.replace(microsecond=0, tzinfo=CHINA)),
    replace=st.booleans(), input=texts, progress_note=texts, problems=texts, next_steps=texts)


@settings(max_examples=150, deadline=None)
@given(st.lists(updates, max_size=6))
def test_what_ftz_writes_reads_the_same_both_ways(records):
    text = "# 注释\n" + "".join(render(u) for u in records)
    assert fastread.scan(text) is not None  # what ftz writes is the fast path's to read
    assert fastread.columns(text) is not None  # and the whole file at once
    fast, slow = both(text)
    assert fast == slow


def test_an_implausible_value_reads_the_same_both_ways():
    # a hand edit that keeps ftz's shape: the fast path leaves the value to check (E230)
    fast, slow = both("- id: trade.import-export-2021\n  date: 2021-03-01\n  value: 10000001\n"
                      "  recorded_at: 2021-03-01T10:00:00+08:00\n")
    assert fast == slow
    assert [p[0] for p in fast[1]] == ["E230"] and not fast[0]


@pytest.mark.parametrize("text", [
    "- id: trade.outlets-2021\n  date: 2021-02-30\n  value: 3\n",          # no such day
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3 # 备注\n",    # a comment after a value
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n  value: 4\n",  # a key twice
    "- id: trade.outlets-2021\r\n  date: 2021-03-01\r\n  value: 3\r\n",    # Windows line ends
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  valeu: 3\n",           # an unknown field
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 0123\n",        # octal in YAML 1.1
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 1e3\n",
    "- id: yes\n  date: 2021-03-01\n  value: 3\n",
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: " + "9" * 5000 + "\n",
    "- id: trade.outlets-2021\n  date: 2099-03-01\n  value: 3\n  note: '单引号'\n",
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  status: 推进中\n  by: 张三\n",
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n  recorded_at: 2021-03-01 10:00:00\n",
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n  note: \"\\ud83d\\ude00\"\n",
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n  replace: yes\n",
    "  - id: trade.outlets-2021\n    date: 2021-03-01\n    value: 3\n",
    "- id: trade.outlets-2021\n\n  date: 2021-03-01\n# 中间的注释\n  value: -3\n",
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n- 3\n",
])
def test_hand_edits_read_the_same_both_ways(text):
    fast, slow = both(text)
    assert fast == slow


# lines people write by hand, or that ftz never writes, for the whole-file reader to step aside
# for or to read as the reader of one record at a time does
HAND = ["# 注释", "", " ", "  value: 1.50", "  value: 007", "  value: 1e3", "  value: -2", "  value: -0",
        "  value: 0.0", "  value: 12", "  status: 推进中", "  status: 完成", '  note: ""', "  note: '单引号'",
        '  note: "  有空格 "', '  by: "a\\"b\\\\c\\u00e9\\n"', '  input: "3500亿元"', '  input: " "',
        "  recorded_at: 2021-03-01T10:00:00+00:00", "  recorded_at: 2021-03-01T10:00:00-05:30",
        "  recorded_at: 2021-02-30T10:00:00+08:00", "  recorded_at: 2021-03-01T24:00:00+08:00",
        "  replace: true", "  replace: false", "- id: trade.outlets-2021", "- id: yes", "- id: no.such-item",
        "- 3", "  unknown: 1", "  date: 2019-01-01", "  date: 2020-08-29", "  date: 2021-02-30",
        "  date: ２０２１-03-01", "   note: \"x\"", "junk", "- id: x # 注释"]


# records check has nothing to say about: a known item's value or state, after the plan began
plain = updates.filter(lambda u: u.date >= PLAN.began).map(lambda u: u._replace(
    id=IDS[1], status=None) if u.value is not None and u.value >= 0 else u._replace(
    id=IDS[2], value=None, status=u.status or "推进中"))


@st.composite
def edited(draw: st.DrawFn) -> str:
    """What ftz writes, then edited by hand: lines added, removed or swapped, Windows line ends."""
    records = draw(st.lists(st.one_of(plain, updates), max_size=5))
    lines = "".join(render(u) for u in records).splitlines()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        edit = draw(st.sampled_from(["add", "remove", "swap"]))
        if edit == "add":
            lines.insert(at, draw(st.sampled_from(HAND)))
        elif edit == "remove" and at < len(lines):
            del lines[at]
        elif at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
    end = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    head = draw(st.sampled_from(["", "# 头\n# 第二行\n", "\n# 头\n\n", "# 头"]))
    return head + end.join(lines) + draw(st.sampled_from([end, ""]))


@settings(max_examples=300, deadline=None)
@given(edited())
def test_the_whole_file_reader_reads_as_the_reader_of_one_record_at_a_time(text):
    whole = read(text)
    assert whole == read(text, "columns")
    assert whole == both(text)[1]


@pytest.mark.parametrize("text", [
    "", "# 头", "# 头\n\n", "\n\n- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n"
    "  recorded_at: 2021-03-01T10:00:00+08:00\n",
    # an empty text counted as no line would make up for a line of junk
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n  note: \"\"\n"
    "  recorded_at: 2021-03-01T10:00:00+08:00\njunk\n- id: trade.outlets-2021\n  date: 2021-03-02\n"
    "  value: 4\n  recorded_at: 2021-03-02T10:00:00+08:00\n",
    "junk- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n  recorded_at: 2021-03-01T10:00:00+08:00\n",
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n  recorded_at: 2021-03-01T10:00:00+08:00",
    "- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 1.50\n  note: \" a\\tb \"\n"
    "  recorded_at: 2021-03-01T10:00:00+00:00\n  replace: true\n# 尾\n",
])
def test_edge_files_read_the_same_every_way(text):
    whole, per_record = read(text), read(text, "columns")
    assert whole == per_record
    assert (whole, per_record) == both(text)


def test_the_whole_file_reader_keeps_line_and_column():
    from ftz_cli.store.logwrite import _NEW_FILE

    value = Update("trade.outlets-2021", dt.date(2021, 3, 1), 3.0, None, "x", "张三",
                   dt.datetime(2021, 3, 2, 9, 30, tzinfo=CHINA), False, "", "", "", "")
    state = value._replace(id=IDS[2], value=None, status="推进中")
    # records of as many lines (a value or a state), then of a field more or less
    for records, lines in (([value, state, value], [4, 10, 16]), ([value, state._replace(note="")], [4, 10]),
                           ([value._replace(replace=True), state], [4, 11])):
        text = _NEW_FILE.format(month="2021年3月") + "\n" + "".join(map(render, records))
        found = fastread.columns(text)
        assert found is not None and list(found[1]) == lines
        rows = logfile._rows(*found, PLAN)
        assert rows is not None and rows == read(text, "columns")[0]
        assert [r[logfile.LINE:] for r in rows] == [(n, 3, n + 1, 9) for n in lines]
    assert rows[0][:logfile.LINE] == ("trade.outlets-2021", 737850, 3.0, None, "x", "张三",
                                      "2021-03-02T09:30:00+08:00", True, "", "", "", "")
    # a value and a state, then neither: as many of each as records, yet not one each
    stamp = "  recorded_at: 2021-03-01T10:00:00+08:00\n"
    text = f"- id: x\n  date: 2021-03-01\n  value: 3\n  status: 推进中\n{stamp}- id: y\n  date: 2021-03-01\n{stamp}"
    assert list(fastread.columns(text)[1]) == [1, 6]  # type: ignore[index]


NUMBER = r"-?(?:0|[1-9][0-9]{0,20})(?:\.[0-9]{1,20})?"  # a value the fast readers take


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.from_regex(NUMBER, fullmatch=True),
                 st.floats(0, 1e16).map(repr).filter(lambda v: "e" not in v),
                 st.decimals(0, 10**9, places=7).map(str).filter(lambda v: "E" not in v),
                 st.sampled_from(["0", "-0", "0.0", "0.0001", "0.00001", "0.00012", "0.123456", "0.1234567",
                                  "1.50", "2.0", "999999999999999", "1000000000000000", "99999999999999.9",
                                  "9999999999999.99", "123456789.123456", "12345678901234567"])))
def test_a_value_is_its_own_text_as_check_shows_it(value):
    from ftz_cli.parse.values import clean_number

    assert logfile._own_text(value) == (value == str(clean_number(float(value) + 0.0)))


def test_the_fast_path_keeps_line_and_column():
    text = "# 头\n\n- id: trade.outlets-2021\n  date: 2021-03-01\n  value: 3\n  note: \"x\"\n"
    ((fields, line, column, positions),) = fastread.read(text) or [None]
    assert (line, column) == (3, 3)
    assert positions == {"id": (3, 7), "date": (4, 9), "value": (5, 10), "note": (6, 9)}
    assert fields == {"id": "trade.outlets-2021", "date": dt.date(2021, 3, 1), "value": "3", "note": "x"}


SETTINGS = (DATA.parent / "ftz_cli" / "store" / "workspace.py").read_text(encoding="utf-8")
TEMPLATE = SETTINGS.split('_SETTINGS_TEMPLATE = """\\\n', 1)[1].split('"""', 1)[0]
TRICKY = ["45", "045", "0.05", "1e3", "yes", "No", "y", "义乌", "a b", "a#b", "a: b", "'q'", "~", "-1",
          "1_000", "0x1F", ".5", "2021-03-01", "张三 # 注释", "null", "Off", "12:30", "!tag", "[1]", "x  "]


def tree(value: object) -> object:
    if isinstance(value, dict):
        return (value.line, value.column, value.key_pos, value.value_pos,  # type: ignore[attr-defined]
                {k: tree(v) for k, v in value.items()})
    return (type(value).__name__, value)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TRICKY), st.sampled_from(TRICKY), st.sampled_from(TRICKY),
       st.sampled_from(["", "\n", "# 注释\n", "writer: {}\n", "  extra: 1\n", "yes: 1\n", "report:\n"]))
def test_settings_read_without_yaml_match_the_yaml_loader(title, days, name, tail):
    from ftz_cli.parse.yamlio import load

    text = TEMPLATE.replace("stale_days: 45", f"stale_days: {days}").replace(
        "title: 义乌自贸区建设推进情况简报", f"title: {title}") + tail.format(name)
    fast = quicksettings.settings_tree(text)
    if fast is not None:
        slow, problems = load(text, "ftz.yaml")
        assert not problems and tree(fast) == tree(slow)


def test_the_settings_ftz_writes_are_read_without_yaml():
    assert quicksettings.settings_tree(TEMPLATE) is not None
    assert quicksettings.settings_tree(TEMPLATE + "writer: zhangsan\n") is not None


def test_validate_on_a_new_workspace_does_not_import_yaml(tmp_path):
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "ftz_cli", "init", str(tmp_path / "w")], check=True,
                   capture_output=True)
    code = ("import sys\nfrom ftz_cli.cli.main import main\nsys.argv = ['ftz', 'validate']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint('yaml' in sys.modules)")
    env = {**__import__("os").environ, "FTZ_DATA": str(tmp_path / "w")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
            for _ in range(2)]
    assert runs[1].stdout.strip() == "False", runs[1].stderr  # the second: from the cache


def test_cached_rows_hold_updates_fields_in_their_order() -> None:
    # logfile.updates builds each Update from a row by position
    from ftz_cli.core.model import Update

    assert Update._fields == logfile.FIELDS_STORED
