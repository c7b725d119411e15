"""Old Excel (.xls) and OpenDocument (.ods) sheets, read with python-calamine (a maintained
Rust reader of both), through the same table checks as .xlsx and CSV."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.importers.common import MAX_COLUMNS, MAX_ROWS, Warn, heads_records
from ftz_cli.importers.table import Row, Table
from ftz_cli.parse.records import Raw
from ftz_cli.parse.sheet_layout import SHEET_TITLE

_NAMES = {"xls": "旧版 Excel（.xls）", "ods": "OpenDocument 表格（.ods）"}


def read_xls(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    return Table(shown, warn, strict_width=False, date_cell=_date_cell).records(
        sheet_rows(data, shown, "xls"))


def read_ods(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    return Table(shown, warn, strict_width=False, date_cell=_date_cell).records(
        sheet_rows(data, shown, "ods"))


def sheet_rows(data: bytes, shown: str, kind: str) -> list[Row]:
    """The rows of the sheet to read (``kind`` "xls" or "ods"), merged cells filled."""
    import python_calamine

    if kind == "ods":
        from ftz_cli.importers.excel import check_zip

        check_zip(data, shown, _cannot_open(shown, kind))  # an .ods is a zip: bounded before anything is inflated

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if not names:
            raise FtzError(_cannot_open(shown, kind))
        sheet = book.get_sheet_by_name(SHEET_TITLE if SHEET_TITLE in names else next(
            (n for n in names if heads_records(book.get_sheet_by_name(n).iter_rows())), names[0]))
        return list(_fill_merged(_rows(sheet, shown), _merged(sheet)))
    except FtzError:
        raise
    except Exception:  # noqa: BLE001 - any failure to parse a hostile file is "cannot open"
        raise FtzError(_cannot_open(shown, kind)) from None


def _rows(sheet: Any, shown: str) -> Iterator[Row]:
    """The rows with their sheet row numbers, each from column A (calamine starts at the first
    cell with content)."""
    (first_row, first_column), (last_row, last_column) = sheet.start or (0, 0), sheet.end or (0, 0)
    if last_row + 1 > MAX_ROWS or last_column + 1 > MAX_COLUMNS:
        raise FtzError(Diagnostic(
            "E310", f"工作表“{sheet.name}”的范围有 {last_row + 1:,} 行、{last_column + 1:,} 列，"
            f"超过上限（{MAX_ROWS:,} 行、{MAX_COLUMNS} 列）", shown,
            hint="请把要导入的内容复制到一个新工作表再导入。"))
    pad = [None] * first_column
    for number, cells in enumerate(sheet.iter_rows(), start=first_row + 1):
        yield number, pad + list(cells)[: MAX_COLUMNS - first_column]


def _merged(sheet: Any) -> dict[int, list[tuple[int, int]]]:
    """Vertically merged ranges by their first sheet row: (column, last row), from 1."""
    starts: dict[int, list[tuple[int, int]]] = {}
    for (first_row, first_column), (last_row, _) in getattr(sheet, "merged_cell_ranges", None) or ():
        if last_row > first_row and first_column < MAX_COLUMNS:
            starts.setdefault(first_row + 1, []).append((first_column + 1, min(last_row, MAX_ROWS) + 1))
    return starts


def _fill_merged(rows: Iterator[Row], starts: dict[int, list[tuple[int, int]]]) -> Iterator[Row]:
    """Every cell of a vertically merged range gets the value shown in it (its top cell's), as
    in the .xlsx reader: a date merged down the rows of one report."""
    active: dict[int, tuple[int, Any]] = {}  # column → (last row, value)
    for number, cells in rows:
        filled = list(cells)
        for column, last in starts.get(number, ()):
            active[column] = (last, filled[column - 1] if column <= len(filled) else None)
        for column, (last, value) in list(active.items()):
            if last < number:
                del active[column]
                continue
            filled.extend([None] * (column - len(filled)))
            if filled[column - 1] in (None, ""):
                filled[column - 1] = value
        yield number, filled


def _date_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, float) and value.is_integer() and 19_000_101 <= value <= 30_001_231:
        return str(int(value))  # 20210331 typed as a number
    return value


def _cannot_open(shown: str, kind: str) -> Diagnostic:
    return Diagnostic("E303", f"{_NAMES[kind]}文件无法打开：文件已损坏，或不是这种格式", shown,
                      hint="请在 Excel 或 WPS 中打开确认；能打开的话“另存为”Excel 工作簿（.xlsx）再导入。")
