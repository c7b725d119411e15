"""A date given with a time of day (a spreadsheet's date-and-time cell, =NOW(), another tool's
timestamp): a record is of a day, so the date is kept and the time dropped — and said, with
W222, never silently. Midnight, as a spreadsheet's plain date cell reads, is no time at all."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ftz_cli.parse.dates import DateError, parse_date, time_of_day

FLOW = "trade.import-export-2021"


@pytest.mark.parametrize(("given", "clock"), [
    ("2021-04-30", None), ("2021-04-30 00:00", None), ("2021-04-30 00:00:00", None), ("2021-04-30T00:00:00Z", None),
    ("2021-04-30 00:01", "00:01"), ("2021-04-30 00:00:01", "00:00:01"), ("2021-04-30 10:30", "10:30"),
    ("2021-04-30T10:30:00+08:00", "10:30"), ("2021/4/30 9:05", "09:05"), ("２０２１－０４－３０ 10:30", "10:30"),
    (dt.datetime(2021, 4, 30), None), (dt.datetime(2021, 4, 30, 0, 0, 0, 1), "00:00:01"),
    (dt.datetime(2021, 4, 30, 23, 59), "23:59"), (dt.date(2021, 4, 30), None),
])
def test_the_time_of_day_is_read_off_and_the_day_kept(given, clock):
    assert time_of_day(given) == clock
    assert parse_date(given) == dt.date(2021, 4, 30)


@pytest.mark.parametrize("given", ["2021-04-30 10", "2021-04-30 10:3", "2021-04-3010:30", "10:30 2021-04-30"])
def test_what_is_not_a_date_and_a_time_is_still_refused(given):
    with pytest.raises(DateError):
        parse_date(given)


@pytest.mark.parametrize("given", ["2021年4月30号", "2021年 4月 30日", "2021 年 4 月 30 日", "2021年4月30"])
def test_a_day_is_read_as_people_say_it(given):
    assert parse_date(given) == dt.date(2021, 4, 30)


@pytest.mark.parametrize("given", ["4月30号", "4 月 30 日"])
def test_a_day_without_its_year_is_said_to_lack_it(given):
    with pytest.raises(DateError, match="没有写年份"):
        parse_date(given)


def test_a_time_given_with_the_date_is_said_on_every_way_in(ws, ftz, tmp_path):
    from openpyxl import Workbook

    typed = ftz("--data", str(ws), "update", FLOW, "--date", "2021-04-30 10:30", "--value", "900")
    assert typed.exit_code == 0, typed.stderr
    assert typed.stderr.startswith("警告 W222 日期“2021-04-30 10:30”带有时刻 10:30，进度按日记录，记为2021年4月30日\n")
    book = Workbook()
    book.active.append(["指标编号", "日期", "数值"])
    book.active.append([FLOW, dt.datetime(2021, 5, 31, 16, 45), 1320])
    book.active.append([FLOW, dt.datetime(2021, 6, 30), 1850])  # a plain date cell: midnight, nothing said
    book.save(tmp_path / "s.xlsx")
    imported = ftz("--data", str(ws), "import", str(tmp_path / "s.xlsx"))
    assert imported.exit_code == 0, imported.stderr
    assert imported.stderr.count("W222") == 1 and "s.xlsx:2:2: 警告 W222" in imported.stderr
    shown = json.loads(ftz("--data", str(ws), "show", FLOW, "--as-of", "2021-06-30", "--format", "json").stdout)
    assert [u["date"] for u in shown["updates"]] == ["2021-04-30", "2021-05-31", "2021-06-30"]
    # by hand, in the file: read as its day, and validate names it
    (ws / "updates" / "hand.yaml").write_text(f"- id: {FLOW}\n  date: 2021-07-31 08:00:00\n  value: 2000\n",
                                              encoding="utf-8")
    checked = ftz("--data", str(ws), "validate")
    assert checked.exit_code == 0 and "updates/hand.yaml:2:9: 警告 W222" in checked.stderr
