"""Reading progress records from the files people send: CSV, JSON, JSON Lines, YAML, Excel.

Each reader turns bytes into ``Raw`` records that remember where every field stood (the
line or sheet row, and the column), so that ``store.record`` can check them all and point
at the cell to fix. Problems with the file itself (encoding, syntax, missing columns, size)
raise ``FtzError`` listing every one found. Nothing here writes anything.

Hostile input is bounded before it is parsed: the file size, the number of records, the
unzipped size of a workbook and its declared rows and columns; YAML goes through
``yamlio`` (no tags, no aliases, duplicate keys reported).
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import json
import re
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import yamlio
from .errors import Diagnostic, FtzError, has_errors
from .records import Raw, normalize_header
from .sheet import INFO_HEADERS, SHEET_TITLE

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = ["FORMATS", "MAX_BYTES", "MAX_RECORDS", "STDIN", "read_records"]

MAX_BYTES = 50 * 1024 * 1024        # the file as given
MAX_RECORDS = 200_000               # records in one import
MAX_ROWS = 250_000                  # sheet rows, blank ones included
MAX_COLUMNS = 500                   # sheet or CSV columns
MAX_UNZIPPED = 100 * 1024 * 1024    # a workbook's members, uncompressed
MAX_ZIP_MEMBERS = 1_000
MAX_MERGED_CELLS = 1_000_000

STDIN = "标准输入"
FORMATS = ("csv", "json", "jsonl", "yaml", "xlsx")
FIELDS = ("id", "date", "value", "status", "note", "by")
_EXTENSIONS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".json": "json", ".jsonl": "jsonl",
    ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx", ".xlsm": "xlsx",
}
_OLD_OFFICE = {".xls": "旧版 Excel（.xls）", ".et": "WPS 表格（.et）", ".ods": "OpenDocument 表格（.ods）",
               ".numbers": "Numbers 表格"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, .doc
_HEADERS_HINT = "表头可用：指标编号（id）、日期（date）、数值（value）、状态（status）、说明（note）、填报人（by）。"
_SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开，用“另存为”保存为“Excel 工作簿（.xlsx）”后再导入。"
# informational columns of ``ftz sheet`` (and a row number) are read past without a word
_IGNORED = {normalize_header(h) for h in (*INFO_HEADERS, "序号")} | {
    "title", "unit", "target", "deadline", "area", "kind", "latest", "latest_date"}

Warn = Callable[[Diagnostic], None]


def _to_stderr(diagnostic: Diagnostic) -> None:
    sys.stderr.write(diagnostic.format() + "\n")


def read_records(file: str, fmt: str | None, warn: Warn = _to_stderr) -> list[Raw]:
    """The records in ``file`` (``-`` is standard input), one ``Raw`` per non-blank record.

    ``fmt`` is one of FORMATS, or None to go by the file name, then by the content.
    Warnings (unknown columns, a GBK file) go to ``warn``; problems raise FtzError.
    """
    shown = STDIN if file == "-" else file
    data = _read_input(file, shown)
    if not data.strip() or data.strip() == codecs.BOM_UTF8:
        raise FtzError(Diagnostic("E003", "文件是空的（没有任何内容）", shown,
                                  hint="请确认选对了文件，并已保存填好的内容。"))
    kind = fmt or _format_of(file, data, shown)
    _refuse_other_formats(data, kind, shown)
    raws = _READERS[kind](data, shown, _Once(warn))
    if not raws:
        raise FtzError(Diagnostic("E306", "文件中没有需要录入的记录", shown, hint=(
            "表格每行一条：填写指标编号、日期，以及数值（数量型指标）或状态（节点）。"
            "全部留空的行会被跳过。")))
    return raws


# -- the file and its format --------------------------------------------------------

def _read_input(file: str, shown: str) -> bytes:
    if file == "-":
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read(MAX_BYTES + 1) if stream is not None else \
            sys.stdin.read(MAX_BYTES + 1).encode("utf-8")
    else:
        path = Path(file)
        try:
            if path.is_dir():
                raise FtzError(Diagnostic("E001", f"“{file}”是文件夹，不是文件", shown,
                                          hint="请给出要导入的文件，例如 进度填报表.xlsx。"))
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise FtzError(_too_big(size, shown))
            data = path.read_bytes()
        except FileNotFoundError:
            raise FtzError(Diagnostic("E001", f"找不到文件“{file}”", shown,
                                      hint=f"请检查文件名和所在文件夹（当前文件夹：{Path.cwd()}）。")) from None
        except OSError as err:
            raise FtzError(Diagnostic("E001", f"无法读取“{file}”：{err.strerror}", shown,
                                      hint="检查文件是否被其他程序占用、是否有读取权限。")) from None
    if len(data) > MAX_BYTES:
        raise FtzError(_too_big(len(data), shown))
    return data


def _too_big(size: int, shown: str) -> Diagnostic:
    return Diagnostic("E004", f"文件有 {size / 1024 / 1024:.0f} MB，超过上限 {MAX_BYTES // 1024 // 1024} MB",
                      shown, hint="请把文件拆成几个较小的文件分别导入。")


def _format_of(file: str, data: bytes, shown: str) -> str:
    """The format from the file name, else from the first bytes."""
    suffix = "" if file == "-" else Path(file).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix in _OLD_OFFICE:
        raise FtzError(Diagnostic("E301", f"不能直接读取{_OLD_OFFICE[suffix]}文件", shown,
                                  hint=_SAVE_AS_XLSX))
    if data.startswith(_ZIP_MAGIC):
        return "xlsx"
    head = data[:65536].removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        lines = [line.strip() for line in head.splitlines() if line.strip()][:2]
        one_per_line = len(lines) == 2 and all(line.startswith(b"{") for line in lines)
        return "jsonl" if one_per_line else "json"
    if head.startswith((b"- ", b"---", b"#")):
        return "yaml"
    return "csv"


def _refuse_other_formats(data: bytes, kind: str, shown: str) -> None:
    if data.startswith(_OLE_MAGIC):
        raise FtzError(Diagnostic("E301", "这是旧版 Excel（.xls）或 WPS（.et）文件，ftz 只读 .xlsx", shown,
                                  hint=_SAVE_AS_XLSX))
    if kind != "xlsx" and data.startswith(_ZIP_MAGIC):
        raise FtzError(Diagnostic("E301", f"文件内容是 Excel 工作簿（.xlsx），不是 {kind.upper()}", shown,
                                  hint="把文件扩展名改为 .xlsx，或加选项 --format xlsx。"))


class _Once:
    """Pass each distinct warning on once (an unknown field in 10,000 records is one warning)."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.seen: set[tuple[str, str]] = set()

    def __call__(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.code, diagnostic.message)
        if key not in self.seen:
            self.seen.add(key)
            self.warn(diagnostic)


# -- text -----------------------------------------------------------------------------

def _utf8(data: bytes, shown: str) -> str:
    text, problems = yamlio.decode(data, shown)
    if text is None:
        raise FtzError(problems)
    return text


def _any_text(data: bytes, shown: str, warn: Warn) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK with a warning."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _no_nul(data.decode("utf-16"), shown)
        except UnicodeDecodeError:
            pass
    try:
        return _no_nul(data.decode("utf-8-sig"), shown)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        where = yamlio.decode(data, shown)[1][0]  # the first byte that is not UTF-8
        raise FtzError(Diagnostic("E002", "文件既不是 UTF-8 也不是 GBK 编码，无法读取", shown,
                                  where.line, where.column, where.hint)) from None
    warn(Diagnostic("W301", "文件是 GBK 编码（中文 Windows 的默认编码），已自动按 GBK 读取", shown,
                    hint="下次请在 Excel 中“另存为”时选择“CSV UTF-8（逗号分隔）”，"
                         "或在记事本/WPS 中把编码选为 UTF-8。", severity="warning"))
    return _no_nul(text, shown)


def _no_nul(text: str, shown: str) -> str:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FtzError(Diagnostic("E002", "文件含有二进制内容，不是文本文件", shown, line, 1,
                                  hint="请确认选对了文件；Excel 文件请用 .xlsx 扩展名。"))
    return text


def _clean(value: Any) -> Any:
    """A cell as a value: text trimmed, blank text as None."""
    if isinstance(value, str):
        value = value.replace("\u200b", "").replace("\ufeff", "").strip()
        return value or None
    return value


# -- tables: CSV and Excel ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class UncachedFormula:
    """A formula cell whose file holds no computed value (saved by a program, never by Excel)."""

    formula: str


Row = tuple[int, Sequence[Any]]  # line or sheet row, then the cells from column 1


def _header_name(value: Any) -> str:
    """指标编号, “数值（亿元）”, “日期*”, “ID” → the field name (id, value, date, id)."""
    text = re.sub(r"\s+", "", str(value)) if value is not None else ""
    text = re.sub(r"[（(][^（()）]*[)）]$|[*＊]$", "", text)
    return normalize_header(text)


class _Table:
    """Rows of cells with a header row → records, with their cells' positions."""

    def __init__(self, shown: str, warn: Warn, *, strict_width: bool,
                 date_cell: Callable[[Any], Any] = lambda v: v) -> None:
        self.shown = shown
        self.warn = warn
        self.strict_width = strict_width  # CSV: a cell past the header is a broken row
        self.date_cell = date_cell
        self.problems: list[Diagnostic] = []
        self.columns: dict[int, str] = {}
        self.named: set[int] = set()  # columns with a header, known or not
        self.width = 0
        self.date_only: list[int] = []

    def records(self, rows: Iterable[Row]) -> list[Raw]:
        rows = iter(rows)
        self._header(rows)
        if self.problems:
            raise FtzError(self.problems)
        raws: list[Raw] = []
        for line, cells in rows:
            raw = self._record(line, cells)
            if raw is None:
                continue
            raws.append(raw)
            if len(raws) > MAX_RECORDS:
                raise FtzError(Diagnostic("E307", f"记录超过 {MAX_RECORDS:,} 条", self.shown, line,
                                          hint="请把文件拆成几个较小的文件分别导入。"))
        if self.problems:
            raise FtzError(self.problems)
        self._report_date_only()
        return raws

    def _header(self, rows: Iterator[Row]) -> None:
        """Find the header row (a title or two above it are passed over) and map its columns."""
        passed: list[Row] = []
        for line, cells in rows:
            if all(_clean(c) is None for c in cells):
                continue
            names = [_header_name(c) for c in cells[:MAX_COLUMNS]]
            if any(n in FIELDS for n in names):
                self._map_columns(line, cells, names)
                return
            passed.append((line, cells))
            if len(passed) == 5:
                break
        first = passed[0] if passed else None
        line = first[0] if first else 1
        comma = first is not None and any("，" in str(c) for c in first[1])
        self.problems.append(Diagnostic(
            "E302", "找不到表头：没有“指标编号”（id）列", self.shown, line, 1,
            ("表头用了中文逗号“，”；CSV 文件的分隔符应为英文逗号“,”。" if comma else "")
            + "第一行应为表头。" + _HEADERS_HINT))

    def _map_columns(self, line: int, cells: Sequence[Any], names: list[str]) -> None:
        self.width = len(names)
        for column, (cell, name) in enumerate(zip(cells, names, strict=False), start=1):
            if name:
                self.named.add(column)
            if name in FIELDS:
                twin = next((c for c, n in self.columns.items() if n == name), None)
                if twin is None:
                    self.columns[column] = name
                    continue
                self.problems.append(Diagnostic(
                    "E308", f"“{_clean(cell)}”列与第 {twin} 列是同一项（{name}），重复了",
                    self.shown, line, column, "请删去其中一列，或改成其他列名。"))
            elif name and name not in _IGNORED:
                self.warn(Diagnostic(
                    "W202", f"未知的列“{_clean(cell)}”，这一列的内容不会导入", self.shown, line,
                    column, _HEADERS_HINT + "如只是备注，可以忽略此警告。", "warning"))
        missing = [n for n in ("id", "date") if n not in self.columns.values()]
        if "value" not in self.columns.values() and "status" not in self.columns.values():
            missing.append("value")
        labels = {"id": "指标编号（id）", "date": "日期（date）", "value": "数值（value）或状态（status）"}
        for name in missing:
            self.problems.append(Diagnostic("E302", f"表头缺少“{labels[name]}”列", self.shown, line, 1,
                                            _HEADERS_HINT))

    def _record(self, line: int, cells: Sequence[Any]) -> Raw | None:
        fields: dict[str, Any] = {}
        positions: dict[str, tuple[int | None, int | None]] = {}
        for column, name in self.columns.items():
            value = _clean(cells[column - 1]) if column <= len(cells) else None
            if isinstance(value, UncachedFormula):
                self.problems.append(_uncached(value, line, column, self.shown))
            fields[name] = self.date_cell(value) if name == "date" else value
            positions[name] = (line, column)
        self._check_width(line, cells)
        if all(fields.get(n) is None for n in ("value", "status", "note")):
            if fields.get("date") is not None and fields.get("id") is not None:
                self.date_only.append(line)  # a date filled down the sheet, nothing else
            return None
        return Raw(fields, self.shown, line, None, positions)

    def _check_width(self, line: int, cells: Sequence[Any]) -> None:
        """Content under no header: a broken CSV row, or a column someone forgot to name."""
        for column, value in enumerate(cells, start=1):
            if column in self.named or _clean(value) is None:
                continue
            if self.strict_width and column > self.width:
                self.problems.append(Diagnostic(
                    "E305", f"这一行有 {len(cells)} 格，比表头的 {self.width} 列多", self.shown, line,
                    column, "数值里的千分位逗号会把一格拆成两格：请写成 3500，或给数值加英文双引号"
                    "（\"3,500\"）；说明里有英文逗号时也要整格加双引号。"))
                return
            self.warn(Diagnostic(
                "W202", f"第 {column} 列没有表头，这一列的内容不会导入", self.shown, line, column,
                "如需导入，请给这一列加上表头。" + _HEADERS_HINT, "warning"))

    def _report_date_only(self) -> None:
        if not self.date_only:
            return
        shown = "、".join(str(n) for n in self.date_only[:10]) + ("……" if len(self.date_only) > 10 else "")
        self.warn(Diagnostic(
            "W302", f"有 {len(self.date_only)} 行只填了日期，没有数值、状态或说明，已跳过（第 {shown} 行）",
            self.shown, self.date_only[0], None,
            "如果这些行本该录入，请补上数值（数量型指标）或状态（节点）后再导入一次。", "warning"))


def _uncached(cell: UncachedFormula, line: int, column: int, shown: str) -> Diagnostic:
    return Diagnostic("E309", f"这一格是公式“{cell.formula}”，但文件里没有保存它的计算结果",
                      shown, line, column,
                      "请在 Excel 或 WPS 中打开这个文件并保存一次（会自动计算），或把公式改成数值后再导入。")


def _read_csv(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    text = _any_text(data, shown, warn)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)

    def rows() -> Iterator[Row]:
        line = 1
        try:
            for cells in reader:
                if len(cells) > MAX_COLUMNS:
                    raise FtzError(Diagnostic("E310", f"这一行有 {len(cells)} 格，超过上限 {MAX_COLUMNS}",
                                              shown, line, hint="请检查分隔符，或确认选对了文件。"))
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as err:
            raise FtzError(_csv_problem(err, shown, line)) from None

    return _Table(shown, warn, strict_width=True).records(rows())


def _delimiter(text: str) -> str:
    """A comma, unless the first lines hold none and tabs (Excel's “文本文件”) or semicolons."""
    head = text[:4096]
    if head.count(",") == 0:
        for other in ("\t", ";"):
            if head.count(other):
                return other
    return ","


def _csv_problem(err: csv.Error, shown: str, line: int) -> Diagnostic:
    text = str(err)
    if "end of data" in text or "EOF" in text:
        return Diagnostic("E305", "引号没有闭合：从这一行开始的英文双引号一直到文件末尾都没有配对",
                          shown, line, hint="检查这一行的双引号是否成对；内容中的双引号要写成两个（\"\"）。")
    if "field larger than field limit" in text:
        return Diagnostic("E305", "有一格内容过长（可能是引号没有闭合）", shown, line,
                          hint="检查这一行的双引号是否成对。")
    return Diagnostic("E305", "引号用法不对：双引号应括住整格内容", shown, line,
                      hint="例如 \"3,500\"；内容中的双引号要写成两个（\"\"）。")


# -- Excel ----------------------------------------------------------------------------

def _read_xlsx(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    _check_zip(data, shown)
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about features it drops; not the user's concern
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any failure to parse a hostile file is "cannot open"
            raise FtzError(_cannot_open(shown)) from None
        try:
            return _read_book(book, data, shown, warn)
        except FtzError:
            raise
        except Exception:  # noqa: BLE001 - a broken part of the workbook, found while reading
            raise FtzError(_cannot_open(shown)) from None
        finally:
            book.close()


def _cannot_open(shown: str) -> Diagnostic:
    return Diagnostic("E303", "Excel 文件无法打开：文件已损坏，或不是 .xlsx 格式", shown,
                      hint="请在 Excel 或 WPS 中打开确认；能打开的话“另存为”Excel 工作簿（.xlsx）再导入。")


def _check_zip(data: bytes, shown: str) -> None:
    """Refuse zip bombs before openpyxl inflates anything: members and sizes as declared.

    zipfile stops reading a member at its declared size, so the declared sizes bound
    what openpyxl can be made to inflate.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FtzError(_cannot_open(shown)) from None
    unzipped = sum(m.file_size for m in members)
    if len(members) > MAX_ZIP_MEMBERS or unzipped > MAX_UNZIPPED:
        raise FtzError(Diagnostic(
            "E004", f"工作簿解压后有 {unzipped / 1024 / 1024:.0f} MB、{len(members)} 个部件，"
            f"超过上限（{MAX_UNZIPPED // 1024 // 1024} MB）", shown,
            hint="文件过大或已损坏。请只保留“进度填报”这一个工作表，删去图片等内容后另存再导入。"))


def _read_book(book: Workbook, data: bytes, shown: str, warn: Warn) -> list[Raw]:
    from openpyxl.utils.datetime import from_excel

    if not book.worksheets:
        raise FtzError(Diagnostic("E303", "工作簿中没有工作表", shown, hint=_SAVE_AS_XLSX))
    sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
    declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    if declared_rows > MAX_ROWS or declared_columns > MAX_COLUMNS:
        raise FtzError(Diagnostic(
            "E310", f"工作表“{sheet.title}”的范围有 {declared_rows:,} 行、{declared_columns:,} 列，"
            f"超过上限（{MAX_ROWS:,} 行、{MAX_COLUMNS} 列）", shown,
            hint="可能是整行整列设置了格式。请把要导入的内容复制到一个新工作表再导入。"))
    xml = _sheet_xml(data, sheet)
    formulas = _formulas(data, sheet.title) if re.search(rb"<(?:\w+:)?f[\s>/]", xml) else {}
    merged = _merged(xml, shown)

    def date_cell(value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if 19_000_101 <= value <= 30_001_231 and float(value).is_integer():
                return str(int(value))  # 20210331 typed as a number
            if 36_526 <= value <= 73_415:  # a date serial (2000–2100) that lost its format
                return from_excel(value, book.epoch).date()
        return value

    rows = _fill_merged(_sheet_rows(sheet, formulas, shown), merged)
    return _Table(shown, warn, strict_width=False, date_cell=date_cell).records(rows)


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


def _sheet_xml(data: bytes, sheet: Any) -> bytes:
    # openpyxl keeps no merged cells in read-only mode; we read them from the sheet's XML
    name = str(getattr(sheet, "_worksheet_path", "")).lstrip("/")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name) if name in archive.namelist() else b""


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


# -- records as mappings: JSON, JSON Lines, YAML --------------------------------------

Position = tuple[int, int]


def _mapping_record(mapping: Mapping[Any, Any], key_pos: Mapping[Any, Position],
                    value_pos: Mapping[Any, Position], where: Position, shown: str,
                    problems: list[Diagnostic], warn: Warn) -> Raw:
    fields: dict[str, Any] = {}
    positions: dict[str, tuple[int | None, int | None]] = {}
    spelled: dict[str, Any] = {}
    for key, value in mapping.items():
        name = _header_name(key)
        line, column = key_pos.get(key, where)
        if name not in FIELDS:
            if name not in _IGNORED:
                warn(Diagnostic("W202", f"未知的字段“{key}”，不会导入", shown, line, column,
                                _HEADERS_HINT, "warning"))
        elif name in fields:
            problems.append(Diagnostic("E102", f"字段“{key}”与“{spelled[name]}”是同一项（{name}），重复了",
                                       shown, line, column, "请删去其中一个。"))
        else:
            fields[name], spelled[name] = value, key
            positions[name] = value_pos.get(key, (line, column))
    return Raw(fields, shown, where[0], where[1], positions)


def _read_yaml(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    tree, problems = yamlio.load(_utf8(data, shown), shown)
    if has_errors(problems):
        raise FtzError(problems)
    if not isinstance(tree, yamlio.YList):
        raise FtzError(Diagnostic("E110", "文件应为记录的列表：每条记录以“- ”开头", shown, 1, 1,
                                  "例如：\n- id: trade.import-export-2021\n  date: 2021-03-31\n  value: 1050"))
    if len(tree) > MAX_RECORDS:
        raise FtzError(Diagnostic("E307", f"记录超过 {MAX_RECORDS:,} 条", shown,
                                  hint="请把文件拆成几个较小的文件分别导入。"))
    raws: list[Raw] = []
    for entry, where in zip(tree, tree.item_pos, strict=True):
        if isinstance(entry, yamlio.YMap):
            raws.append(_mapping_record(entry, entry.key_pos, entry.value_pos, where, shown,
                                        problems, warn))
        else:
            problems.append(Diagnostic("E110", "每条记录应为“字段: 值”的映射", shown, *where,
                                       "例如：\n- id: trade.import-export-2021\n  date: 2021-03-31"))
    if problems:
        raise FtzError(problems)
    return raws


def _read_json(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    return _Json(_utf8(data, shown), shown, warn).document()


def _read_jsonl(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    return _Json(_utf8(data, shown), shown, warn).lines()


_WS = re.compile(r"[ \t\n\r]*")
_LINE_WS = re.compile(r"[ \t\r]*")
_CHINESE_PUNCTUATION = "“”‘’，：；｛｝［］【】"
_JSON_MESSAGES = (
    ("Expecting property name", "这里应是用英文双引号括起来的字段名（可能多了一个逗号）"),
    ("Expecting ',' delimiter", "这里缺少逗号"),
    ("Expecting ':' delimiter", "字段名后面缺少冒号“:”"),
    ("Unterminated string", "引号没有闭合"),
    ("Invalid control character", "引号里有换行或制表符"),
    ("Invalid \\escape", "引号里有无法识别的反斜杠“\\”"),
    ("Expecting value", "这里缺少值（可能多了一个逗号，或文字没有加英文双引号）"),
)


class _Json:
    """A reader for the outer two levels of JSON (records, their fields) that keeps positions.

    The json module parses every value; this class walks the array and the objects
    around them, so each field knows its line and column, and duplicate keys are caught.
    """

    def __init__(self, text: str, shown: str, warn: Warn) -> None:
        self.text = text
        self.shown = shown
        self.warn = warn
        self.problems: list[Diagnostic] = []
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.nested_twins: list[str] = []
        # NaN and Infinity are not JSON: read them as numbers so the record check names them (E205)
        self.decoder = json.JSONDecoder(object_pairs_hook=self._pairs, parse_constant=float)
        self.raws: list[Raw] = []

    def where(self, index: int) -> Position:
        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def fail(self, index: int, message: str, hint: str = "") -> FtzError:
        char = self.text[index] if index < len(self.text) else ""
        if char and char in _CHINESE_PUNCTUATION:
            message, hint = f"这里用了中文标点“{char}”", "JSON 只能用英文标点：双引号 \"、逗号 ,、冒号 :。"
        return FtzError([*self.problems, Diagnostic("E304", message, self.shown, *self.where(index),
                                                    hint or "检查这一处及前一行的引号、逗号和括号。")])

    def skip(self, index: int, pattern: re.Pattern[str] = _WS) -> int:
        match = pattern.match(self.text, index)
        return match.end() if match else index

    def value(self, index: int) -> tuple[Any, int]:
        try:
            return self.decoder.raw_decode(self.text, index)
        except json.JSONDecodeError as err:
            message = next((m for needle, m in _JSON_MESSAGES if err.msg.startswith(needle)),
                           "JSON 格式错误")
            raise self.fail(err.pos, message) from None
        except RecursionError:
            raise self.fail(index, "嵌套过深") from None

    def _pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                self.nested_twins.append(key)
            result[key] = value
        return result

    def document(self) -> list[Raw]:
        index = self.skip(0)
        if self.text.startswith("{", index):
            index = self.skip(self.record(index))
        elif self.text.startswith("[", index):
            index = self.array(index)
        else:
            self.value(index)  # a syntax error is reported as such
            raise FtzError(Diagnostic("E110", "JSON 文件应为记录的数组：[{...}, {...}]", self.shown,
                                      *self.where(index), _JSON_EXAMPLE))
        if index < len(self.text):
            raise self.fail(index, "数据结束后还有多余的内容")
        return self.finish()

    def array(self, index: int) -> int:
        index = self.skip(index + 1)
        if self.text.startswith("]", index):
            return self.skip(index + 1)
        while True:
            if self.text.startswith("{", index):
                index = self.record(index)
            else:
                start = index
                _, index = self.value(index)
                self.problems.append(Diagnostic("E110", "每条记录应为 {...} 对象", self.shown,
                                                *self.where(start), _JSON_EXAMPLE))
            index = self.skip(index)
            if self.text.startswith("]", index):
                return self.skip(index + 1)
            if not self.text.startswith(",", index):
                raise self.fail(index, "记录之间缺少逗号，或数组没有以“]”结束")
            index = self.skip(index + 1)
            if self.text.startswith("]", index):
                raise self.fail(index, "最后一条记录后面多了一个逗号", "删去“]”前面的逗号。")

    def lines(self) -> list[Raw]:
        index = self.skip(0)
        while index < len(self.text):
            if not self.text.startswith("{", index):
                raise self.fail(index, "JSON Lines 文件每行应是一条 {...} 记录")
            index = self.skip(self.record(index), _LINE_WS)
            if index < len(self.text) and self.text[index] != "\n":
                raise self.fail(index, "一行只能写一条记录", "每条记录单独一行。")
            index = self.skip(index)
        return self.finish()

    def record(self, index: int) -> int:
        """Read the object at ``index`` as a record; the index after it."""
        if len(self.raws) >= MAX_RECORDS:
            raise FtzError(Diagnostic("E307", f"记录超过 {MAX_RECORDS:,} 条", self.shown,
                                      self.where(index)[0], hint="请把文件拆成几个较小的文件分别导入。"))
        where = self.where(index)
        fields: dict[str, Any] = {}
        key_pos: dict[str, Position] = {}
        value_pos: dict[str, Position] = {}
        index = self.skip(index + 1)
        closed = self.text.startswith("}", index)
        index += closed
        while not closed:
            if not self.text.startswith('"', index):
                raise self.fail(index, "这里应是用英文双引号括起来的字段名（可能多了一个逗号）")
            key_at = self.where(index)
            key, index = self.value(index)
            index = self.skip(index)
            if not self.text.startswith(":", index):
                raise self.fail(index, "字段名后面缺少冒号“:”")
            index = self.skip(index + 1)
            value_at = self.where(index)
            value, index = self.value(index)
            self._field(key, value, key_at, value_at, fields, key_pos, value_pos)
            index = self.skip(index)
            if self.text.startswith(",", index):
                index = self.skip(index + 1)
                if self.text.startswith("}", index):
                    raise self.fail(index, "最后一个字段后面多了一个逗号", "删去“}”前面的逗号。")
            elif self.text.startswith("}", index):
                index, closed = index + 1, True
            else:
                raise self.fail(index, "字段之间缺少逗号，或记录没有以“}”结束")
        self.raws.append(_mapping_record(fields, key_pos, value_pos, where, self.shown,
                                         self.problems, self.warn))
        return index

    def _field(self, key: str, value: Any, key_at: Position, value_at: Position,
               fields: dict[str, Any], key_pos: dict[str, Position],
               value_pos: dict[str, Position]) -> None:
        if key in fields:
            self.problems.append(Diagnostic("E102", f"字段“{key}”重复出现（第 {key_pos[key][0]} 行已有）",
                                            self.shown, *key_at, "请删去或合并重复的字段。"))
            return
        for twin in self.nested_twins:
            self.problems.append(Diagnostic("E102", f"“{key}”里字段“{twin}”重复出现", self.shown,
                                            *value_at, "请删去或合并重复的字段。"))
        self.nested_twins.clear()
        fields[key], key_pos[key], value_pos[key] = value, key_at, value_at

    def finish(self) -> list[Raw]:
        if self.problems:
            raise FtzError(self.problems)
        return self.raws


_JSON_EXAMPLE = ('例如：[{"id": "trade.import-export-2021", "date": "2021-03-31", "value": 1050}]')

_READERS: dict[str, Callable[[bytes, str, Warn], list[Raw]]] = {
    "csv": _read_csv, "json": _read_json, "jsonl": _read_jsonl, "yaml": _read_yaml,
    "xlsx": _read_xlsx,
}
