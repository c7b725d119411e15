"""The workspace's cache entry skips the checks across records only where they find nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ftz_cli.store import stored
from ftz_cli.store.crosscheck import cross_check
from ftz_cli.store.updates import _parse_plan

DATA = Path(__file__).resolve().parent.parent / "data"
PLAN, _ = _parse_plan((DATA / "targets.yaml").read_bytes(), None, "targets.yaml")
assert PLAN is not None
BY_KIND = {kind: next(i for i in PLAN.items if i.kind == kind and (i.target or kind == "milestone"))
           for kind in ("flow", "level", "count", "milestone")}
START = dt.date(2021, 12, 20).toordinal()  # records across a new year
FILES = ["updates/2022-01/zhang.yaml", "updates/2022-01/li.yaml"]
VALUES = [0.0, 1.0, 5.0, 9.0, 10.0, 11.0, 50.0, 1e5, 1e9]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(BY_KIND)),
       st.lists(st.tuples(st.integers(0, 30), st.sampled_from(VALUES), st.booleans(), st.integers(0, 1)),
                min_size=1, max_size=12))
def test_the_checks_are_skipped_only_where_they_find_nothing(kind, records):
    item = BY_KIND[kind]
    value, status = (None, "推进中") if kind == "milestone" else (0.0, None)
    group = [(item.id, START + day, v if value is not None else None, status, "", "",
              "2022-01-01T10:00:00+08:00", replace, "", "", "", "", 2 + 7 * rank, 3, writer, rank)
             for rank, (day, v, replace, writer) in enumerate(records)]
    found: stored.Entry = {"files": FILES, "across": {}, "items": {}}
    stored._describe(found, PLAN, item.id, group)
    everything = cross_check(PLAN, stored._located(found, group))
    assert found["across"][item.id] == [
        (d.code, d.message, d.path, d.line, d.column, d.hint, d.severity) for d in everything]
