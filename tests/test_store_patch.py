"""After ``update`` or ``import``, the workspace's cache entry is the loaded one with the new
records' items described again: whatever was recorded, by whom and when, every answer from
it equals the answer without a cache, and the next command reads no file again."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store_cache import answer, uncached

from ftz_cli.core.errors import FtzError
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.records import Raw
from ftz_cli.store import cache, recording, stored, updates
from ftz_cli.store.workspace import Workspace

TODAY = dt.date(2021, 7, 1)  # the day of the answers; records are made on a PC a week ahead
AHEAD = dt.date(2021, 7, 8)
ITEMS = ["trade.outlets-2021", "trade.import-export-2021", "capital.digital-rmb-pilot-2021"]


def histories(ws: Workspace, today: dt.date) -> list[object]:
    """What every item's history says: its records by date, the latest one, first met."""
    book = updates.load(ws, today).book
    return [(h.dates, h.updates, h.latest(today), h.first_met(i)) for i in book.plan.items
            for h in [book.history(i.id)]]


step = st.tuples(
    st.sampled_from(ITEMS), st.dates(dt.date(2021, 1, 1), AHEAD),
    st.sampled_from([0, 5, 5, 30, 3500]), st.booleans(),   # value; a correction
    st.sampled_from(["zhang", "li"]),                      # the writer
    st.sampled_from([0, 0, 1, 60, -3600, 40 * 86400]))     # seconds after the last stamp: the
    # same second, later, earlier (a clock behind), or a month later (a new file)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, min_size=1, max_size=6))
def test_after_a_recording_the_cache_answers_as_a_fresh_load(ws, steps):
    shutil.rmtree(ws / "updates")
    (ws / "updates").mkdir()
    workspace = Workspace(ws)
    now = dt.datetime(2021, 6, 1, 9, tzinfo=CHINA)
    for item, day, value, correction, writer, later in steps:
        updates.load(workspace, AHEAD)  # the entry the recording starts from
        now += dt.timedelta(seconds=later)
        raw = Raw({"id": item, "date": day, "value": value}, "<命令行>", typed=True)
        with contextlib.suppress(FtzError):  # refused input (E210 …) is not the point here
            recording.record(workspace, [raw], AHEAD, replace=correction, writer=writer, now=now)
        for today in (TODAY, AHEAD):
            assert answer(workspace, today) == uncached(workspace, today)
            assert histories(workspace, today) == _uncached_histories(workspace, today)


def _uncached_histories(ws: Workspace, today: dt.date) -> list[object]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FTZ_NO_CACHE", "1")
        return histories(ws, today)


def test_the_command_after_a_recording_reads_no_file_again(ws: Path, ftz, monkeypatch) -> None:
    data = ("--data", str(ws))
    assert ftz(*data, "update", ITEMS[0], "--date", "2021-03-01", "--value", "3").exit_code == 0
    assert ftz(*data, "list").exit_code == 0  # the entry the next recording starts from
    assert ftz(*data, "update", ITEMS[0], "--date", "2021-04-01", "--value", "9").exit_code == 0

    def never(*args: object) -> None:
        raise AssertionError("the workspace's entry was made again")

    monkeypatch.setattr(stored, "entry", never)
    shown = ftz(*data, "show", ITEMS[0], "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert '"value": 9' in shown.stdout
    assert cache.cache_dir() is not None
