"""Targets the 2021 text did not need: lower is better, growth, 长期坚持 (domain.md "Plans over
the years"), at their boundaries: exactly at the target, and one unit either side."""

from __future__ import annotations

import datetime as dt

import pytest

from ftz_cli.core.chase import chases
from ftz_cli.core.history import History
from ftz_cli.core.model import Baseline, Item, Source, Update
from ftz_cli.core.settings import Settings
from ftz_cli.core.slips import findings
from ftz_cli.core.status import evaluate
from ftz_cli.parse import yamlio
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.plan import build_plan
from ftz_cli.views.formats import cn_target, days_left_text, shortfall_text

D = dt.date
SRC = Source("", "任务分解表", "测试")
STAMP = dt.datetime(2022, 7, 1, 9, 0, tzinfo=CHINA)
YEAR = (D(2022, 1, 1), D(2022, 12, 31))


def item(comparator: str, target: float, baseline: float | None = None, *,
         growth: float | None = None, kind: str = "level", ongoing: bool = False) -> Item:
    base = Baseline(baseline, D(2021, 12, 31)) if baseline is not None else None
    return Item("t.x", "trade", kind, "测试", "2022", *YEAR, SRC, "时长", "小时", comparator,
                target, base, growth=growth, ongoing=ongoing)


def at(it: Item, day: dt.date, value: float | None = None, status: str | None = None):
    records = [Update(it.id, day, value, status, "", "", STAMP)] if (value, status) != (None, None) else []
    return evaluate(it, History.of(records), day, Settings())


@pytest.mark.parametrize(("comparator", "value", "status"), [
    ("<=", 2.0, "done"),      # exactly at the target: 压缩至2小时以内 is met
    ("<=", 1.0, "done"),      # one unit under
    ("<=", 3.0, "overdue"),   # one unit over, on the deadline
    ("<", 2.0, "overdue"),    # 低于2小时: 2 is not below 2
    ("<", 1.0, "done"),
])
def test_lower_is_better_is_met_at_or_under_its_target(comparator, value, status):
    p = at(item(comparator, 2.0, 4.0), YEAR[1], value)
    assert p.status == status


def test_lower_is_better_completion_is_the_reduction_achieved_over_the_one_required():
    it = item("<=", 2.0, 4.0)  # from 4 hours to 2: a reduction of 2 required
    assert at(it, D(2022, 6, 30), 3.0).completion == pytest.approx(0.5)
    assert at(it, D(2022, 6, 30), 4.0).completion == 0.0
    assert at(it, D(2022, 6, 30), 5.0).completion == 0.0  # worse than the baseline: never below 0
    assert at(it, D(2022, 6, 30), 2.0).completion == pytest.approx(1.0)
    p = at(it, YEAR[1], 3.0)
    assert shortfall_text(p) == "未完成年度目标，差1小时"  # over the ceiling, not under it
    assert cn_target(2.0, "小时", "<=") == "2小时以内"
    assert cn_target(2.0, "小时", "<") == "低于2小时"


def test_lower_is_better_light_at_mid_year():
    it = item("<=", 2.0, 4.0)
    assert at(it, D(2022, 6, 30), 3.0).status == "on_track"  # 50% done at 49.6% of the year
    assert at(it, D(2022, 6, 30), 3.5).status != "on_track"  # 25%


@pytest.mark.parametrize(("value", "status", "completion"), [
    (110.0, "done", 1.0),         # 增长10% on 100: exactly at the target
    (111.0, "done", 1.1),         # one unit over
    (109.0, "overdue", 0.9),      # one unit under, on the deadline
])
def test_growth_is_measured_from_its_baseline(value, status, completion):
    it = item(">=", 110.0, 100.0, growth=10, kind="flow")
    p = at(it, YEAR[1], value)
    assert p.status == status
    assert p.completion == pytest.approx(completion)


def test_ongoing_is_never_red_by_the_calendar():
    it = Item("t.o", "trade", "qualitative", "长期坚持", "2022", *YEAR, SRC, ongoing=True)
    later = D(2023, 3, 1)
    assert at(it, later, status="推进中").status == "on_track"
    assert at(it, later).status == "no_data"  # silence is grey, never 逾期未报送
    assert days_left_text(at(it, later)) == "长期坚持"
    closed = it._replace(ongoing=False)
    assert at(closed, later).status == "overdue"  # the same item with a deadline is red


def test_ongoing_is_never_due_soon_nor_overdue_in_remind():
    it = Item("t.o", "trade", "milestone", "长期坚持", "2022", *YEAR, SRC, ongoing=True)
    progress = [at(it, YEAR[1], status="推进中")]

    class FakePlan:
        areas = ()
        items_by_id = {it.id: it}

    found = chases(FakePlan(), {it.id: ("单位",)}, progress, ["单位"], 7)  # type: ignore[arg-type]
    assert found == []
    # the same item with a deadline: due on the day (今日到期), overdue from the next
    for day, reason in ((YEAR[1], "due_soon"), (YEAR[1] + dt.timedelta(days=1), "overdue")):
        found = chases(FakePlan(), {it.id: ("单位",)}, [at(it._replace(ongoing=False), day,
                                                        status="推进中")], ["单位"], 7)  # type: ignore[arg-type]
        assert [c.reason for c in found] == [reason]


def test_a_falling_value_is_no_slip_when_lower_is_better():
    lower, higher = item("<=", 2.0, 4.0), item(">=", 2.0)
    assert findings(lower, [4.0, 3.0, 5.0], [2022] * 3) == []  # 5 > 200% of 2, and a fall: both normal
    assert findings(higher, [4.0, 3.0, 5.0], [2022] * 3) != []


PLAN = """\
schema: 1
programme:
  name: 测试计划
  short_name: 测试
  began: 2022-01-01
  document: {{title: 测试通知}}
speakers: {{}}
areas:
  - {{id: trade, name: 贸易, team: 贸易专班}}
items:
  - id: trade.x
    area: trade
    kind: level
    title: 通关时间
    horizon: "2022"
    start: 2022-01-01
    deadline: 2022-12-31
    source: {{section: 任务分解表, text: 通关时间压缩至2小时以内{unverified}}}
{fields}
"""


def check(fields: str, unverified: str = "") -> tuple[Item | None, list[tuple[str, str]]]:
    text = PLAN.format(fields=fields, unverified=unverified)
    tree, problems = yamlio.load(text, "plans/2022.yaml")
    assert problems == []
    plan, found = build_plan(tree, "plans/2022.yaml", "通知：通关时间压缩至2小时以内。")
    return (plan.items[0] if plan else None), [(d.code, d.severity) for d in found]


LOWER = "    metric: 通关时间\n    unit: 小时\n    comparator: \"<=\"\n    target: 2\n"


def test_a_lower_is_better_target_validates_with_or_without_a_baseline():
    built, found = check(LOWER + "    baseline: {value: 4}\n")
    assert found == [] and built is not None and built.relative
    built, found = check(LOWER)
    assert found == [] and built is not None and not built.relative


def test_a_lower_is_better_baseline_must_be_above_the_target():
    assert check(LOWER + "    baseline: {value: 2}\n")[1] == [("E141", "error")]
    assert check(LOWER + "    baseline: {value: 2.01}\n")[1] == []


GROWTH = "    metric: 进出口额\n    unit: 亿元\n    comparator: \">=\"\n    growth: 10\n"


def test_a_growth_target_follows_from_its_baseline():
    built, found = check(GROWTH + "    baseline: {value: 3500}\n")
    assert found == [] and built is not None and built.target == pytest.approx(3850)
    assert check(GROWTH + "    baseline: {value: 3500}\n    target: 3850\n")[1] == []
    assert check(GROWTH + "    baseline: {value: 3500}\n    target: 3851\n")[1] == [("E143", "error")]
    assert check(GROWTH)[1] == [("E140", "error")]
    down = GROWTH.replace("growth: 10", "growth: -10")
    assert check(down + "    baseline: {value: 3500}\n")[1] == [("E142", "error")]


def test_an_unverified_source_is_a_warning_not_an_error():
    missing = LOWER + "    ongoing: true\n"
    _, found = check(missing)
    assert found == []
    text = PLAN.format(fields=missing, unverified="").replace("压缩至2小时以内}", "压缩至1小时}")
    tree, _ = yamlio.load(text, "p.yaml")
    assert [d.code for d in build_plan(tree, "p.yaml", "通关时间压缩至2小时以内")[1]] == ["E125"]
    built, found = check(missing, ", unverified: true")
    assert found == [("W600", "warning")] and built is not None and built.source.unverified
    assert built.ongoing
