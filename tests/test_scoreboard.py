"""The reporting scoreboard (ftz units): rates and ranks computed here, independently of the
code, from records entered on known dates (docs/units.md states the rule)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

UNITS = """\
report:
  due_day: 5
units:
  市商务局: [trade.import-export-2021, trade.overseas-warehouses-2021, trade.outlets-2021]
  义乌海关: [trade.cloud-warehouses-2021, trade.dubai-mall-opening]
"""
OWNED = {"市商务局": ("trade.import-export-2021", "trade.overseas-warehouses-2021", "trade.outlets-2021"),
         "义乌海关": ("trade.cloud-warehouses-2021", "trade.dubai-mall-opening")}
# (item, data date, value or state, entered (China time), a correction?)
RECORDS = [
    ("trade.outlets-2021", "2021-03-31", "3", "2021-04-02T10:00:00", False),
    ("trade.import-export-2021", "2021-04-30", "1100", "2021-05-03T09:00:00", False),
    ("trade.overseas-warehouses-2021", "2021-04-30", "10", "2021-05-03T09:00:00", False),
    ("trade.dubai-mall-opening", "2021-04-30", "推进中", "2021-05-10T09:00:00", False),
    ("trade.cloud-warehouses-2021", "2021-05-20", "40", "2021-05-21T09:00:00", False),
    ("trade.dubai-mall-opening", "2021-05-31", "推进中", "2021-06-02T09:00:00", False),
    ("trade.import-export-2021", "2021-05-31", "1400", "2021-06-05T23:59:59", False),  # the due day
    ("trade.overseas-warehouses-2021", "2021-05-31", "150", "2021-06-06T00:00:00", False),  # a day late
    ("trade.cloud-warehouses-2021", "2021-05-20", "42", "2021-06-10T09:00:00", True),
]
STALE_DAYS = 45


@pytest.fixture
def board_ws(ws: Path) -> Path:
    (ws / "ftz.yaml").write_text(UNITS, encoding="utf-8")
    lines = []
    for item, day, figure, entered, fix in RECORDS:
        field = "status" if not figure[0].isdigit() else "value"
        lines += [f"- id: {item}", f"  date: {day}", f"  {field}: {figure}",
                  f"  recorded_at: {entered}+08:00"] + (["  replace: true"] if fix else [])
    (ws / "updates" / "2021-06").mkdir()
    (ws / "updates" / "2021-06" / "office.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ws


def _expected(year: int, month: int, as_of: dt.date) -> dict[str, dict[str, object]]:
    """The rule of docs/units.md, written out again over RECORDS."""
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    due = following.replace(day=5)
    known = [(i, dt.date.fromisoformat(d), v, dt.datetime.fromisoformat(e).date(), f)
             for i, d, v, e, f in RECORDS if dt.datetime.fromisoformat(e).date() <= as_of]
    found = {}
    for unit, items in OWNED.items():
        month_records = {i: sorted((r for r in known if r[0] == i and first <= r[1] < following),
                                   key=lambda r: r[3]) for i in items}
        reported = [i for i in items if month_records[i]]
        on_time = [i for i in reported if month_records[i][0][3] <= due]
        last = {i: max((r[1] for r in known if r[0] == i and r[1] <= min(due, as_of)), default=None)
                for i in items}
        stale = [i for i in items if i not in reported and last[i] is not None
                 and (min(due, as_of) - last[i]).days > STALE_DAYS]
        found[unit] = {"asked": len(items), "reported": len(reported), "on_time": len(on_time),
                       "late": len(reported) - len(on_time), "missing": len(items) - len(reported),
                       "stale": len(stale),
                       "corrected": sum(any(r[4] for r in month_records[i]) for i in items),
                       "report_rate": round(len(reported) / len(items), 4),
                       "on_time_rate": round(len(on_time) / len(items), 4)}
    return found


def _ranks(found: dict[str, dict[str, object]]) -> dict[str, int]:
    """The default rule (on_time): on-time rate, then report rate; the others report nothing."""
    keys = {u: (-float(v["on_time_rate"]), -float(v["report_rate"])) for u, v in found.items()}  # type: ignore[arg-type]
    return {u: 1 + sum(other < key for other in keys.values()) for u, key in keys.items()}


def _board(ftz, ws: Path, *args: str) -> dict[str, dict[str, object]]:
    result = ftz("--data", str(ws), "units", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return {row["unit"]: row for row in json.loads(result.stdout)}


def test_rates_and_ranks_follow_the_documented_rule(board_ws, ftz):
    board = _board(ftz, board_ws, "--as-of", "2021-06-30", "--period", "2021-05")
    expected = _expected(2021, 5, dt.date(2021, 6, 30))
    for unit, fields in expected.items():
        assert {k: board[unit][k] for k in fields} == fields, unit
    assert board["市商务局"]["on_time"] == 1 and board["市商务局"]["late"] == 1  # due day vs the day after
    assert board["市商务局"]["stale"] == 1 and board["义乌海关"]["corrected"] == 1
    assert board["市商务局"]["needs_check"] == 1  # 10 → 150 warehouses: ten times the figure before
    ranks = _ranks(expected)
    assert {u: board[u]["rank"] for u in OWNED} == ranks == {"义乌海关": 1, "市商务局": 2}
    april = _ranks(_expected(2021, 4, dt.date(2021, 6, 30)))
    assert {u: board[u]["rank_change"] for u in OWNED} == {u: april[u] - ranks[u] for u in OWNED}
    assert board["市商务局"]["rank_change"] == -1
    # the 专班 answer for the rest of the plan, report nothing, and share the next rank
    assert board["贸易自由专班"]["reported"] == 0 and board["贸易自由专班"]["rank"] == 3
    assert board["投资自由专班"]["rank"] == 3


def test_what_was_entered_after_the_as_of_day_is_not_known_yet(board_ws, ftz):
    board = _board(ftz, board_ws, "--as-of", "2021-06-05", "--period", "2021-05")
    assert board["市商务局"]["reported"] == 1 and board["市商务局"]["missing"] == 2
    assert {k: board["市商务局"][k] for k in _expected(2021, 5, dt.date(2021, 6, 5))["市商务局"]} \
        == _expected(2021, 5, dt.date(2021, 6, 5))["市商务局"]


@pytest.mark.parametrize(("as_of", "period"), [("2021-06-05", "2021-04"), ("2021-06-06", "2021-05"),
                                               ("2021-01-10", "2020-12")])
def test_the_default_period_is_the_last_month_whose_due_day_has_passed(board_ws, ftz, as_of, period):
    rows = json.loads(ftz("--data", str(board_ws), "units", "--format", "json", "--as-of", as_of).stdout)
    assert {row["period"] for row in rows} <= {period}


def test_due_day_moves_the_boundary(board_ws, ftz):
    (board_ws / "ftz.yaml").write_text(UNITS.replace("due_day: 5", "due_day: 6"), encoding="utf-8")
    board = _board(ftz, board_ws, "--as-of", "2021-06-30", "--period", "2021-05")
    assert board["市商务局"]["on_time"] == 2 and board["市商务局"]["late"] == 0


def test_rank_by_report_rate(board_ws, ftz):
    (board_ws / "ftz.yaml").write_text(UNITS.replace("due_day: 5", "due_day: 5\n  rank_by: reported"),
                                       encoding="utf-8")
    board = _board(ftz, board_ws, "--as-of", "2021-06-30", "--period", "2021-04")
    # April: 市商务局 reported 2 of 3, both on time; 义乌海关 1 of 2, late
    assert board["市商务局"]["rank"] == 1 and board["义乌海关"]["rank"] == 2


def test_table_and_csv(board_ws, ftz):
    table = ftz("--data", str(board_ws), "units", "--as-of", "2021-06-30", "--period", "2021-05")
    assert table.exit_code == 0
    assert "2021年5月报送情况通报（应于2021年6月5日前报送）" in table.stdout
    assert "↓1" in table.stdout and "↑1" in table.stdout
    csv = ftz("--data", str(board_ws), "units", "--format", "csv", "--as-of", "2021-06-30", "--period", "2021-05")
    assert csv.stdout.splitlines()[0] == ("unit,period,due,asked,reported,on_time,late,missing,stale,"
                                          "needs_check,corrected,report_rate,on_time_rate,rank,rank_change")


@pytest.mark.parametrize(("args", "message"), [
    (("--period", "2021-13"), "--period 不能是“2021-13”"),
    (("--format", "xml"), "--format 不能是“xml”"),
])
def test_bad_options_exit_2(board_ws, ftz, args, message):
    result = ftz("--data", str(board_ws), "units", *args)
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.parametrize(("line", "message"), [
    ("due_day: 31", "due_day（每月报送截止日）应为 1 到 28 之间的整数"),
    ("rank_by: score", "rank_by（报送情况排名规则）不能是“score”"),
    ("scoreboard: 1", "scoreboard（简报是否列出报送情况通报）应为 true 或 false"),
])
def test_bad_settings_are_errors(board_ws, ftz, line, message):
    (board_ws / "ftz.yaml").write_text(UNITS.replace("due_day: 5", line), encoding="utf-8")
    result = ftz("--data", str(board_ws), "units")
    assert result.exit_code == 1 and message in result.stderr


def test_the_brief_shows_the_scoreboard_when_the_office_publishes_it(board_ws, ftz):
    args = ("--data", str(board_ws), "report", "--as-of", "2021-06-30", "--draft", "-o", "-")
    assert "进展报送情况" not in ftz(*args).stdout  # off by default
    (board_ws / "ftz.yaml").write_text(UNITS.replace("due_day: 5", "due_day: 5\n  scoreboard: true"),
                                       encoding="utf-8")
    brief = ftz(*args).stdout
    assert "各单位5月进展报送情况（应于2021年6月5日前报送）：" in brief
    assert "| 1 | 义乌海关 | 2 | 2 | 0 | 0 | 100.0% | 100.0% | ↑1 |" in brief
    assert "| 2 | 市商务局 | 3 | 1 | 1 | 1 | 66.7% | 33.3% | ↓1 |" in brief
    html = ftz("--data", str(board_ws), "report", "--as-of", "2021-06-30", "--draft", "--format", "html",
               "-o", "-").stdout
    assert '<table class="scoreboard">' in html and "<td>义乌海关</td>" in html


def test_the_due_day_ends_at_midnight_china_time_whatever_zone_a_stamp_is_written_in(ws, ftz):
    """23:59:59 in China on the 5th is on time, its next second late, whether the stamp is written
    in UTC (15:59:59Z is 23:59:59 in China) or without a zone (China time); and a record entered
    on the 6th in China is not known on the 5th, though its UTC date is the 5th."""
    (ws / "ftz.yaml").write_text(UNITS, encoding="utf-8")
    stamps = {"trade.import-export-2021": "2021-06-05T15:59:59+00:00",  # 6月5日 23:59:59 China
              "trade.overseas-warehouses-2021": "2021-06-05T16:00:00+00:00",  # 6月6日 00:00 China
              "trade.outlets-2021": "2021-06-05T23:30:00"}  # no zone: China time
    (ws / "updates" / "2021-06").mkdir()
    (ws / "updates" / "2021-06" / "office.yaml").write_text("".join(
        f"- id: {item}\n  date: 2021-05-31\n  value: 1\n  recorded_at: '{stamp}'\n"
        for item, stamp in stamps.items()), encoding="utf-8")
    board = _board(ftz, ws, "--as-of", "2021-06-30", "--period", "2021-05")["市商务局"]
    assert (board["reported"], board["on_time"], board["late"]) == (3, 2, 1)
    assert (board["on_time_rate"], board["report_rate"]) == (round(2 / 3, 4), 1.0)
    known = _board(ftz, ws, "--as-of", "2021-06-05", "--period", "2021-05")["市商务局"]
    assert (known["reported"], known["on_time"], known["missing"]) == (2, 2, 1)
