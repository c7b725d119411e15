"""A slip is held back (domain.md "Numbers held for checking"): a figure held for checking
(待核实) counts for nothing until confirmed, so the item is judged — light, value, completion,
gap — on its latest figure that is not held, and the held one is named beside it for checking.
With none before it the item is 待核实 (grey): reported, so never 未报送 and never chased as
unreported. Each rule is pinned where it turns."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

from test_held import FLOW, ORGS, by_hand

from ftz_cli.core.chase import chases, report_rates
from ftz_cli.core.history import History
from ftz_cli.core.model import Item, Source, Update
from ftz_cli.core.settings import Settings
from ftz_cli.core.status import Progress, evaluate
from ftz_cli.parse.dates import CHINA

D = dt.date
STAMP = dt.datetime(2021, 7, 1, 9, 0, tzinfo=CHINA)
# 亿元, more than 3500 in 2021: a year-to-date total (flow), so one that falls is held (W203)
TRADE = Item("t.trade", "trade", "flow", "进出口额", "2021", D(2021, 1, 1), D(2021, 12, 31),
             Source("ge", "测试", "测试"), "进出口额", "亿元", ">", 3500.0)


def figure(day: dt.date, value: float, *, confirmed: bool = False) -> Update:
    return Update(TRADE.id, day, value, None, "", "", STAMP, False, confirmed=confirmed)


JUNE_30 = D(2021, 6, 30)


def judged(*figures: Update, as_of: dt.date = JUNE_30, item: Item = TRADE,
           settings: Settings | None = None) -> Progress:
    return evaluate(item, History.of(figures), as_of, settings or Settings())


def test_a_falling_total_is_held_back_and_the_light_is_the_figure_before_it():
    # 1320 for 5月31日 is on pace (37.7% against that day's 41.4%); 1000 for 6月30日 falls: a slip
    p = judged(figure(D(2021, 5, 31), 1320), figure(D(2021, 6, 30), 1000))
    assert (p.latest.value, p.held.value, p.held.date) == (1320, 1000, D(2021, 6, 30))
    assert p.status == "on_track" and p.needs_check and p.status_label == "正常推进（待核实）"
    assert p.value == 1320 and round(p.completion, 4) == round(1320 / 3500, 4)
    assert p.value_date == D(2021, 5, 31) and p.reported.date == D(2021, 6, 30)
    # confirmed, the same figure is a fact: 28.6% against 49.6% is far behind
    sure = judged(figure(D(2021, 5, 31), 1320), figure(D(2021, 6, 30), 1000, confirmed=True))
    assert sure.status == "severely_behind" and not sure.needs_check and sure.value == 1000


def test_a_figure_held_before_the_date_judged_is_still_held_back():
    # the slip of 6月30日 stays held on 7月15日: the light is still 1320's, as of 5月31日
    p = judged(figure(D(2021, 5, 31), 1320), figure(D(2021, 6, 30), 1000), as_of=D(2021, 7, 15))
    assert p.value_date == D(2021, 5, 31) and p.needs_check and p.status == "on_track"
    # a later figure that is no slip ends it: judged on its own
    later = judged(figure(D(2021, 5, 31), 1320), figure(D(2021, 6, 30), 1000),
                   figure(D(2021, 7, 15), 1500), as_of=D(2021, 7, 15))
    assert later.value == 1500 and not later.needs_check and later.held is None


def test_held_figures_one_after_another_are_all_passed_over():
    # 100 falls from 1320 (and is a tenth of it), 90 falls from 1320 too: both held, 1320 judged
    p = judged(figure(D(2021, 5, 31), 1320), figure(D(2021, 6, 15), 100), figure(D(2021, 6, 30), 90))
    assert (p.latest.value, p.held.value, p.status) == (1320, 90, "on_track")
    assert judged(figure(D(2021, 6, 15), 8000), figure(D(2021, 6, 30), 9000)).latest is None


def test_with_no_figure_before_it_the_item_is_awaiting_checking_not_unreported():
    p = judged(figure(D(2021, 6, 30), 8000))  # over 200% of 3500: held (W205)
    assert p.latest is None and p.held.value == 8000 and p.status == "no_data"
    assert p.label == "待核实" and p.status_label == "待核实" and p.completion is None
    assert [c.reasons for c in chases_of(p)] == []  # not chased as unreported: it was reported
    assert [c.reasons for c in chases_of(judged())] == [("not_reported",)]
    assert report_rates(*_plan_for(p), [p])[0].reported == (TRADE.id,)
    # at the deadline it is reported and not met: 逾期未完成, never 逾期未报送
    late = judged(figure(D(2021, 6, 30), 8000), as_of=D(2022, 1, 1))
    assert (late.status, late.label) == ("overdue", "逾期未完成")
    nothing = judged(as_of=D(2022, 1, 1))
    assert nothing.label == "逾期未报送" and [c.reasons for c in chases_of(nothing)] == [("overdue", "not_reported")]


def test_staleness_runs_from_the_held_report_not_from_the_figure_judged():
    # the unit did report on 6月30日: only 30 days later is it 超期未更新 (stale_days = 30 here)
    settings = dataclasses.replace(Settings(), stale_days=30)
    figures = (figure(D(2021, 3, 31), 1000), figure(D(2021, 6, 30), 100))  # a tenth: held (W204)
    on_time = judged(*figures, as_of=D(2021, 7, 30), settings=settings)
    stale = judged(*figures, as_of=D(2021, 7, 31), settings=settings)
    assert (on_time.stale, stale.stale) == (False, True)
    assert on_time.value_date == D(2021, 3, 31) and stale.status_label.endswith("（超期未更新，待核实）")


def test_a_target_met_before_a_held_figure_stays_done_and_says_so():
    p = judged(figure(D(2021, 3, 31), 3600), figure(D(2021, 6, 30), 360))  # a tenth after it: held
    assert p.status == "done" and p.value == 3600 and p.status_label == "已完成（待核实）"


def chases_of(p):  # noqa: ANN001, ANN201
    plan, assigned = _plan_for(p)
    return chases(plan, assigned, [p], ["商务局"], within=0)


def _plan_for(p):  # noqa: ANN001, ANN202 - a one-item plan and its unit
    from ftz_cli.core.model import Area, Plan

    plan = Plan("测试", "测试", D(2021, 1, 1), "", {}, (Area("trade", "贸易自由", "贸易自由专班", None),),
                (), (), (), (), (p.item,), (), (), {p.item.id: p.item})
    return plan, {p.item.id: ("商务局",)}


# -- what a person sees ---------------------------------------------------------------------

def test_list_show_and_the_brief_hold_the_slip_back(ws, ftz):
    by_hand(ws, [(FLOW, "2021-05-31", "1320"), (FLOW, "2021-06-30", "1000")])
    rows = json.loads(ftz("--data", str(ws), "list", "--as-of", "2021-06-30", "--status", "待核实",
                          "--format", "json").stdout)
    assert [(r["id"], r["value"], r["value_date"], r["held_value"], r["held_date"], r["last_reported"],
             r["status"], r["completion"]) for r in rows] == [
        (FLOW, 1320, "2021-05-31", 1000, "2021-06-30", "2021-06-30", "on_track", round(1320 / 3500, 4))]
    shown = ftz("--data", str(ws), "show", FLOW, "--as-of", "2021-06-30").stdout
    assert "正常推进（待核实），完成率 37.7%" in shown and "2021年6月30日报送的 1000亿元 待核实" in shown
    brief = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "--body-only", "--draft").stdout
    assert "28.6%" not in brief and "严重滞后" not in brief  # the slip's light reaches no leader
    assert "待核实数据1项" in brief and "（1000亿元，2021年6月30日报送" in brief  # the figure the unit typed
    assert "进出口额完成1320亿元，占年度目标37.7%（6月30日报送的1000亿元待核实）" in brief
    # confirmed, it is a fact: far behind, in 需关注事项
    assert ftz("--data", str(ws), "update", FLOW, "--date", "2021-06-30", "--value", "1000", "--replace",
               "--confirm").exit_code == 0
    brief = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "--body-only", "--draft").stdout
    assert "28.6%" in brief and "严重滞后" in brief and "待核实数据" not in brief


def test_an_item_with_only_a_held_figure_is_counted_apart_from_the_unreported(ws, ftz):
    brief = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "--body-only", "--draft").stdout
    unreported = int(re.search(r"；未报送(\d+)项（尚未到完成时限）", brief)[1])
    team = int(re.search(r"资金自由专班未报送(\d+)项", brief)[1])
    by_hand(ws, [(ORGS, "2021-06-30", "3.2万家")])  # over 200% of 60家, and nothing before it
    brief = ftz("--data", str(ws), "report", "--as-of", "2021-06-30", "--body-only", "--draft").stdout
    assert f"未报送{unreported - 1}项（尚未到完成时限）；待核实1项（报送的数值待核实）" in brief
    assert f"资金自由专班未报送{team - 1}项" in brief  # the 专班's count agrees
    shown = ftz("--data", str(ws), "show", ORGS, "--as-of", "2021-06-30").stdout
    assert "截至2021年6月30日：待核实，完成率 —" in shown
    assert "2021年6月30日  32000家  （待核实，不计）" in shown  # the record itself, marked
    remind = json.loads(ftz("--data", str(ws), "remind", "--as-of", "2021-06-30", "--format", "json").stdout)
    assert all(r["reason"] != "not_reported" for r in remind if r["id"] == ORGS)


def test_the_units_newest_record_speaks_for_it_though_its_figure_is_held():
    from ftz_cli.core.outlook import assess

    said = figure(D(2021, 6, 30), 100)._replace(problems="海运运力紧张", outlook="有难度")  # a tenth: held
    p = judged(figure(D(2021, 5, 31), 1000), said)  # 28.6% against 41.4%: behind, on 1000
    assert p.status == "behind" and p.held == said
    assert [c.reasons for c in chases_of(p)] == []  # its 存在问题 is said, on the held record
    assert [c.reasons for c in chases_of(judged(figure(D(2021, 5, 31), 1000)))] == [("unexplained",)]
    assert assess(p, History.of([figure(D(2021, 5, 31), 1000), said]), Settings()).unit_view == "有难度"


def test_the_outlook_is_projected_from_the_figures_the_light_is_judged_on():
    from ftz_cli.core.outlook import assess

    def outlook(*figures: Update, item: Item = TRADE):  # noqa: ANN202
        return assess(judged(*figures, item=item), History.of(figures), Settings())

    trusted = outlook(figure(D(2021, 5, 31), 1320))
    assert trusted.projection is not None
    assert outlook(figure(D(2021, 5, 31), 1320), figure(D(2021, 6, 30), 1000)) == trusted
    # a level's line runs through its figures: the held one is left out of it
    level = TRADE._replace(kind="level", target=1000.0, comparator=">=")
    points = [figure(D(2021, 3, 31), 300), figure(D(2021, 5, 31), 400)]
    slip = figure(D(2021, 6, 15), 4000)  # ten times the one before: held
    assert outlook(*points, slip, item=level) == outlook(*points, item=level)
    assert outlook(*points, slip._replace(confirmed=True), item=level).projection != outlook(*points, item=level).projection


def test_the_sheet_and_remind_show_what_the_unit_last_reported(ws, ftz, tmp_path):
    from openpyxl import load_workbook

    by_hand(ws, [(FLOW, "2021-05-31", "1320"), (FLOW, "2021-06-30", "1000"), (ORGS, "2021-06-30", "3.2万家")])
    assert ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", str(tmp_path / "s.xlsx")).exit_code == 0
    sheet = load_workbook(tmp_path / "s.xlsx")["进度填报"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == FLOW)
    assert (row[header.index("最新值")], row[header.index("最新日期")].date()) == (1000, D(2021, 6, 30))
    # near the deadline: the reminder names the held figure as the last report, to be checked
    args = ("--data", str(ws), "remind", "--as-of", "2021-12-20")
    (chased,) = [r for r in json.loads(ftz(*args, "--format", "json").stdout) if r["id"] == FLOW]
    assert (chased["last_date"], chased["last_value"]) == ("2021-06-30", "1000亿元")
    assert "最近报送：2021年6月30日，1000亿元（待核实：请核实，填错的请更正）" in ftz(*args).stdout
    # past it, an item whose only figure is held did report: 逾期未完成, not 逾期未报送
    late = json.loads(ftz("--data", str(ws), "remind", "--as-of", "2022-01-05", "--format", "json").stdout)
    (orgs,) = [r for r in late if r["id"] == ORGS]
    assert (orgs["reason"], orgs["reason_label"], orgs["last_date"]) == ("overdue", "逾期未完成", "2021-06-30")
    assert "尚未报送进度" not in [line for line in ftz("--data", str(ws), "remind", "--as-of", "2022-01-05").stdout
                                 .splitlines() if "金融组织" in line][0]


def test_a_stale_figure_before_a_held_one_is_dated_as_data_not_as_the_last_report(ws, ftz):
    # 12家 on 3月31日, then a slip on 6月30日: on 9月30日 both are old (超期未更新), but the last
    # report was 6月30日's: the figure shown is 数据截至3月31日, and show says 最近报送 6月30日
    by_hand(ws, [(ORGS, "2021-03-31", "12"), (ORGS, "2021-06-30", "3.2万家")])
    brief = ftz("--data", str(ws), "report", "--as-of", "2021-09-30", "--draft").stdout
    assert "12家（数据截至3月31日）" in brief and "12家（最近报送3月31日）" not in brief
    shown = ftz("--data", str(ws), "show", ORGS, "--as-of", "2021-09-30").stdout
    assert "（超期未更新，待核实）" in shown and "最近报送 2021年6月30日" in shown
