"""``ftz sheet``: the fill-in workbook, and its way back through ``ftz import``."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from conftest import run_ftz
from openpyxl import load_workbook

HEADER = ["指标编号", "领域", "名称", "类型", "单位", "目标值", "截止日期", "最新值", "最新日期",
          "日期", "数值", "状态", "说明", "填报人", "预计完成情况", "进展情况", "存在问题", "下步计划", "佐证材料",
          "责任单位"]


def make_sheet(ftz, ws: Path, *args: str):
    result = ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", *args)
    assert result.exit_code == 0, result.stderr
    return result


def rows_by_id(sheet) -> dict[str, int]:
    return {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}


def test_the_sheet_lists_every_item_under_way(ftz, ws, tmp_path):
    result = make_sheet(ftz, ws)
    assert result.stderr.startswith("已生成：进度填报表-2021-06-30.xlsx\n填报表共 ")
    book = load_workbook(tmp_path / "进度填报表-2021-06-30.xlsx")
    assert book.sheetnames == ["进度填报", "填写说明"]
    sheet = book["进度填报"]
    assert [c.value for c in sheet[1]] == HEADER
    ids = rows_by_id(sheet)
    plan = yaml.safe_load((ws / "targets.yaml").read_text(encoding="utf-8"))["items"]
    kinds = {item["id"]: item["kind"] for item in plan}
    # qualitative goals too: what can have a light is asked for (domain.md)
    assert {kinds[i] for i in ids} == {"flow", "level", "count", "milestone", "qualitative"}
    assert "trade.import-export-2021" in ids and "trade.dubai-mall-opening" in ids
    assert "trade.import-export-2035" not in ids  # not started by mid-2021: not asked for
    row = ids["trade.import-export-2021"]
    assert [sheet.cell(row, c).value for c in (2, 4, 5, 6)] == ["贸易自由", "年度累计", "亿元", 3500]
    assert sheet.cell(row, 7).value == dt.datetime(2021, 12, 31)
    assert all(sheet.cell(row, c).value is None for c in range(10, 15))  # left to fill in


def test_header_frozen_widths_and_a_status_drop_down(ftz, ws, tmp_path):
    make_sheet(ftz, ws, "-o", "s.xlsx")
    sheet = load_workbook(tmp_path / "s.xlsx")["进度填报"]
    assert sheet.freeze_panes == "D2"
    assert sheet.column_dimensions["C"].width >= 40 and sheet.column_dimensions["A"].width >= 30
    rule, outlook = sheet.data_validations.dataValidation
    assert rule.type == "list" and rule.formula1 == '"未启动,推进中,已完成"'
    # the unit's own outlook, asked for every item
    assert outlook.formula1 == '"能完成,有难度,不能完成"' and str(outlook.sqref) == f"O2:O{sheet.max_row}"
    covered = {str(cell) for cell in rule.sqref.ranges}
    ids = rows_by_id(sheet)
    assert f"L{ids['trade.dubai-mall-opening']}" in covered
    assert f"L{ids['trade.import-export-2021']}" not in covered  # a number has no state to choose


def test_latest_value_and_area_filter(ftz, ws, tmp_path):
    assert ftz("--data", str(ws), "update", "trade.import-export-2021", "--value", "1050",
               "--date", "2021-03-31").exit_code == 0
    make_sheet(ftz, ws, "--area", "贸易自由", "-o", "trade.xlsx")
    sheet = load_workbook(tmp_path / "trade.xlsx")["进度填报"]
    ids = rows_by_id(sheet)
    assert ids and all(i.startswith("trade.") for i in ids)
    row = ids["trade.import-export-2021"]
    assert (sheet.cell(row, 8).value, sheet.cell(row, 9).value) == (1050, dt.datetime(2021, 3, 31))


def test_an_existing_file_is_never_overwritten_silently(ftz, ws, tmp_path):
    (tmp_path / "s.xlsx").write_bytes(b"mine")
    result = ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", "s.xlsx")
    assert result.exit_code == 1
    assert result.stderr.startswith("s.xlsx: 错误 E408 “s.xlsx”已存在，且不是 ftz 生成的（或生成后被改过），没有覆盖")
    assert (tmp_path / "s.xlsx").read_bytes() == b"mine"
    make_sheet(ftz, ws, "-o", "s.xlsx", "--force")
    assert load_workbook(tmp_path / "s.xlsx").sheetnames[0] == "进度填报"


def test_the_sheet_can_go_to_standard_output(ws, tmp_path):
    result = run_ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", "-", "--area", "capital",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    sheet = load_workbook(io.BytesIO(result.stdout))["进度填报"]
    assert sheet.max_row > 1 and all(i.startswith("capital.") for i in rows_by_id(sheet))
    assert list(tmp_path.glob("*.xlsx")) == []  # no file written


def test_an_unknown_area_is_a_usage_error(ftz, ws):
    result = ftz("--data", str(ws), "sheet", "--area", "nowhere")
    assert result.exit_code == 2 and "未知的领域“nowhere”" in result.stderr


def test_a_filled_sheet_goes_straight_back_through_import(ftz, ws, tmp_path):
    make_sheet(ftz, ws, "-o", "s.xlsx")
    book = load_workbook(tmp_path / "s.xlsx")
    sheet = book["进度填报"]
    ids = rows_by_id(sheet)
    fill = {
        "trade.overseas-warehouses-2021": (dt.datetime(2021, 6, 30), 60, None, "新增欧洲仓", "王五"),
        "trade.outlets-2021": ("2021/6/30", "12个", None, None, "王五"),
        "trade.dubai-mall-opening": ("2021年6月30日", None, "推进中", "主体结构封顶", "赵六"),
    }
    for item_id, values in fill.items():
        for column, value in zip(range(10, 15), values, strict=True):
            sheet.cell(ids[item_id], column, value)
    sheet.cell(ids["trade.cloud-warehouses-2021"], 14, "王五")  # a name alone is not a record
    book.save(tmp_path / "filled.xlsx")

    result = ftz("--data", str(ws), "import", "filled.xlsx")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("已录入 3 条：\n")
    (log,) = (ws / "updates").glob("**/*.yaml")
    stored = yaml.safe_load(log.read_text(encoding="utf-8"))
    # in the sheet's (the plan's) order
    assert [(r["id"], dt.date.fromisoformat(r["date"]), r.get("value"), r.get("status"), r.get("note"), r["by"]) for r in stored] == [
        ("trade.overseas-warehouses-2021", dt.date(2021, 6, 30), 60, None, "新增欧洲仓", "王五"),
        ("trade.dubai-mall-opening", dt.date(2021, 6, 30), None, "推进中", "主体结构封顶", "赵六"),
        ("trade.outlets-2021", dt.date(2021, 6, 30), 12, None, None, "王五"),
    ]


@pytest.mark.parametrize("status", ["未启动", "推进中", "已完成"])
def test_every_drop_down_choice_imports(status, ftz, ws, tmp_path):
    make_sheet(ftz, ws, "-o", "s.xlsx", "--area", "investment")
    book = load_workbook(tmp_path / "s.xlsx")
    sheet = book["进度填报"]
    row = rows_by_id(sheet)["investment.pilot-qflp"]
    sheet.cell(row, 10, dt.datetime(2021, 6, 30))
    sheet.cell(row, 12, status)
    out = io.BytesIO()
    book.save(out)
    result = ftz("--data", str(ws), "import", "-", input=out.getvalue())
    assert result.exit_code == 0, result.stderr
    assert f"investment.pilot-qflp  2021年6月30日  {status}" in result.stdout
