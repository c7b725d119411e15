"""The echo of a recording evaluates only the items recorded, and says what a whole new
snapshot would say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ftz_cli.core.model import Update
from ftz_cli.core.settings import Settings
from ftz_cli.core.snapshot import Book, progress_after, snapshot
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.plan import read_plan

DATA = Path(__file__).resolve().parent.parent / "data"
PLAN, _ = read_plan((DATA / "targets.yaml").read_bytes(), "targets.yaml")
assert PLAN is not None
ITEMS = [i for i in PLAN.items if i.deadline.year == 2021][:12]
STAMP = dt.datetime(2021, 5, 1, 9, tzinfo=CHINA)


@st.composite
def record(draw: st.DrawFn) -> Update:
    item = draw(st.sampled_from(ITEMS))
    day = draw(st.dates(dt.date(2021, 1, 1), dt.date(2022, 1, 31)))
    if item.quantitative:
        value, status = float(draw(st.sampled_from([0.0, 0.5, 0.97, 1.0, 1.2]))) * (item.target or 1), None
    else:
        value, status = None, draw(st.sampled_from(["未启动", "推进中", "已完成"]))
    return Update(item.id, day, value, status, "", "", STAMP, draw(st.booleans()))


@settings(max_examples=200, deadline=None)
@given(st.lists(record(), max_size=40), st.lists(record(), min_size=1, max_size=5))
def test_the_echo_agrees_with_a_whole_snapshot(stored: list[Update], more: list[Update]) -> None:
    book = Book(PLAN, tuple(stored), Settings())
    after = book.with_updates(tuple(more))
    histories = {u.id: after.history(u.id) for u in more}  # the items recorded, with ``more``
    assert progress_after(book, more, histories) == [snapshot(after, u.date).get(u.id) for u in more]
