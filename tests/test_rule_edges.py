"""The rules of ``core`` at edges the other tests left open: each of these failed a mutant that
survived mutmut (docs/development.md, "Mutation testing"), so that a rule moved by one unit,
one day or one comparison fails a test. Called directly: the rule, not a command around it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ftz_cli.core.chase import chases, report_rates
from ftz_cli.core.history import History
from ftz_cli.core.model import Area, Baseline, Item, Plan, Source, Update, Verdict
from ftz_cli.core.outlook import assess, classify, outlook_of, project
from ftz_cli.core.rounding import tenths
from ftz_cli.core.scoreboard import Period, scoreboard
from ftz_cli.core.settings import Settings
from ftz_cli.core.slips import findings, held
from ftz_cli.core.snapshot import Book
from ftz_cli.core.status import Progress, completion, evaluate, year_progress
from ftz_cli.core.units import Assignment
from ftz_cli.parse.dates import CHINA

D = dt.date
SRC = Source("ge", "测试", "测试")
STAMP = dt.datetime(2021, 7, 1, 9, 0, tzinfo=CHINA)
YEAR = (D(2021, 1, 1), D(2021, 12, 31))


def item(kind: str = "level", target: float = 1000.0, comparator: str = ">=",
         baseline: float | None = None, start: dt.date = YEAR[0]) -> Item:
    base = Baseline(baseline, D(2020, 12, 31)) if baseline is not None else None
    return Item("t.x", "trade", kind, "测试", "2021", start, YEAR[1], SRC, "量", "个", comparator,
                target, base)


def found(it: Item, values: list[float], years: list[int] | None = None,
          confirmed: tuple[bool, ...] = ()) -> list[tuple[int, int, int, set[str]]]:
    """findings, codes as a plain set: (index, the one before, the year's highest before, codes)."""
    return [(i, before, top, set(codes)) for i, before, top, codes in
            findings(it, values, years or [2021] * len(values), confirmed)]


# -- slips: what is found, and against which earlier figure ---------------------------------

def test_a_count_that_falls_is_found_like_a_level():
    assert found(item("count"), [50, 40]) == [(1, 0, 0, {"W201"})]
    assert found(item("level"), [50, 50]) == []  # equal is not falling


def test_the_first_figure_has_no_figure_before_it():
    assert found(item(target=10), [25]) == [(0, -1, -1, {"W205"})]


def test_a_new_year_starts_a_flow_total_again():
    flow = item("flow")
    assert found(flow, [100, 200, 50], [2021, 2021, 2022]) == []  # January: lower, not falling
    assert found(flow, [100, 2500], [2021, 2022]) == [(1, 0, -1, {"W205"})]  # no highest of 2022 yet


@pytest.mark.parametrize(("values", "codes"), [
    ([0, 5], set()),                 # nothing before: no ratio to take
    ([5, 0], {"W201"}),              # nothing now: falls, but no ratio
    ([1, 10], {"W204"}),             # ten times a small figure is still ten times
    ([0.5, 5], {"W204"}),
    ([10, 1], {"W201", "W204"}),     # a tenth, down to one unit
])
def test_ten_times_needs_two_figures_above_nothing(values, codes):
    assert [set(c) for *_, c in findings(item(), values, [2021, 2021])] == ([codes] if codes else [])


def test_a_figure_only_warned_about_is_the_next_ones_yardstick():
    # 80 falls (W201, a warning, never held): 85 is compared with 80, not with 100
    assert found(item(), [100, 80, 85]) == [(1, 0, 0, {"W201"})]


def test_the_highest_of_the_year_is_the_first_of_equals():
    assert found(item(), [100, 80, 70]) == [(1, 0, 0, {"W201"}), (2, 1, 0, {"W201"})]
    assert found(item(), [100, 100, 90]) == [(2, 1, 0, {"W201"})]


def test_a_flow_total_that_falls_below_its_highest_is_held():
    flow = item("flow")
    assert found(flow, [100, 150, 120]) == [(2, 1, 1, {"W203"})]
    assert found(flow, [100, 150, 120, 1000]) == [(2, 1, 1, {"W203"})]  # the highest is an earlier one
    # a fall confirmed stays: the year's highest is still 150
    assert found(flow, [150, 100, 120], confirmed=(False, True, False)) == [
        (1, 0, 0, {"W203"}), (2, 1, 0, {"W203"})]


def test_a_confirmed_figure_is_the_next_ones_yardstick():
    level = item(target=100)
    assert held(level, [10, 100, 105], [2021] * 3, (False, True, False)) == []
    assert held(level, [10, 100, 105], [2021] * 3) == [1, 2]  # unconfirmed: 105 is judged against 10
    assert held(level, [100, 80], [2021] * 2) == []  # a warning is not held


# -- status -----------------------------------------------------------------------------------

def test_the_first_day_is_started():
    later = item(start=D(2021, 3, 1))
    assert evaluate(later, History.of([]), D(2021, 3, 1), Settings()).status == "no_data"
    assert evaluate(later, History.of([]), D(2021, 2, 28), Settings()).status == "not_started"


def test_the_year_counts_from_the_first_of_january():
    assert year_progress(D(2021, 1, 1)) == pytest.approx(1 / 365)
    assert year_progress(D(2021, 6, 30)) == pytest.approx(181 / 365)


def test_a_change_too_large_to_measure_has_no_completion():
    # 压缩至 a target a hair below the baseline: any real change is an infinite completion
    tiny = item(target=-1e-310, comparator="<=", baseline=0.0)
    p = evaluate(tiny, History.of([Update("t.x", D(2021, 6, 30), -1e10, None, "", "", STAMP)]),
                 D(2021, 6, 30), Settings())
    assert p.completion is None


def test_nothing_done_is_judged_as_nothing():
    # a figure of 0 is 0% done (severely behind at mid-year), never taken for "no completion"
    p = evaluate(item(), History.of([Update("t.x", D(2021, 6, 30), 0.0, None, "", "", STAMP)]),
                 D(2021, 6, 30), Settings())
    assert (p.completion, p.status) == (0.0, "severely_behind")


@pytest.mark.parametrize(("day", "status"), [(D(2021, 7, 1), "on_track"), (D(2021, 7, 2), "behind")])
def test_not_started_is_behind_only_once_more_than_half_the_time_is_gone(day, status):
    # 364 days: on 7月1日 exactly half (182/364) is gone, 时间过半 only from the day after
    half = Item("t.x", "trade", "milestone", "测试", "2021", YEAR[0], D(2021, 12, 30), SRC)
    p = evaluate(half, History.of([Update("t.x", day, None, "未启动", "", "", STAMP)]), day, Settings())
    assert p.status == status


# -- rounding: tenths of a percent, for any finite size ------------------------------------------

@pytest.mark.parametrize(("fraction", "shown"), [
    (0.2875, 288), (0.2865, 287), (0.0005, 1), (-0.2865, -287),  # half up, not to even
    (9.99e23, 999 * 10**24),                                    # from four decimals, exactly
    (1e24, int(1e24) * 1000), (1e25, int(1e25) * 1000),        # whole from 1e24: no fraction left
    (1.797e305, int(1.797e305) * 1000), (1e306, int(1e306) * 1000)])
def test_tenths_of_any_finite_fraction(fraction, shown):
    assert tenths(fraction) == shown


# -- completion and verdicts ---------------------------------------------------------------------

@pytest.mark.parametrize(("target", "value"), [(1000.0, None), (0.0, 5.0), (1e-320, 5.0)])
def test_no_completion_without_a_figure_or_a_target_to_divide_by(target, value):
    record = Update("t.x", D(2021, 6, 30), value, None if value is not None else "推进中", "", "", STAMP)
    assert completion(item(target=target), record) is None


@pytest.mark.parametrize(("as_of", "status"), [
    (D(2021, 12, 20), "on_track"),   # a verdict before the deadline waits for it
    (D(2021, 12, 31), "done")])      # on the deadline day it decides
def test_a_verdict_decides_a_goal_from_its_deadline_day(as_of, status):
    goal = Item("t.x", "trade", "qualitative", "测试", "2021", *YEAR, SRC)
    early = Verdict("t.x", D(2021, 12, 15), "done", "经核实", "办公室", STAMP, "")
    records = [Update("t.x", D(2021, 12, 1), None, "推进中", "", "", STAMP)]
    assert evaluate(goal, History.of(records, (early,)), as_of, Settings()).status == status


def test_a_verdict_is_only_for_a_goal():
    milestone = Item("t.x", "trade", "milestone", "测试", "2021", *YEAR, SRC)
    judged = Verdict("t.x", D(2022, 1, 5), "done", "经核实", "办公室", STAMP, "")
    records = [Update("t.x", D(2021, 12, 1), None, "推进中", "", "", STAMP)]
    assert evaluate(milestone, History.of(records, (judged,)), D(2022, 1, 10), Settings()).status == "overdue"


def test_a_done_item_keeps_its_day_figure_and_time_progress():
    record = Update("t.x", D(2021, 6, 1), 1000.0, None, "", "", STAMP)
    p = evaluate(item(), History.of([record]), D(2021, 6, 30), Settings())
    assert (p.status, p.as_of, p.latest, p.value) == ("done", D(2021, 6, 30), record, 1000.0)
    assert p.time_progress == pytest.approx(181 / 365) and p.data_time_progress == pytest.approx(152 / 365)


def test_a_number_without_a_figure_is_not_met():
    words = Update("t.x", D(2021, 6, 1), None, "推进中", "", "", STAMP)
    assert evaluate(item(), History.of([words]), D(2021, 6, 30), Settings()).status != "done"


# -- outlook: the line through the records, and the thresholds -----------------------------------

def test_a_figure_of_nothing_is_a_point_of_the_line():
    # (31, 0) and (61, 30): one a day, at day 365 → 334; 0 is a figure, not a missing one
    records = [Update("t.x", D(2021, 1, 31), 0.0, None, "", "", STAMP),
               Update("t.x", D(2021, 3, 2), 30.0, None, "", "", STAMP)]
    assert project(item(), records, D(2021, 3, 2)) == pytest.approx(334)


def test_a_level_heading_below_nothing_is_projected_at_nothing():
    records = [Update("t.x", D(2021, 1, 31), 100.0, None, "", "", STAMP),
               Update("t.x", D(2021, 3, 2), 50.0, None, "", "", STAMP)]
    assert project(item(), records, D(2021, 3, 2)) == 0.0


@pytest.mark.parametrize(("fraction", "code"), [
    (1.0 - 1e-9, "likely"), (1.0 - 2e-9, "at_risk"),    # 100% computed a hair short is 100%
    (0.8 - 1e-9, "at_risk"), (0.8 - 2e-9, "unlikely")])
def test_a_projection_a_hair_short_of_a_threshold_reaches_it(fraction, code):
    assert classify(fraction, Settings()) == code


@pytest.mark.parametrize(("change", "code"), [
    ({"status": "done"}, "done"), ({"status": "awaiting_verdict"}, "awaiting_verdict"),
    ({"status": "carried"}, "unassessed")])
def test_the_units_own_view_is_kept_where_nothing_is_projected(change, code):
    said = Update("t.x", D(2021, 6, 1), 400.0, None, "", "", STAMP, outlook="有难度")
    history = History.of([said])
    p = dataclasses.replace(evaluate(item(), history, D(2021, 6, 30), Settings()), **change)
    assert (assess(p, history, Settings()).code, assess(p, history, Settings()).unit_view) == (code, "有难度")


def test_the_books_outlook_reads_the_items_own_records():
    it = item()
    records = [Update("t.x", D(2021, 1, 31), 0.0, None, "", "", STAMP),
               Update("t.x", D(2021, 3, 2), 30.0, None, "", "", STAMP)]
    plan = Plan("测试", "测试", YEAR[0], "", {}, (), (), (), (), (), (it,), (), (), {it.id: it})
    book = Book(plan, records)
    p = evaluate(it, book.history(it.id), D(2021, 3, 2), book.settings)
    assert outlook_of(book, p).projection == pytest.approx(334)  # the line through both records


def _record(day: dt.date, value: float | None, outlook: str = "") -> Update:
    return Update("t.x", day, value, None if value is not None else "推进中", "", "", STAMP, outlook=outlook)


def _outlook(it: Item, records: list[Update], as_of: dt.date):
    history = History.of(records)
    return assess(evaluate(it, history, as_of, Settings()), history, Settings())


def test_a_figure_of_the_first_day_counts():
    # 1 on 1月1日, 序时进度 1/365: heads for 365
    assert project(item("flow"), [_record(YEAR[0], 1.0)], YEAR[0]) == pytest.approx(365)


def test_a_baseline_is_a_point_of_the_line_only_for_a_single_record():
    based = item(baseline=0.0)  # 0 on 2020-12-31, off the line of the two records
    two = [_record(D(2021, 1, 31), 100.0), _record(D(2021, 3, 2), 130.0)]
    assert project(based, two, D(2021, 3, 2)) == pytest.approx(130 + 304)  # one a day to day 365


def test_a_count_follows_the_line_through_all_its_records():
    two = [_record(D(2021, 1, 31), 100.0), _record(D(2021, 3, 2), 130.0)]
    o = _outlook(item("count"), two, D(2021, 3, 2))
    assert o.projection == pytest.approx(434)


def test_a_flow_is_projected_from_its_latest_record_only():
    # the latest record has no figure: no pace to project from, not the figure before it (0
    # here: after a figure above 0, words alone count as a fall and are held for checking)
    records = [_record(D(2021, 3, 14), 0.0), _record(D(2021, 4, 1), None)]
    o = _outlook(item("flow", target=365), records, D(2021, 4, 1))
    assert (o.code, o.projection) == ("unassessed", None)


def test_a_figure_on_the_deadline_day_is_the_projection():
    # 300 on 12月31日 is the year's figure, not 300 over a time progress
    o = _outlook(item("flow", target=365), [_record(YEAR[1], 300.0)], YEAR[1])
    assert (o.code, o.projection) == ("unlikely", 300.0)
    three = [_record(D(2021, 1, 31), 100.0), _record(D(2021, 6, 1), 100.0), _record(YEAR[1], 300.0)]
    assert project(item("level", target=365), three, YEAR[1]) == 300.0  # not the line through all three


def test_on_the_deadline_day_a_target_not_met_is_unlikely():
    # 340 on 12月1日 heads for 370 (above 365), but the deadline day has come and it is not met
    records = [_record(D(2021, 12, 1), 340.0, outlook="能完成")]
    o = _outlook(item("flow", target=365), records, YEAR[1])
    # 340 / (335/365) = 370.4个, of which 370 whole ones (a forecast of things counted one by one)
    assert (o.code, o.projection, o.unit_view) == ("unlikely", 370, "能完成")
    assert o.projected_completion == pytest.approx(370 / 365)


# -- chase: who is reminded of what, unit by unit -------------------------------------------------

def _plan(*items: Item) -> Plan:
    areas = (Area("trade", "贸易", "贸易专班", None), Area("money", "金融", "金融专班", None))
    return Plan("测试", "测试", YEAR[0], "", {}, areas, (), (), (), (), items, (), (),
                {i.id: i for i in items})


def _on(it: Item, day: dt.date, records: tuple[Update, ...] = ()) -> Progress:
    return evaluate(it, History.of(records), day, Settings())


def test_an_item_sent_back_is_chased_as_returned():
    it = item()
    p = _on(it, D(2021, 6, 30), (Update("t.x", D(2021, 6, 1), 1000.0, None, "", "", STAMP),))  # done
    found = chases(_plan(it), {}, [p], (), 7, returned={"t.x"})
    assert [(c.unit, c.reasons) for c in found] == [("贸易专班", ("returned",))]


def test_the_teams_come_in_the_plans_order_and_a_unit_not_in_the_order_is_kept():
    money = item()._replace(id="m.x", area="money")
    trade = item()._replace(id="t.y")
    other = item()._replace(id="t.z")
    progress = [_on(i, D(2021, 6, 30)) for i in (money, trade, other)]
    rates = report_rates(_plan(money, trade, other), {"t.z": ("海关",)}, progress)
    assert [(r.unit, r.items) for r in rates] == [("贸易专班", ("t.y",)), ("金融专班", ("m.x",)),
                                                 ("海关", ("t.z",))]


# -- scoreboard: the month, who is asked, on time, ranked -----------------------------------------

JUNE = Period(2021, 6)  # due 7月5日
ON_TIME, LATE = dt.datetime(2021, 7, 3, 9, 0, tzinfo=CHINA), dt.datetime(2021, 7, 8, 9, 0, tzinfo=CHINA)


def _entry(item_id: str, day: dt.date, value: float, entered: dt.datetime, fix: bool = False) -> Update:
    return Update(item_id, day, value, None, "", "", entered, fix)


def _board(items: list[Item], records: list[Update], units: dict[str, tuple[str, ...]] | None = None,
           rank_by: str = "on_time", held: frozenset[tuple[str, dt.date]] = frozenset()) -> list:
    settings = Settings(rank_by=rank_by, units=tuple(
        Assignment(unit, ref) for unit, refs in (units or {}).items() for ref in refs))
    return scoreboard(Book(_plan(*items), records, settings), JUNE, D(2021, 7, 10), held)


def test_the_months_turn_over_the_year():
    assert (Period(2021, 12).next(), Period(2021, 11).next()) == (Period(2022, 1), Period(2021, 12))
    assert (Period(2022, 1).previous(), Period(2021, 12).previous()) == (Period(2021, 12), Period(2021, 11))


def _ids(*ids: str) -> list[Item]:
    return [item()._replace(id=i) for i in ids]


def test_the_rank_rule_decides_which_rate_comes_first():
    units = {"甲": ("t.a",), "乙": ("t.b", "t.c"), "丙": ("t.d", "t.e")}
    records = [_entry("t.a", D(2021, 6, 30), 10, LATE),                                   # 0%, 100%
               _entry("t.b", D(2021, 6, 30), 10, ON_TIME),                                # 50%, 50%
               _entry("t.d", D(2021, 6, 30), 10, ON_TIME), _entry("t.e", D(2021, 6, 30), 10, LATE)]  # 50%, 100%
    its = _ids("t.a", "t.b", "t.c", "t.d", "t.e")
    assert {s.unit: s.rank for s in _board(its, records, units)} == {"丙": 1, "乙": 2, "甲": 3}
    assert {s.unit: s.rank for s in _board(its, records, units, "reported")} == {"丙": 1, "甲": 2, "乙": 3}


def test_equal_units_at_the_top_share_the_first_rank():
    records = [_entry("t.a", D(2021, 6, 30), 10, ON_TIME), _entry("t.b", D(2021, 6, 30), 10, ON_TIME)]
    board = _board(_ids("t.a", "t.b"), records, {"甲": ("t.a",), "乙": ("t.b",)})
    assert [(s.unit, s.rank) for s in board] == [("甲", 1), ("乙", 1)]


def test_asked_are_the_items_started_by_the_months_end_and_not_done_before_it():
    done_in_may, done_on_the_first = _ids("t.a", "t.b")
    later = item(start=D(2021, 7, 1))._replace(id="t.c")
    records = [_entry("t.a", D(2021, 5, 31), 1000, ON_TIME), _entry("t.b", D(2021, 6, 1), 1000, ON_TIME)]
    [score] = _board([done_in_may, done_on_the_first, later], records, {"甲": ("t.a", "t.b", "t.c")},
                     held=frozenset({("t.b", D(2021, 6, 1))}))
    # t.b only; its record of 6月1日 is June's, on time, and held for checking
    assert (score.asked, score.reported, score.on_time, score.needs_check) == (1, 1, 1, 1)


def test_a_unit_asked_for_nothing_last_month_has_no_rank_change():
    june = item(start=D(2021, 6, 1))
    [score] = _board([june], [_entry("t.x", D(2021, 6, 30), 10, ON_TIME)], {"甲": ("t.x",)})
    assert (score.rank, score.rank_change) == (1, None)


def test_the_teams_are_scored_in_the_plans_order():
    money, trade = item()._replace(id="m.x", area="money"), item()._replace(id="t.y")
    assert [s.unit for s in _board([money, trade], [])] == ["贸易专班", "金融专班"]


def test_on_time_is_judged_by_the_months_first_record_entered():
    # the figure of 6月30日 entered on time; one of 6月10日 entered after the due day, a correction
    records = [_entry("t.x", D(2021, 6, 30), 10, ON_TIME), _entry("t.x", D(2021, 6, 10), 5, LATE, fix=True)]
    [score] = _board([item()], records, {"甲": ("t.x",)})
    assert (score.on_time, score.late, score.corrected) == (1, 0, 1)


# -- history: one item's records by date, the latest as of a date, the first met -----------------

def _dated(*days: dt.date) -> list[Update]:
    return [_record(day, 10.0 * n) for n, day in enumerate(days, 1)]


def test_verdict_records_are_no_progress_and_keep_what_the_office_said():
    progress = _record(D(2021, 3, 1), 50.0)
    said = Update("t.x", D(2021, 12, 31), None, None, "并入年度任务", "办公室", STAMP, verdict="carried",
                  carried_into="t.y")
    history = History.of([progress, said])
    assert history.updates == [progress]
    assert history.verdicts == (Verdict("t.x", D(2021, 12, 31), "carried", "并入年度任务", "办公室", STAMP, "t.y"),)


def test_of_one_date_the_verdict_recorded_last_wins():
    day = D(2021, 12, 31)
    first, last = (Verdict("t.x", day, outcome, "", "", STAMP) for outcome in ("not_done", "done"))
    assert History.of((), [first, last]).verdict(day) == last  # "done" sorts first: by date only
    assert History.of((), [last, first]).verdict(day) == first


def test_latest_until_and_between_count_a_record_of_the_day_itself():
    records = _dated(D(2021, 3, 1), D(2021, 4, 1), D(2021, 5, 1))
    history = History.of(records)
    assert history.latest(D(2021, 2, 28)) is None
    assert history.latest(D(2021, 4, 1)) == records[1]
    assert history.until(D(2021, 4, 1)) == records[:2]
    assert history.between(D(2021, 3, 1), D(2021, 4, 1)) == [records[1]]  # (after, until]
    assert history.between(D(2021, 2, 28), D(2021, 3, 1)) == [records[0]]


def test_a_first_met_date_known_before_the_records_is_kept_and_each_item_has_its_own():
    it, lower = item(target=100), item(target=15)
    history = History.of(_dated(D(2021, 3, 1), D(2021, 5, 1), D(2021, 6, 1)), met=(it, D(2021, 2, 1)))
    assert history.first_met(it) == D(2021, 2, 1)  # met in records an echo did not read
    assert history.first_met(lower) == D(2021, 5, 1)  # 20 ≥ 15
    assert History.of(_dated(D(2021, 3, 1), D(2021, 5, 1))).first_met(lower) == D(2021, 5, 1)


def test_the_figures_held_are_found_by_date():
    level = item(target=100)
    records = [_record(D(2021, 3, 1), 10.0), _record(D(2021, 4, 1), 100.0), _record(D(2021, 5, 1), 105.0)]
    history = History.of(records)
    assert history.held_updates(level) == records[1:]  # ten times 10, unconfirmed
    assert history.needs_check(level, records[2]) and not history.needs_check(level, records[0])
    assert History.of(records[:1]).held_updates(level) == []


def test_a_history_from_the_index_makes_only_the_records_asked_for():
    it = item(target=100)
    records = [_record(D(2021, 3, 1), 10.0), _record(D(2021, 4, 1), 100.0), _record(D(2021, 5, 1), 105.0)]
    asked: list[tuple[int, int]] = []

    def fetch(lo: int, hi: int) -> list[Update]:
        asked.append((lo, hi))
        return records[lo:hi]

    days = [u.date.toordinal() for u in records]
    stored = History(days, fetch, (it, D(2021, 4, 1)), held=frozenset(days[2:]))  # as the index knew them
    assert stored.first_met(it) == D(2021, 4, 1)
    assert stored.held_days(it) == frozenset(days[2:])  # not found again: 100 would be held too
    assert stored.latest(D(2021, 4, 30)) == records[1]
    assert asked == [(1, 2)]  # ``ftz list`` makes the latest record only
    assert History(days, fetch, (it, None), held=frozenset()).held_updates(it) == []
    assert asked == [(1, 2)]
