"""Everything judged is asked for (domain.md): an item that can be red or 未报送 is on its
units' fill-in sheets and in ``remind``; a unit's 报送率 counts every item the body counts as
未报送. Proved for generated workspaces, and shown for the example workspace at year end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ftz_cli.core.chase import asked, chases, report_rates
from ftz_cli.core.model import Update
from ftz_cli.core.settings import Settings
from ftz_cli.core.snapshot import Book, snapshot
from ftz_cli.core.units import Assignment, owners, unit_names
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.plan import read_plan
from ftz_cli.views.sheet import sheet_items

DATA = Path(__file__).resolve().parent.parent / "data"
PLAN, _ = read_plan((DATA / "targets.yaml").read_bytes(), "targets.yaml")
assert PLAN is not None
ITEMS = PLAN.items
STAMP = dt.datetime(2021, 5, 1, 9, tzinfo=CHINA)
RED = frozenset({"overdue", "severely_behind"})


@st.composite
def record(draw: st.DrawFn) -> Update:
    item = draw(st.sampled_from(ITEMS))
    day = draw(st.dates(dt.date(2021, 1, 1), dt.date(2021, 12, 31)))
    if item.quantitative:
        value, status = float(draw(st.sampled_from([0.0, 0.3, 0.97, 1.0, 1.5]))) * (item.target or 1), None
    else:
        value, status = None, draw(st.sampled_from(["未启动", "推进中", "已完成"]))
    return Update(item.id, day, value, status, "", "", STAMP)


UNITS = st.lists(st.tuples(st.sampled_from(["市商务局", "义乌海关", "市财政局"]),
                           st.sampled_from([a.id for a in PLAN.areas] + [i.id for i in ITEMS[:40]])),
                 max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(record(), max_size=60), st.dates(dt.date(2021, 1, 1), dt.date(2022, 3, 31)), UNITS)
def test_every_red_or_unreported_item_is_asked_for(updates, as_of, units):
    book = Book(PLAN, tuple(updates), Settings(units=tuple(Assignment(u, r) for u, r in units)))
    snap = snapshot(book, as_of)
    judged = {p.item.id for p in snap.items if p.status in RED or p.latest is None and p.status in
              ("no_data", "overdue")}
    assigned = owners(PLAN, book.settings.units)
    order = unit_names(book.settings.units)
    on_sheets = {p.item.id for p in sheet_items(book, as_of)}
    reminded = {c.progress.item.id for c in chases(PLAN, assigned, snap.items, order, 30)}
    assert judged <= on_sheets | reminded
    unreported = {p.item.id for p in snap.items if p.latest is None and p.status in ("no_data", "overdue")}
    assert unreported <= reminded  # nothing reported at all: every unit of it is reminded
    for rate in report_rates(PLAN, assigned, snap.items, order):
        missing = set(rate.items) - set(rate.reported)
        mine = {i for i in unreported if i in rate.items}
        assert mine <= missing  # a unit's 报送率 never counts as reported what the body calls 未报送
    assert all(asked(p.item, as_of) for p in snap.items if p.item.id in judged)


def test_at_year_end_every_red_item_in_the_example_was_asked_for(ftz, tmp_path):
    assert ftz("init", "--example", str(tmp_path / "ex")).exit_code == 0
    ex = ["--data", str(tmp_path / "ex")]
    rows = json.loads(ftz(*ex, "list", "--as-of", "2021-12-31", "--format", "json").stdout)
    red = {r["id"] for r in rows if r["light"] == "红灯"}
    assert red and any(r["kind"] == "qualitative" for r in rows if r["id"] in red)
    reminded = {r["id"] for r in json.loads(ftz(*ex, "remind", "--as-of", "2021-12-31", "--format",
                                                "json").stdout)}
    assert red <= reminded
    sheet = ftz(*ex, "sheet", "--as-of", "2021-12-31", "-o", str(tmp_path / "s.xlsx"))
    assert sheet.exit_code == 0, sheet.stderr
    from openpyxl import load_workbook

    listed = {row[0] for row in load_workbook(tmp_path / "s.xlsx").active.iter_rows(min_row=2, values_only=True)}
    assert red <= listed
