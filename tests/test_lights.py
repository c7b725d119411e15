"""The lights at their boundaries (domain.md, "Status lights"): each test fails when a rule
moves by one day or one unit — the figure's own date, the tolerances, staleness, the
deadline day, the comparator at exactly the target, a goal due, items tracking one outcome."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ftz_cli.core.chase import chases
from ftz_cli.core.history import History
from ftz_cli.core.model import Item, Source, Update, Verdict
from ftz_cli.core.settings import Settings
from ftz_cli.core.status import evaluate
from ftz_cli.parse.dates import CHINA
from ftz_cli.views.formats import points, shortfall_text

D = dt.date
SRC = Source("ge", "测试", "测试")
STAMP = dt.datetime(2021, 7, 1, 9, 0, tzinfo=CHINA)
YEAR = (D(2021, 1, 1), D(2021, 12, 31))


def item(kind: str = "flow", comparator: str = ">=", target: float | None = 1000.0,
         deadline: dt.date = YEAR[1]) -> Item:
    return Item("t.x", "trade", kind, "测试", "2021", YEAR[0], deadline, SRC, "量", "亿元", comparator,
                target if kind in ("flow", "level", "count") else None)


def rec(day: dt.date, value: float | None = None, status: str | None = None) -> Update:
    return Update("t.x", day, value, status, "", "", STAMP)


def at(x: Item, records: list[Update], as_of: dt.date, settings: Settings | None = None,
       verdicts: tuple[Verdict, ...] = ()):
    return evaluate(x, History.of(records, verdicts), as_of, settings or Settings())


# -- a figure is judged at its own date -----------------------------------------------------

def test_a_figure_keeps_its_light_while_the_calendar_turns():
    """850 of 3500 for 3月31日 is 24.3% against 24.7%: green then, green on 6月30日 (stale)."""
    x = item(comparator=">", target=3500)
    records = [rec(D(2021, 3, 31), 850)]
    then, later = at(x, records, D(2021, 3, 31)), at(x, records, D(2021, 6, 30))
    assert (then.status, later.status) == ("on_track", "on_track")
    assert later.stale and later.status_label == "正常推进（超期未更新）"
    assert later.data_time_progress == pytest.approx(90 / 365) and later.time_progress == pytest.approx(181 / 365)
    # a figure one day later than 3月31日 at the same value is judged against one more day
    assert at(x, [rec(D(2021, 5, 31), 1750)], D(2021, 6, 30)).status == "on_track"


# the 序时进度 of 6月30日 prints 49.6%: with a tolerance of 5 points, 44.6% is on track
# (5.0 points behind) and 44.5% is not (5.1); with 15, 34.6% is behind and 34.5% severely
@pytest.mark.parametrize(("value", "status"), [
    (446, "on_track"), (445, "behind"), (346, "behind"), (345, "severely_behind")])
def test_the_tolerances_include_their_edge_to_a_tenth_of_a_point(value, status):
    p = at(item(), [rec(D(2021, 6, 30), value)], D(2021, 6, 30))
    assert p.status == status


def test_the_light_and_the_printed_gap_round_alike():
    """5.003 points behind prints 5.0个百分点 and is within a tolerance of 5, not yellow."""
    p = at(item(target=100000), [rec(D(2021, 6, 30), 44586)], D(2021, 6, 30))
    assert p.data_time_progress is not None
    assert p.data_time_progress - p.completion == pytest.approx(0.05003, abs=1e-5)
    assert (points(p.gap), p.status) == ("5.0个百分点", "on_track")
    worse = at(item(target=100000), [rec(D(2021, 6, 30), 44540)], D(2021, 6, 30))
    assert (points(worse.gap), worse.status) == ("5.1个百分点", "behind")


@pytest.mark.parametrize(("age", "stale"), [(45, False), (46, True)])
def test_staleness_starts_the_day_after_the_window(age, stale):
    day = D(2021, 3, 31)
    p = at(item(), [rec(day, 300)], day + dt.timedelta(days=age), Settings(stale_days=45))
    assert p.stale is stale


# -- the deadline -----------------------------------------------------------------------

def test_the_deadline_day_is_due_today_and_the_next_day_overdue():
    x = item(deadline=D(2021, 5, 29))
    reported, silent = [rec(D(2021, 5, 1), 100)], []
    assert at(x, reported, D(2021, 5, 28)).status == "severely_behind"
    due = at(x, reported, D(2021, 5, 29))
    assert (due.status, due.label, due.light) == ("overdue", "今日到期未完成", "红灯")
    assert at(x, reported, D(2021, 5, 30)).label == "逾期未完成"
    assert at(x, silent, D(2021, 5, 28)).status == "no_data"
    assert at(x, silent, D(2021, 5, 29)).label == "今日到期未报送"
    assert at(x, silent, D(2021, 5, 30)).label == "逾期未报送"


@pytest.mark.parametrize(("comparator", "value", "status"), [
    (">", 1000, "overdue"), (">", 1000.01, "done"), (">=", 1000, "done"), (">=", 999.99, "overdue")])
def test_the_comparator_at_exactly_the_target(comparator, value, status):
    p = at(item(comparator=comparator), [rec(D(2021, 12, 31), value)], D(2022, 1, 1))
    assert p.status == status


def test_exactly_the_figure_of_a_target_to_exceed_says_what_it_needs():
    p = at(item(comparator=">", target=3500), [rec(D(2021, 12, 31), 3500)], D(2022, 1, 1))
    assert shortfall_text(p) == "未完成年度目标，差（需超过3500亿元）"
    short = at(item(comparator=">", target=3500), [rec(D(2021, 12, 31), 3400)], D(2022, 1, 1))
    assert shortfall_text(short) == "未完成年度目标，差100亿元"


@pytest.mark.parametrize(("met_on", "label"), [(D(2021, 12, 31), "已完成"), (D(2022, 1, 1), "逾期完成")])
def test_first_met_after_the_deadline_is_a_late_completion(met_on, label):
    p = at(item(), [rec(D(2021, 11, 30), 900), rec(met_on, 1000)], D(2022, 1, 10))
    assert (p.status, p.label) == ("done", label)


# -- a goal due waits for the office's verdict ----------------------------------------------

def verdict(outcome: str, day: dt.date = YEAR[1] + dt.timedelta(days=5), into: str = "") -> Verdict:
    return Verdict("t.x", day, outcome, "经核实", "办公室", STAMP, into)


def test_a_goal_reported_but_not_done_at_its_deadline_awaits_a_verdict():
    goal = item("qualitative")
    records = [rec(D(2021, 11, 1), status="推进中")]
    assert at(goal, records, D(2021, 12, 30)).status == "on_track"
    due = at(goal, records, D(2021, 12, 31))
    assert (due.status, due.label, due.light) == ("awaiting_verdict", "到期待认定", "待认定")
    assert at(goal, [], D(2022, 1, 1)).label == "逾期未报送"  # silence is no better than bad news
    assert at(item("milestone"), records, D(2021, 12, 31)).status == "overdue"  # arithmetic


@pytest.mark.parametrize(("outcome", "status", "label", "light"), [
    ("done", "done", "已完成", "已完成"), ("not_done", "overdue", "逾期未完成", "红灯"),
    ("carried", "carried", "转入年度任务", "已转入")])
def test_a_verdict_decides_from_its_date(outcome, status, label, light):
    goal, records = item("qualitative"), [rec(D(2021, 11, 1), status="推进中")]
    judged = (verdict(outcome, into="t.y" if outcome == "carried" else ""),)
    assert at(goal, records, D(2022, 1, 4), verdicts=judged).status == "awaiting_verdict"
    p = at(goal, records, D(2022, 1, 5), verdicts=judged)
    assert (p.status, p.label, p.light, p.verdict) == (status, label, light, judged[0])


def test_the_latest_verdict_holds():
    goal, records = item("qualitative"), [rec(D(2021, 11, 1), status="推进中")]
    both = (verdict("not_done", D(2022, 1, 5)), verdict("done", D(2022, 1, 6)))
    assert at(goal, records, D(2022, 1, 5), verdicts=both).status == "overdue"
    assert at(goal, records, D(2022, 1, 6), verdicts=both).status == "done"


# -- remind: the deadline day is due, not overdue -------------------------------------------

@pytest.mark.parametrize(("as_of", "reason"), [
    (D(2021, 4, 28), None), (D(2021, 4, 29), "due_soon"), (D(2021, 5, 29), "due_soon"),
    (D(2021, 5, 30), "overdue")])
def test_remind_edges(plan, as_of, reason):
    x = plan.items_by_id["trade.c2.import-platform"]  # a milestone due 5月29日
    p = evaluate(x, History.of([Update(x.id, D(2021, 4, 1), None, "推进中", "", "", STAMP)]), as_of, Settings())
    found = chases(plan, {}, [p], (), 30)
    assert (found[0].reason if found else None) == reason
    if as_of == x.deadline:  # due today, never also overdue
        assert "overdue" not in found[0].reasons


@pytest.fixture(scope="module")
def plan():
    from ftz_cli.core.resources import bundled
    from ftz_cli.store.load import load_plan
    from ftz_cli.store.workspace import Workspace

    found, problems, _ = load_plan(Workspace(bundled("data"), readonly=True))
    assert found is not None, problems
    return found


# -- the command line -------------------------------------------------------------------

def _write(ws: Path, text: str) -> None:
    (ws / "updates" / "2021-05.yaml").write_text(text, encoding="utf-8")


def _ids(ftz, ws: Path, *args: str, as_of: str = "2021-05-29") -> list[str]:
    result = ftz("--data", str(ws), "list", "--as-of", as_of, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


def test_status_takes_each_label_exactly(ftz, ws: Path):
    _write(ws, "- id: trade.c2.import-platform\n  date: 2021-05-20\n  status: 推进中\n"
               "- id: trade.overseas-warehouses-2021\n  date: 2021-03-31\n  value: 30\n")
    due_today = _ids(ftz, ws, "--status", "今日到期未完成")
    assert due_today == ["trade.c2.import-platform"]
    assert "trade.c2.import-platform" not in _ids(ftz, ws, "--status", "逾期未完成")
    assert "trade.c2.import-platform" in _ids(ftz, ws, "--status", "overdue")
    assert _ids(ftz, ws, "--status", "超期未更新") == ["trade.overseas-warehouses-2021"]
    assert _ids(ftz, ws, "--status", "逾期未完成", as_of="2021-05-30") == ["trade.c2.import-platform"]
    unreported = _ids(ftz, ws, "--status", "逾期未报送", as_of="2021-05-30")
    assert unreported and "trade.c2.import-platform" not in unreported


def test_area_takes_an_id_a_name_or_the_teams_name(ftz, ws: Path):
    trade = _ids(ftz, ws, "--area", "trade")
    for name in ("贸易", "贸易自由", "贸易自由专班"):
        assert _ids(ftz, ws, "--area", name) == trade
    refused = ftz("--data", str(ws), "list", "--area", "贸")
    assert refused.exit_code == 2 and "trade（贸易自由、贸易自由专班）" in refused.stderr


def test_list_json_says_the_figures_own_progress(ftz, ws: Path):
    _write(ws, "- id: trade.import-export-2021\n  date: 2021-03-31\n  value: 850\n")
    rows = {r["id"]: r for r in json.loads(ftz("--data", str(ws), "list", "--as-of", "2021-06-30",
                                               "--format", "json").stdout)}
    row = rows["trade.import-export-2021"]
    assert (row["data_time_progress"], row["time_progress"], row["status"]) == (0.2466, 0.4959, "on_track")
    assert row["verdict"] is None and rows["trade.outlets-2021"]["data_time_progress"] is None
