"""Excel workbooks (.xlsx) through openpyxl, bounded before anything is inflated."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.files import over
from ftz_cli.importers.common import MAX_COLUMNS, MAX_ROWS, SAVE_AS_XLSX, Warn, heads_records
from ftz_cli.importers.table import Row, Table, UncachedFormula
from ftz_cli.importers.xlsx_bounds import check_parts
from ftz_cli.parse.records import Raw
from ftz_cli.parse.sheet_layout import SHEET_TITLE

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

T = TypeVar("T")
MAX_UNZIPPED = 100 * 1024 * 1024    # a workbook's members, uncompressed
MAX_ZIP_MEMBERS = 1_000
MAX_MERGED_CELLS = 1_000_000


def read_xlsx(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    def records(book: Workbook) -> list[Raw]:
        rows, date_cell = _book_rows(book, data, shown)
        return Table(shown, warn, strict_width=False, date_cell=date_cell).records(rows)

    return _with_book(data, shown, records)


def xlsx_rows(data: bytes, shown: str) -> list[Row]:
    """The rows of the workbook's first sheet, merged cells filled: a table that is not a
    progress sheet (a 任务分解表), read within the same bounds."""
    return _with_book(data, shown, lambda book: list(_book_rows(book, data, shown)[0]))


def _with_book(data: bytes, shown: str, read: Callable[[Workbook], T]) -> T:
    check_zip(data, shown)
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about features it drops; not the user's concern
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any failure to parse a hostile file is "cannot open"
            raise FtzError(_cannot_open(shown)) from None
        try:
            return read(book)
        except FtzError:
            raise
        except Exception:  # noqa: BLE001 - a broken part of the workbook, found while reading
            raise FtzError(_cannot_open(shown)) from None
        finally:
            book.close()


def _cannot_open(shown: str) -> Diagnostic:
    return Diagnostic("E303", "Excel 文件无法打开：文件已损坏，或不是 .xlsx 格式", shown,
                      hint="请在 Excel 或 WPS 中打开确认；能打开的话“另存为”Excel 工作簿（.xlsx）再导入。")


def check_zip(data: bytes, shown: str, unopenable: Diagnostic | None = None) -> None:
    """Refuse zip bombs before openpyxl inflates anything: members and sizes as declared.

    zipfile stops reading a member at its declared size, so the declared sizes bound
    what openpyxl can be made to inflate. ``unopenable``: what a file that is no zip is
    told, for a Word document or an .ods (an Excel workbook's by default).
    """
    book = unopenable is None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unzipped = sum(m.file_size for m in members)
            if len(members) > MAX_ZIP_MEMBERS or unzipped > MAX_UNZIPPED:
                size, limit = over(unzipped, MAX_UNZIPPED)
                raise FtzError(Diagnostic(
                    "E004", f"{'工作簿' if book else '文件'}解压后" + (
                        f"有 {size}，超过上限 {limit}" if unzipped > MAX_UNZIPPED
                        else f"有 {len(members):,} 个部件，超过上限 {MAX_ZIP_MEMBERS:,} 个"), shown,
                    hint="文件过大或已损坏。请" + ("只保留“进度填报”这一个工作表，" if book else "")
                    + "删去图片等内容后另存再导入。"))
            check_parts(archive, shown)  # what openpyxl would read whole, counted first
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        raise FtzError(unopenable or _cannot_open(shown)) from None


def _book_rows(book: Workbook, data: bytes, shown: str) -> tuple[Iterator[Row], Callable[[Any], Any]]:
    """The rows of the sheet to read (merged cells filled), and how to read a date cell."""
    from openpyxl.utils.datetime import from_excel

    if not book.worksheets:
        raise FtzError(Diagnostic("E303", "工作簿中没有工作表", shown, hint=SAVE_AS_XLSX))
    sheet = _sheet_to_read(book)
    declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    if declared_rows > MAX_ROWS or declared_columns > MAX_COLUMNS:
        raise FtzError(Diagnostic(
            "E310", f"工作表“{sheet.title}”的范围有 {declared_rows:,} 行、{declared_columns:,} 列，"
            f"超过上限（{MAX_ROWS:,} 行、{MAX_COLUMNS} 列）", shown,
            hint="可能是整行整列设置了格式。请把要导入的内容复制到一个新工作表再导入。"))
    xml = _sheet_xml(data, sheet.title)
    _no_infinite_numbers(xml, shown)
    formulas = _formulas(data, sheet.title) if re.search(rb"<(?:\w+:)?f[\s>/]", xml) else {}
    merged = _merged(xml, shown)

    def date_cell(value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if 19_000_101 <= value <= 30_001_231 and float(value).is_integer():
                return str(int(value))  # 20210331 typed as a number
            if 36_526 <= value <= 73_415:  # a date serial (2000–2100) that lost its format
                return from_excel(value, book.epoch).date()
        return value

    return _fill_merged(_sheet_rows(sheet, formulas, shown), merged), date_cell


def _sheet_to_read(book: Workbook) -> Any:
    """进度填报; else the first sheet with an id column (指标编号) in its first rows — a
    department renames the sheet and puts 填写说明 first — else the first sheet."""
    if SHEET_TITLE in book.sheetnames:
        return book[SHEET_TITLE]
    return next((sheet for sheet in book.worksheets if heads_records(
        sheet.iter_rows(max_row=10, max_col=MAX_COLUMNS, values_only=True))), book.worksheets[0])


# a numeric cell holding NaN or INF: openpyxl cannot read it (a ValueError, which is no broken file)
_NOT_FINITE = re.compile(rb'<(?:\w+:)?c\b(?=[^>]*\br="([A-Z]{1,3})(\d+)")(?![^>]*\bt="(?:s|str|inlineStr|e|b)")'
                         rb"[^>]*>\s*<(?:\w+:)?v>\s*([-+]?(?:nan|inf(?:inity)?))\s*</", re.IGNORECASE)


def _no_infinite_numbers(xml: bytes, shown: str) -> None:
    from openpyxl.utils.cell import column_index_from_string

    found = [Diagnostic("E205", f"单元格 {m.group(1).decode()}{m.group(2).decode()} 的数值“{m.group(3).decode()}”"
                        "不是有限数（NaN 或无穷大）", shown, int(m.group(2)),
                        column_index_from_string(m.group(1).decode()),
                        hint="请填写实际的数字；这通常是别的程序导出时留下的空值或计算错误。")
             for m in _NOT_FINITE.finditer(xml)]
    if found:
        raise FtzError(found[:20])


def _sheet_rows(sheet: Any, formulas: Mapping[tuple[int, int], str], shown: str) -> Iterator[Row]:
    sheet.reset_dimensions()  # the declared size may be wrong; read what is there, within bounds
    rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise FtzError(Diagnostic("E310", f"工作表超过 {MAX_ROWS:,} 行", shown, number,
                                      hint="请把文件拆成几个较小的文件分别导入。"))
        cells = list(values[:MAX_COLUMNS])
        for column, value in enumerate(cells, start=1):
            if value is None and (number, column) in formulas:
                cells[column - 1] = UncachedFormula(formulas[(number, column)])
        yield number, cells


_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\s[^>]*>")
_RELATION = re.compile(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>")


def _attribute(tag: bytes, name: bytes) -> str:
    """An attribute's value in an XML tag (``name`` a regular expression), its entities read."""
    import html

    found = re.search(rb"\s" + name + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", tag)
    return html.unescape((found.group(1) or found.group(2) or b"").decode("utf-8", "replace")) if found else ""


def _sheet_xml(data: bytes, title: str) -> bytes:
    """The XML of the sheet ``title``, found as the workbook names it (its relationship):
    openpyxl keeps no merged cells in read-only mode, and names the part only privately."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if not {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= names:
            return b""
        ids = [_attribute(tag, rb"[\w.-]+:id") for tag in _SHEET.findall(archive.read("xl/workbook.xml"))
               if _attribute(tag, b"name") == title]
        targets = [_attribute(tag, b"Target") for tag in _RELATION.findall(archive.read("xl/_rels/workbook.xml.rels"))
                   if ids and _attribute(tag, b"Id") == ids[0]]
        if not targets:
            return b""
        name = targets[0].lstrip("/") if targets[0].startswith("/") else f"xl/{targets[0]}"
        return archive.read(name) if name in names else b""


def _formulas(data: bytes, title: str) -> dict[tuple[int, int], str]:
    """Where the formulas are, and their text: a second read, without cached values."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = book[title]
        sheet.reset_dimensions()
        found: dict[tuple[int, int], str] = {}
        for number, row in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1):
            if number > MAX_ROWS:
                break
            for column, cell in enumerate(row[:MAX_COLUMNS], start=1):
                if getattr(cell, "data_type", None) == "f":
                    found[(number, column)] = str(cell.value)
        return found
    finally:
        book.close()


_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3}\d+:[A-Za-z]{1,3}\d+)[\"']")


def _merged(xml: bytes, shown: str) -> dict[int, list[tuple[int, int]]]:
    """Merged ranges by their first row: (column, last row). Only the first column carries on."""
    from openpyxl.utils.cell import range_boundaries

    starts: dict[int, list[tuple[int, int]]] = {}
    cells = 0
    for match in _MERGE.finditer(xml):
        min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode("ascii"))
        if min_col is None or min_row is None or max_col is None or max_row is None:
            continue
        if min_col > MAX_COLUMNS or max_row == min_row:
            continue  # a merge across one row keeps its value in the first cell: nothing to do
        cells += (min(max_row, MAX_ROWS) - min_row + 1)
        if cells > MAX_MERGED_CELLS:
            raise FtzError(Diagnostic("E310", "合并单元格过多", shown,
                                      hint="请取消合并单元格后再导入。"))
        starts.setdefault(min_row, []).append((min_col, max_row))
    return starts


def _fill_merged(rows: Iterable[Row], starts: Mapping[int, list[tuple[int, int]]]) -> Iterator[Row]:
    """Give every cell of a vertically merged range the value shown in it (its top cell's)."""
    if not starts:
        yield from rows
        return
    active: dict[int, tuple[int, Any]] = {}  # column → (last row, value)
    for number, cells in rows:
        for column, last in starts.get(number, ()):
            active[column] = (last, cells[column - 1] if column <= len(cells) else None)
        filled = list(cells)
        for column, (last, value) in list(active.items()):
            if last < number:
                del active[column]
                continue
            if column > len(filled):
                filled.extend([None] * (column - len(filled)))
            if filled[column - 1] is None:
                filled[column - 1] = value
        yield number, filled
