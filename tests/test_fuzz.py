"""A hidden-corpus-style fuzz of every importer and of the YAML reader (issue 14).

Whatever the bytes, a reader returns records or raises FtzError (a coded diagnostic for
the user); every record it returns is then checked against the plan without an exception.
Bounded for CI: a fixed number of examples per reader and a per-example deadline, a few
seconds in all; HYPOTHESIS_PROFILE=long runs many more.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftz_cli.core.errors import FtzError
from ftz_cli.core.model import Plan
from ftz_cli.importers import read_records
from ftz_cli.importers.excel import read_xlsx
from ftz_cli.importers.mappings import read_json, read_jsonl, read_yaml
from ftz_cli.importers.table import read_csv
from ftz_cli.parse import fields, records, yamlio

settings.register_profile("ci", max_examples=60, deadline=2000, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FLOW = "trade.import-export-2021"
MILESTONE = "trade.pilot.new-barter-trade"
TODAY = dt.date(2021, 6, 30)
NOW = dt.datetime(2021, 6, 30, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# pieces that have broken parsers before: YAML 1.1 scalars, tags, anchors, quotes, BOMs,
# full-width punctuation, controls and bidi overrides, Chinese headers, huge numbers
FRAGMENTS = [
    "- ", "  ", "id: ", FLOW, MILESTONE, "date: ", "2021-03-31", "2021/3/5", "2021年3月5日",
    "value: ", "status: ", "note: ", "by: ", "input: ", "replace: ", "recorded_at: ",
    "0100", "9:30", "on", "yes", "~", "null", "1e308", "-1", ".inf", "nan", "0x10", "1_000",
    "3,500", "1.2万", "3500亿元", "已完成", "推进中", "\n", "\r\n", "\t", ":", "：", "，", "#", "'", '"',
    "&a ", "*a", "<<: ", "!!python/object:os.system ", "!!binary ", "{", "}", "[", "]", ",",
    "\ufeff", "\x00", "\x1b]52;c;eA==\x07", "\u202e", "\u200b", "\ud800", "=1+1", "@SUM(1)",
    "指标编号", "日期", "数值", "状态", "说明", "填报人", "---", "...", "|", ">", "\\", "\\u0000",
    "9" * 400,
]
TEXT = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)
BYTES = st.one_of(TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=300),
                  TEXT.map(lambda t: t.encode("gb18030", "replace")))


@cache
def plan() -> Plan:
    from ftz_cli.core.resources import bundled
    from ftz_cli.store.load import load_plan
    from ftz_cli.store.workspace import Workspace

    found, problems, _ = load_plan(Workspace(bundled("data"), readonly=True))
    assert found is not None, problems
    return found


def _survives(reader, data: bytes) -> None:
    """``reader`` gives records or an FtzError; the records check without an exception."""
    try:
        raws = reader(data, "fuzz", lambda d: None)
    except FtzError as err:
        assert err.diagnostics and all(d.code and d.message for d in err.diagnostics)
        return
    for raw in raws:
        _, problems = records.check(raw, plan(), TODAY, NOW)
        assert all(d.code for d in problems)


@pytest.mark.parametrize("reader", [read_csv, read_json, read_jsonl, read_yaml],
                         ids=["csv", "json", "jsonl", "yaml"])
@given(data=BYTES)
def test_a_text_importer_never_fails_unnamed(reader, data: bytes) -> None:
    _survives(reader, data)


@given(data=BYTES)
def test_the_yaml_reader_never_fails_unnamed(data: bytes) -> None:
    text, problems = yamlio.decode(data, "fuzz.yaml")
    if text is None:
        assert problems
        return
    yamlio.load(text, "fuzz.yaml", fields.typed_field)
    yamlio.load(text, "fuzz.yaml")


@given(data=BYTES)
def test_the_format_guess_never_fails_unnamed(data: bytes, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input"
    path.write_bytes(data)
    try:
        read_records(str(path), None, lambda d: None)
    except FtzError as err:
        assert err.diagnostics


def _sheet(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CELL = st.one_of(st.none(), TEXT.map(lambda t: t.encode("utf-8", "replace").decode("utf-8")
                                     .translate({c: None for c in range(32) if c not in (9, 10, 13)})),
                 st.integers(-10**20, 10**20), st.floats(allow_nan=True), st.dates(), st.booleans())


@given(rows=st.lists(st.lists(CELL, max_size=8), max_size=6),
       header=st.permutations(["id", "date", "value", "status", "note", "by", "指标编号", "数值"]))
def test_the_xlsx_importer_never_fails_unnamed_on_any_cells(rows, header) -> None:
    _survives(read_xlsx, _sheet([header[:5], *rows]))


@given(position=st.integers(0, 10**6), noise=st.binary(min_size=1, max_size=40),
       member=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml",
                               "[Content_Types].xml", "xl/_rels/workbook.xml.rels"]))
def test_the_xlsx_importer_never_fails_unnamed_on_a_damaged_part(position: int, noise: bytes,
                                                                  member: str) -> None:
    good = _sheet([["id", "date", "value"], [FLOW, "2021-03-31", 100]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            part = source.read(name)
            if name == member:
                at = position % (len(part) + 1)
                part = part[:at] + noise + part[at + len(noise):]
            target.writestr(name, part)
    _survives(read_xlsx, out.getvalue())


@given(data=st.binary(max_size=2000))
def test_the_xlsx_importer_never_fails_unnamed_on_any_bytes(data: bytes) -> None:
    _survives(read_xlsx, b"PK\x03\x04" + data)
