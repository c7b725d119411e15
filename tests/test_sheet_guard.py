"""The sheet can't eat data: the columns ftz fills are locked (the yellow ones open), and a
figure typed into a read-only column (最新值) is refused on import with the column to use."""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import load_workbook

LEVEL = "trade.overseas-warehouses-2021"  # 个, >= 120
ORGS = "capital.new-financial-orgs-2021"  # 家, >= 60
GOAL_HEADERS = ("状态", "进展情况")


def records(ws: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for path in sorted((ws / "updates").glob("**/*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return found


def sheet(ftz, ws: Path, tmp_path: Path) -> Path:
    for item, value in ((LEVEL, "50"), (ORGS, "12")):
        assert ftz("--data", str(ws), "update", item, "--value", value, "--date", "2021-03-31").exit_code == 0
    out = tmp_path / "s.xlsx"
    result = ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def fill(path: Path, out: Path, cells: dict[tuple[str, str], object]) -> dict[str, int]:
    """Write ``cells`` ((id, header) → value) into the sheet; the row of each id."""
    book = load_workbook(path)
    page = book.active
    headers = {c.value: c.column for c in page[1]}
    rows = {}
    for row in page.iter_rows(min_row=2):
        rows[row[0].value] = row[0].row
    for (item, header), value in cells.items():
        page.cell(row=rows[item], column=headers[header], value=value)
    book.save(out)
    return rows


def test_the_columns_ftz_fills_are_locked_and_the_yellow_ones_open(ftz, ws, tmp_path):
    page = load_workbook(sheet(ftz, ws, tmp_path)).active
    assert page.protection.sheet and not page.protection.autoFilter and not page.protection.sort
    headers = {c.value: c.column for c in page[1]}
    row = 2
    for header in ("指标编号", "名称", "目标值", "最新值", "最新日期", "责任单位"):
        assert page.cell(row=row, column=headers[header]).protection.locked, header
    for header in ("日期", "数值", "状态", "说明", "填报人", "进展情况", "存在问题", "下步计划"):
        assert not page.cell(row=row, column=headers[header]).protection.locked, header


def test_qualitative_goals_are_on_the_sheet_with_state_and_progress(ftz, ws, tmp_path):
    page = load_workbook(sheet(ftz, ws, tmp_path)).active
    headers = [c.value for c in page[1]]
    kinds = {row[headers.index("类型")] for row in page.iter_rows(min_row=2, values_only=True)}
    assert "定性" in "".join(str(k) for k in kinds)
    assert set(GOAL_HEADERS) <= set(headers)


def test_a_figure_typed_into_the_latest_column_is_refused_with_the_column_to_use(ftz, ws, tmp_path):
    source = sheet(ftz, ws, tmp_path)
    before = records(ws)
    back = tmp_path / "back.xlsx"
    rows = fill(source, back, {(LEVEL, "最新值"): 64})
    result = ftz("--data", str(ws), "import", str(back))
    assert result.exit_code == 1 and records(ws) == before
    assert (f"back.xlsx:{rows[LEVEL]}:8: 错误 E233 “最新值”列是 ftz 填写的只读列（灰色），其中的“64”不是指标 "
            f"{LEVEL} 已录入的2021年3月31日的数据，不会录入") in result.stderr
    assert "请改填在黄色的“数值”列" in result.stderr


def test_the_latest_column_as_ftz_wrote_it_passes(ftz, ws, tmp_path):
    source = sheet(ftz, ws, tmp_path)
    back = tmp_path / "back.xlsx"
    fill(source, back, {(LEVEL, "日期"): "2021-06-30", (LEVEL, "数值"): 64, (LEVEL, "最新值"): 50.0})
    result = ftz("--data", str(ws), "import", str(back))
    assert result.exit_code == 0, result.stderr
    assert records(ws)[-1]["value"] == 64 and "E233" not in result.stderr
    untouched = ftz("--data", str(ws), "import", str(source))  # nothing new: no record at all
    assert untouched.exit_code == 1 and "E306" in untouched.stderr and "E233" not in untouched.stderr


def test_a_slip_and_a_figure_in_the_latest_column_are_both_refused(ftz, ws, tmp_path):
    """The issue's case: 3.2万家 for a 家 target and a value in 最新值, each with what to do."""
    source = sheet(ftz, ws, tmp_path)
    before = records(ws)
    back = tmp_path / "back.xlsx"
    fill(source, back, {(ORGS, "日期"): "2021-06-30", (ORGS, "数值"): "3.2万家", (LEVEL, "最新值"): 64})
    result = ftz("--data", str(ws), "import", str(back))
    assert result.exit_code == 1 and records(ws) == before
    assert "错误 E233" in result.stderr and "错误 E232" in result.stderr
    assert "可能多写了“万”：3.2万家 即 32000家" in result.stderr and "核实无误请加 --confirm" in result.stderr


def test_a_sheet_showing_an_outcome_done_by_another_item_imports_untouched(ftz, ws, tmp_path):
    """综保区一期封关 is tracked twice: done in one item, the sheet shows 已完成 in the other's
    最新值 too (one state per outcome), and that is what ftz wrote, not a figure typed there."""
    twin, done = "trade.c2.bonded-zone-closure", "trade.bonded-zone-phase1-2021"
    for item, state, day in ((twin, "推进中", "2021-04-30"), (done, "已完成", "2021-05-20")):
        assert ftz("--data", str(ws), "update", item, "--status", state, "--date", day).exit_code == 0
    out = tmp_path / "s.xlsx"
    assert ftz("--data", str(ws), "sheet", "--as-of", "2021-06-30", "-o", str(out)).exit_code == 0
    page = load_workbook(out).active
    shown = {r[0]: r[7] for r in page.iter_rows(min_row=2, values_only=True)}
    assert shown[twin] == "已完成"
    untouched = ftz("--data", str(ws), "import", str(out))
    assert "E233" not in untouched.stderr and "E306" in untouched.stderr
    back = tmp_path / "back.xlsx"
    fill(out, back, {(twin, "最新值"): "推进中"})  # but a state typed there is still refused
    assert "错误 E233" in ftz("--data", str(ws), "import", str(back)).stderr
