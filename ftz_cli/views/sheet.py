"""The fill-in sheet (进度填报表) sent to departments, which comes back through ``ftz import``.

One row per item under way, qualitative goals included (whatever can have a light is asked
for): what it is and where it stands (grey, locked), then empty columns to fill in (yellow). The input columns carry the Chinese
headers that ``ftz import`` reads; the reading columns are ignored on the way back.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ftz_cli.core.model import KIND_LABELS, PROGRESS_STATES
from ftz_cli.parse.sheet_layout import COLUMNS, SHEET_TITLE
from ftz_cli.views.safe import is_formula_like, printable

if TYPE_CHECKING:
    from ftz_cli.core.model import Plan
    from ftz_cli.core.snapshot import Book
    from ftz_cli.core.status import Progress

__all__ = ["build_sheet", "default_name"]

_LETTER = {c.header: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}

_HEADER_FILL, _READ_FILL, _INPUT_FILL, _NOT_APPLICABLE = "DDEBF7", "F2F2F2", "FFF2CC", "BFBFBF"
_INSTRUCTIONS = (
    "填写说明",
    "",
    "1. 在“进度填报”表中，每行是一项指标、工作节点或定性目标。灰色各列由 ftz 填写、已锁定，供参考。",
    "2. 只填黄色各列：日期（数据截至日期，如 2021-06-30）、数值或状态、说明、填报人。"
    "新数值不要填在灰色的“最新值”列，那样导入时会报错。",
    "3. 数量型指标（年度累计、存量、件数）填“数值”，可带单位，如 1850、1,850、1850亿元、1.2万。"
    "年度累计类填本年累计数。",
    "4. 节点类事项和定性目标填“状态”：从下拉列表中选择 未启动、推进中 或 已完成，并在“进展情况”中简述进展。",
    "5. 没有新进展的行整行留空即可，导入时会跳过。“进展情况”“存在问题”“下步计划”可选填，会随数据一并录入。",
    "   “预计完成情况”：请对每项到完成时限能否完成作出预计，从下拉列表中选择 能完成、有难度 或 不能完成。",
    "6. 报送“已完成”时，可在“佐证材料”中写明随表交回的文件名（验收报告、批复、照片），"
    "多个文件用“；”分隔；文件与本表放在同一文件夹。",
    "7. 请保持 .xlsx 格式保存后交回，由汇总人员运行：ftz import 本文件名.xlsx",
    "   导入时会检查全部内容：有任何一处错误都不会录入，并列出每处错误所在的行和列。",
)


def default_name(day: dt.date, unit: str = "") -> str:
    """进度填报表-2021-06-30.xlsx, or 进度填报表-市商务局-2021-06-30.xlsx for one unit."""
    from ftz_cli.views.safe import file_part

    safe = file_part(unit)
    return f"进度填报表-{safe + '-' if safe else ''}{day.isoformat()}.xlsx"


def sheet_items(book: Book, as_of: dt.date, areas: Sequence[str] = (),
                units: Sequence[str] = ()) -> list[Progress]:
    """Items under way by ``as_of`` (a 2035 target is not asked for in 2021; see ``chase.asked``),
    of the given areas and units (a unit's items: those assigned to it; a 专班's: its area's
    items no unit owns)."""
    from ftz_cli.core.chase import asked
    from ftz_cli.core.selection import area_ids
    from ftz_cli.core.snapshot import snapshot
    from ftz_cli.core.units import owners, responsible

    assigned = owners(book.plan, book.settings.units)
    return [p for p in snapshot(book, as_of).select(area_ids(book.plan, areas))
            if asked(p.item, as_of)
            and (not units or set(units) & set(responsible(book.plan, assigned, p.item)))]


def build_sheet(book: Book, as_of: dt.date, areas: Sequence[str] = (),
                units: Sequence[str] = ()) -> tuple[bytes, int]:
    """The workbook as .xlsx bytes, and how many items it lists."""
    from openpyxl import Workbook

    from ftz_cli.core.units import owners

    rows = sheet_items(book, as_of, areas, units)
    assigned = owners(book.plan, book.settings.units)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _header(sheet)
    for number, p in enumerate(rows, start=2):
        _row(sheet, number, p, book.plan)
        sheet.cell(row=number, column=len(COLUMNS), value="、".join(assigned.get(p.item.id, ())) or None)
    _status_dropdown(sheet, [n for n, p in enumerate(rows, start=2) if not p.item.quantitative])
    _outlook_dropdown(sheet, len(rows) + 1)
    last = len(rows) + 1
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{_LETTER[COLUMNS[-1].header]}{last}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    _protect(sheet)
    _instructions(workbook.create_sheet("填写说明"), units)
    workbook.properties.creator = "ftz"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), len(rows)


def _header(sheet: Any) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_INPUT_FILL if column.filled_in else _HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[_LETTER[column.header]].width = column.width
    sheet.row_dimensions[1].height = 24


def _row(sheet: Any, number: int, p: Progress, plan: Plan) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection

    from ftz_cli.parse.values import clean_number

    item, latest = p.item, p.reported  # what the unit last reported, a figure held for checking too
    shown: Any = None
    if latest is not None:
        shown = clean_number(latest.value) if latest.value is not None else latest.status
    values: dict[str, Any] = {
        "指标编号": item.id, "领域": plan.area(item.area).name, "名称": item.title,
        "类型": KIND_LABELS[item.kind], "单位": item.unit or None,
        "目标值": clean_number(item.target) if item.target is not None else None,
        "截止日期": item.deadline, "最新值": shown, "最新日期": latest.date if latest else None,
    }
    not_applicable = "状态" if item.quantitative else "数值"
    for index, column in enumerate(COLUMNS, start=1):
        cell = _text_cell(sheet.cell(row=number, column=index), values.get(column.header))
        color = _READ_FILL if not column.filled_in else (
            _NOT_APPLICABLE if column.header == not_applicable else _INPUT_FILL)
        cell.fill = PatternFill("solid", fgColor=color)
        if column.filled_in:
            cell.protection = Protection(locked=False)
        if column.date:
            cell.number_format = "yyyy-mm-dd"
        if column.header in ("名称", "说明"):
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _protect(sheet: Any) -> None:
    """Lock the columns ftz fills (the yellow ones stay open): a figure typed into 最新值 would
    be lost. No password: it keeps out slips, not people; widths, filters and sorting still work."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = protection.sort = False


def _text_cell(cell: Any, value: Any) -> Any:
    """``value`` in ``cell``; text that starts like a formula stays text (OWASP), and
    characters a workbook cannot hold or that spoof the reading are shown escaped."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    cell.value = printable(value)
    if is_formula_like(cell.value):
        cell.data_type = "s"      # openpyxl made "=…" a formula
        cell.quotePrefix = True   # and Excel keeps it text when the cell is edited
    return cell


def _status_dropdown(sheet: Any, rows: Sequence[int]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if not rows:
        return
    states = ",".join(PROGRESS_STATES)
    rule = DataValidation(type="list", formula1=f'"{states}"', allow_blank=True,
                          showErrorMessage=True, errorTitle="状态", showInputMessage=True,
                          error=f"请从下拉列表中选择：{'、'.join(PROGRESS_STATES)}",
                          promptTitle="状态", prompt="节点类事项请选择：" + "、".join(PROGRESS_STATES))
    letter = _LETTER["状态"]
    for row in rows:
        rule.add(f"{letter}{row}")
    sheet.add_data_validation(rule)


def _outlook_dropdown(sheet: Any, last: int) -> None:
    """预计完成情况 for every item: 能完成, 有难度 or 不能完成, from a list."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from ftz_cli.core.outlook import UNIT_OUTLOOKS

    if last < 2:
        return
    rule = DataValidation(type="list", formula1=f'"{",".join(UNIT_OUTLOOKS)}"', allow_blank=True,
                          showErrorMessage=True, errorTitle="预计完成情况", showInputMessage=True,
                          error=f"请从下拉列表中选择：{'、'.join(UNIT_OUTLOOKS)}", promptTitle="预计完成情况",
                          prompt="到完成时限能否完成：" + "、".join(UNIT_OUTLOOKS))
    letter = _LETTER["预计完成情况"]
    rule.add(f"{letter}2:{letter}{last}")
    sheet.add_data_validation(rule)


def _instructions(sheet: Any, units: Sequence[str]) -> None:
    from openpyxl.styles import Font

    sheet.column_dimensions["A"].width = 110
    lines = (_INSTRUCTIONS[0] + ("（" + "、".join(units) + "）" if units else ""), *_INSTRUCTIONS[1:])
    for number, line in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=line)
    sheet["A1"].font = Font(bold=True, size=14)
