"""责任单位: units in ftz.yaml, units in list/show, ftz remind (催办) and 报送率."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ftz_cli.core.chase import report_rates
from ftz_cli.core.selection import progress
from ftz_cli.core.units import owners
from ftz_cli.store.load import load
from ftz_cli.store.workspace import find

FLOW = "trade.import-export-2021"        # 亿元, > 3500, 2021
MILESTONE = "trade.dubai-mall-opening"    # due 2021-12-31
UNITS = """\
units:
  市商务局: [trade, capital.window.2]
  义乌海关: [trade.import-export-2021]
"""


@pytest.fixture
def units_ws(ws: Path) -> Path:
    (ws / "ftz.yaml").write_text(UNITS, encoding="utf-8")
    return ws


def record(ftz, ws: Path, item: str, *args: str) -> None:
    result = ftz("--data", str(ws), "update", item, *args)
    assert result.exit_code == 0, result.stderr


def test_an_unknown_id_under_a_unit_is_an_error_with_its_place(ws, ftz):
    (ws / "ftz.yaml").write_text(UNITS + "  市金融办: [capital, capitl.window.2]\n", encoding="utf-8")
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1
    assert "ftz.yaml:4:19: 错误 E216 责任单位“市金融办”下的“capitl.window.2”不是计划中的指标、分组或领域" \
        in result.stderr
    assert "是不是：capital.window.2" in result.stderr
    assert ftz("--data", str(ws), "list").exit_code == 1  # every reading command refuses it


@pytest.mark.parametrize(("text", "expected"), [
    ("units:\n  市商务局: []\n", "ftz.yaml:2:9: 错误 E113 责任单位“市商务局”应有一个编号列表，现在是空列表"),
    ("units: [trade]\n", "ftz.yaml:1:8: 错误 E113 设置文件的字段“units”应为映射（字段: 值），现在是列表"),
    ("units:\n  市商务局: [3]\n", "ftz.yaml:2:10: 错误 E113 责任单位“市商务局”的列表中应为编号，现在是数字 3"),
])
def test_a_malformed_units_section_is_an_error(ws, ftz, text, expected):
    (ws / "ftz.yaml").write_text(text, encoding="utf-8")
    result = ftz("--data", str(ws), "validate")
    assert result.exit_code == 1
    assert expected in result.stderr


def test_list_and_show_carry_units(units_ws, ftz):
    rows = json.loads(ftz("--data", str(units_ws), "list", "--format", "json").stdout)
    by_id = {r["id"]: r["units"] for r in rows}
    assert by_id[FLOW] == ["市商务局", "义乌海关"]        # the area's unit and its own
    assert by_id["capital.m05-cross-border-finance-cooperation"] == ["市商务局"]  # through its group
    assert by_id["investment.approval-delegation-2021"] == []
    shown = json.loads(ftz("--data", str(units_ws), "show", FLOW, "--format", "json").stdout)
    assert shown["units"] == ["市商务局", "义乌海关"]
    assert "责任单位：市商务局、义乌海关" in ftz("--data", str(units_ws), "show", FLOW).stdout
    csv_text = ftz("--data", str(units_ws), "list", "--format", "csv").stdout
    header = csv_text.splitlines()[0].split(",")
    row = next(line for line in csv_text.splitlines() if line.startswith(FLOW + ",")).split(",")
    assert row[header.index("units")] == "市商务局、义乌海关"


def test_remind_json_has_the_contract_fields_and_reasons(units_ws, ftz):
    record(ftz, units_ws, FLOW, "--value", "1000", "--date", "2021-03-31")
    result = ftz("--data", str(units_ws), "remind", "--as-of", "2021-06-30", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    for row in rows:
        assert {"unit", "id", "title", "deadline", "status", "last_date", "reason"} <= set(row)
        assert row["reason"] in ("not_reported", "stale", "overdue", "due_soon")
    customs = [r for r in rows if r["unit"] == "义乌海关"]
    assert customs == [{**customs[0], "id": FLOW, "last_date": "2021-03-31", "reason": "stale",
                        "deadline": "2021-12-31", "last_value": "1000亿元"}]
    overdue = next(r for r in rows if r["id"] == "trade.c2.bonded-zone-closure")
    assert (overdue["unit"], overdue["reason"], overdue["reasons"]) == (
        "市商务局", "overdue", ["overdue", "not_reported"])
    assert {r["unit"] for r in rows} >= {"市商务局", "投资自由专班"}  # items no unit owns: their 专班


def test_remind_text_is_one_notice_per_unit_with_chinese_dates(units_ws, ftz):
    record(ftz, units_ws, FLOW, "--value", "1000", "--date", "2021-12-01")
    result = ftz("--data", str(units_ws), "remind", "--as-of", "2021-12-25", "--within", "10",
                 "--unit", "义乌海关")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "【催办提醒】义乌海关：\n\n"
        "截至2021年12月25日，贵单位负责的以下 1 项自贸区建设工作需要报送或更新进度：\n"
        "一、10天内到期（1项）\n"
        "1. 2021年进出口额超3500亿元（trade.import-export-2021）；截止2021年12月31日，6天后到期；"
        "最近报送：2021年12月1日，1000亿元；严重滞后，请在“存在问题”中说明原因。\n\n"
        "请于收到后尽快填写进度填报表（注明数据截至日期；年度累计指标填本年累计数），"
        "报送义乌市自贸区建设工作领导小组办公室。\n\n义乌市自贸区建设工作领导小组办公室\n2021年12月25日\n")
    on_the_day = ftz("--data", str(units_ws), "remind", "--as-of", "2021-12-31", "-u", "义乌海关").stdout
    # the deadline day is due, not overdue (今日到期); the next day it is 逾期未完成
    assert "一、30天内到期（1项）\n" in on_the_day and "截止2021年12月31日，今日到期；" in on_the_day
    after = ftz("--data", str(units_ws), "remind", "--as-of", "2022-01-01", "-u", "义乌海关").stdout
    assert "一、逾期未完成（1项）\n" in after and "已逾期1天" in after
    both = ftz("--data", str(units_ws), "remind", "--as-of", "2021-06-30", "-u", "市商务局", "-u", "义乌海关")
    assert both.stdout.count("【催办提醒】") == 2 and "─" * 30 in both.stdout
    assert "二、尚未报送进度" in both.stdout and "已逾期32天" in both.stdout


def test_remind_keeps_never_reported_apart_from_not_met(units_ws, ftz):
    """Past the deadline, an item never reported is 逾期未报送 — in the notice's heading and in
    reason_label — and one reported but not met 逾期未完成 (domain.md: never 逾期未完成 for both)."""
    record(ftz, units_ws, FLOW, "--value", "1000", "--date", "2021-12-01")
    text = ftz("--data", str(units_ws), "remind", "--as-of", "2022-01-01", "-u", "市商务局").stdout
    assert "一、逾期未完成（1项）\n1. 2021年进出口额超3500亿元" in text
    assert "\n二、逾期未报送（" in text and "逾期未完成（1项）" in text
    rows = json.loads(ftz("--data", str(units_ws), "remind", "--as-of", "2022-01-01", "-u", "市商务局",
                          "--format", "json").stdout)
    labels = {(r["status_label"].split("（")[0], r["reason"], r["reason_label"]) for r in rows if r["reason"] == "overdue"}
    assert labels == {("逾期未完成", "overdue", "逾期未完成"), ("逾期未报送", "overdue", "逾期未报送")}


def test_remind_refuses_an_unknown_unit_and_says_when_nothing_is_owed(units_ws, ftz):
    result = ftz("--data", str(units_ws), "remind", "--unit", "外星局")
    assert result.exit_code == 2
    assert "错误 E407 未知的责任单位“外星局”" in result.stderr and "市商务局、义乌海关" in result.stderr
    record(ftz, units_ws, FLOW, "--value", "3600", "--date", "2021-03-31")
    quiet = ftz("--data", str(units_ws), "remind", "-u", "义乌海关", "--as-of", "2021-04-01")
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert "义乌海关没有需要催办的事项" in quiet.stderr


def test_remind_csv(units_ws, ftz):
    result = ftz("--data", str(units_ws), "remind", "--as-of", "2021-06-30", "--format", "csv",
                 "-u", "义乌海关", "--bom")
    lines = result.stdout.splitlines()
    assert lines[0] == ("\ufeffunit,id,title,area,deadline,days_left,status,status_label,last_date,"
                        "last_value,reason,reason_label,reasons,returned")
    assert lines[1].startswith(f"义乌海关,{FLOW},2021年进出口额超3500亿元,trade,2021-12-31,184,")
    assert lines[1].endswith(",not_reported,尚未报送,not_reported,")


def test_report_rates_per_unit(units_ws, ftz):
    record(ftz, units_ws, FLOW, "--value", "1000", "--date", "2021-06-01")
    record(ftz, units_ws, MILESTONE, "--status", "推进中", "--date", "2021-03-01")
    ws = find(str(units_ws))
    loaded = load(ws, dt.date(2021, 7, 1))
    assigned = owners(loaded.plan, ws.settings.units)
    rates = {r.unit: r for r in report_rates(loaded.plan, assigned, progress(loaded.book, dt.date(2021, 6, 30)),
                                             ["市商务局", "义乌海关"])}
    assert rates["义乌海关"].items == (FLOW,) and rates["义乌海关"].rate == 1.0
    commerce = rates["市商务局"]
    assert FLOW in commerce.reported and MILESTONE not in commerce.reported  # stale by June 30
    assert commerce.rate == pytest.approx(1 / len(commerce.items))
    assert "运输自由专班" not in rates  # asked for nothing


def test_a_sheet_for_one_unit_and_one_per_unit(units_ws, ftz, tmp_path):
    from openpyxl import load_workbook

    result = ftz("--data", str(units_ws), "sheet", "--as-of", "2021-06-30", "--unit", "义乌海关")
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(tmp_path / "进度填报表-义乌海关-2021-06-30.xlsx")["进度填报"]
    assert [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)] == [FLOW]
    assert sheet.cell(2, 20).value == "市商务局、义乌海关"  # 责任单位, after 预计完成情况 and 佐证材料
    result = ftz("--data", str(units_ws), "sheet", "--as-of", "2021-06-30", "--by-unit", "分发")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "分发").iterdir())
    assert "进度填报表-市商务局-2021-06-30.xlsx" in names and "进度填报表-投资自由专班-2021-06-30.xlsx" in names
    assert "进度填报表-运输自由专班-2021-06-30.xlsx" not in names  # nothing to report
    investment = load_workbook(tmp_path / "分发" / "进度填报表-投资自由专班-2021-06-30.xlsx")["进度填报"]
    assert all(investment.cell(r, 1).value.startswith("investment.") for r in range(2, investment.max_row + 1))
    wrong = ftz("--data", str(units_ws), "sheet", "--unit", "外星局")
    assert wrong.exit_code == 2 and "未知的责任单位“外星局”" in wrong.stderr


def test_a_unit_sheet_comes_back_with_its_own_words(units_ws, ftz, tmp_path):
    from openpyxl import load_workbook

    ftz("--data", str(units_ws), "sheet", "--as-of", "2021-06-30", "-u", "义乌海关", "-o", "s.xlsx")
    book = load_workbook(tmp_path / "s.xlsx")
    sheet = book["进度填报"]
    for column, value in zip(range(10, 19), ["2021-06-30", "1750", None, None, "李四", None, "上半年进口增长较快",
                                             "出口订单回落", "扩大进口商品展"], strict=True):  # 15: 预计完成情况
        sheet.cell(2, column, value)
    sheet.cell(3, 1, FLOW)  # a row with only 存在问题 is not skipped in silence
    sheet.cell(3, 10, "2021-06-29")
    sheet.cell(3, 17, "只写了问题")
    book.save(tmp_path / "back.xlsx")
    refused = ftz("--data", str(units_ws), "import", "back.xlsx")
    assert refused.exit_code == 1 and "back.xlsx:3:11: 错误 E212" in refused.stderr
    sheet.delete_rows(3)
    book.save(tmp_path / "back.xlsx")
    result = ftz("--data", str(units_ws), "import", "back.xlsx")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(ftz("--data", str(units_ws), "show", FLOW, "--format", "json").stdout)
    (update,) = shown["updates"]
    assert (update["value"], update["progress_note"], update["problems"], update["next_steps"]) == (
        1750, "上半年进口增长较快", "出口订单回落", "扩大进口商品展")


def test_the_brief_gets_rates_and_units_in_one_call(units_ws, ftz):
    from ftz_cli.core.chase import book_rates

    record(ftz, units_ws, FLOW, "--value", "1000", "--date", "2021-06-01")
    loaded = load(find(str(units_ws)), dt.date(2021, 7, 1))
    rates, assigned = book_rates(loaded.book, dt.date(2021, 6, 30))
    assert [r.unit for r in rates][:2] == ["市商务局", "义乌海关"]
    assert rates[1].rate == 1.0 and assigned[FLOW] == ("市商务局", "义乌海关")


def test_list_by_unit(units_ws, ftz):
    rows = json.loads(ftz("--data", str(units_ws), "list", "--unit", "义乌海关", "--format", "json").stdout)
    assert [r["id"] for r in rows] == [FLOW]
    team = json.loads(ftz("--data", str(units_ws), "list", "-u", "投资自由专班", "--format", "json").stdout)
    assert team and all(r["area"] == "investment" and r["units"] == [] for r in team)
    assert ftz("--data", str(units_ws), "list", "--unit", "外星局").exit_code == 2


def test_remind_from_a_sample_workspace_says_so(ftz, tmp_path):
    assert ftz("init", "--example", str(tmp_path / "示例")).exit_code == 0
    text = ftz("--data", str(tmp_path / "示例"), "remind", "--as-of", "2021-06-30").stdout
    assert text.startswith("【示例数据】以下通知由示例进度生成，不是真实进度，请勿发送。\n\n【催办提醒】")
