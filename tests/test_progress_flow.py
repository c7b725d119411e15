"""The whole loop for the first half of 2021: one target entered month by month with
``ftz update``, the others reported on a filled ``ftz sheet`` through ``ftz import``, and
where everything stands on 2021-06-30, pinned."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import load_workbook

HALF_YEAR = round(181 / 365, 4)  # 181 of the 365 days of 2021 have gone by 6月30日: 49.6%

# 进出口额 2021 (flow, > 3500亿元), cumulative, as the customs office reports it each month
MONTHLY = [("2021-01-31", "280"), ("2021-02-28", "510亿元"), ("2021-03-31", "1,050"),
           ("2021-04-30", "1390"), ("2021-05-31", "1720"), ("2021-06-30", "2050亿元")]

# what the departments wrote on the sheet: date, value, status, note, by
FILLED = {
    "trade.overseas-warehouses-2021": (dt.datetime(2021, 6, 30), "48", None, "欧洲新增6个", "王五"),
    "trade.outlets-2021": ("2021/6/30", "8个", None, None, "王五"),
    "trade.two-countries-parks-2021": ("2021年4月30日", 1, None, None, "王五"),
    "capital.cross-border-rmb-2021": (dt.datetime(2021, 6, 30), "360亿元", None, "提前完成", "钱七"),
    "trade.dubai-mall-opening": (dt.datetime(2021, 6, 30), None, "推进中", "主体结构封顶", "赵六"),
    "investment.negative-list-feb": (dt.datetime(2021, 6, 30), None, "推进中", "尚待审定", "孙八"),
    "investment.upward-list-feb": ("2021-02-20", None, "已完成", None, "孙八"),
}

PINNED = {
    # 2050 / 3500; ahead of time
    "trade.import-export-2021": (0.5857, HALF_YEAR, "on_track", 2050, "2021-06-30"),
    # 48 / 120 = 0.40: 9.6 points behind time, within the 15-point band
    "trade.overseas-warehouses-2021": (0.4, HALF_YEAR, "behind", 48, "2021-06-30"),
    # 8 / 25 = 0.32: 17.6 points behind
    "trade.outlets-2021": (0.32, HALF_YEAR, "severely_behind", 8, "2021-06-30"),
    # the latest report is 61 days old, more than the 45-day window: it keeps its value and
    # its light, judged at its own date (0.2 at 4月30日's 32.9%: 12.9 points behind), and is
    # marked 超期未更新
    "trade.two-countries-parks-2021": (0.2, HALF_YEAR, "behind", 1, "2021-04-30"),
    # 360 > 350
    "capital.cross-border-rmb-2021": (1.0286, HALF_YEAR, "done", 360, "2021-06-30"),
    "trade.dubai-mall-opening": (0.0, HALF_YEAR, "on_track", None, "2021-06-30"),
    # due at the end of February, still 推进中
    "investment.negative-list-feb": (0.0, 1.0, "overdue", None, "2021-06-30"),
    "investment.upward-list-feb": (1.0, 1.0, "done", None, "2021-02-20"),
    # on the sheet, left blank
    "trade.cloud-warehouses-2021": (None, HALF_YEAR, "no_data", None, None),
}


def test_first_half_of_2021(ftz, ws: Path, tmp_path: Path):
    data = ("--data", str(ws))
    for day, value in MONTHLY:
        result = ftz(*data, "update", "trade.import-export-2021", "--value", value, "--date", day,
                     "--by", "海关")
        assert result.exit_code == 0, result.stderr

    assert ftz(*data, "sheet", "--as-of", "2021-06-30", "-o", "sheet.xlsx").exit_code == 0
    book = load_workbook(tmp_path / "sheet.xlsx")
    sheet = book["进度填报"]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    assert set(PINNED) <= set(rows)
    for item_id, values in FILLED.items():
        for column, value in zip(range(10, 15), values, strict=True):
            sheet.cell(rows[item_id], column, value)
    book.save(tmp_path / "filled.xlsx")
    result = ftz(*data, "import", "filled.xlsx")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"已录入 {len(FILLED)} 条：")

    result = ftz(*data, "list", "--format", "json", "--as-of", "2021-06-30")
    assert result.exit_code == 0, result.stderr
    listed = {row["id"]: row for row in json.loads(result.stdout)}
    got = {item_id: (listed[item_id]["completion"], listed[item_id]["time_progress"],
                     listed[item_id]["status"], listed[item_id]["value"], listed[item_id]["value_date"])
           for item_id in PINNED}
    assert got == PINNED
    assert listed["trade.dubai-mall-opening"]["progress"] == "推进中"
    assert listed["trade.import-export-2021"]["status_label"] == "正常推进"
    stale = listed["trade.two-countries-parks-2021"]
    assert (stale["stale"], stale["status_label"], stale["last_reported"]) == (
        True, "进度滞后（超期未更新）", "2021-04-30")
