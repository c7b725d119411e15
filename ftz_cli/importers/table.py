"""Rows under a header row, from CSV here and from Excel in ``excel``, as records."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.importers.common import (
    FIELDS,
    HEADERS_HINT,
    IGNORED,
    MAX_COLUMNS,
    Warn,
    check_count,
    clean,
    header_name,
    monthly_as_value,
    value_unit,
)
from ftz_cli.parse import yamlio
from ftz_cli.parse.fields import TEXTS, normalize_header
from ftz_cli.parse.fields import label as field_label
from ftz_cli.parse.records import Raw
from ftz_cli.parse.shown import LATEST, LATEST_DATE


@dataclass(frozen=True, slots=True)
class UncachedFormula:
    """A formula cell whose file holds no computed value (saved by a program, never by Excel)."""

    formula: str


Row = tuple[int, Sequence[Any]]  # line or sheet row, then the cells from column 1


class Table:
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
        self.passed: list[int] = []  # 合计/小计 rows, and rows whose figure is "—"
        self.read_only: dict[int, str] = {}  # columns ftz fills (最新值, 最新日期): checked on import
        self.value_unit = ""  # 数值（万元）: the unit of the numbers in the value column
        self.monthly = False  # 数值（当月）, 当月值: the value column holds the month's figures

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
            check_count(len(raws), self.shown, line)
        self._report_date_only()
        self._report_passed()
        return raws

    def _header(self, rows: Iterator[Row]) -> None:
        """Find the header row (a title or two above it are passed over) and map its columns."""
        passed: list[Row] = []
        for line, cells in rows:
            if all(clean(c) is None for c in cells):
                continue
            names = [header_name(c) for c in cells[:MAX_COLUMNS]]
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
            + "第一行应为表头。" + HEADERS_HINT))

    def _map_columns(self, line: int, cells: Sequence[Any], names: list[str]) -> None:
        self.width = len(names)
        names = monthly_as_value(names)
        for column, (cell, name) in enumerate(zip(cells, names, strict=False), start=1):
            if name:
                self.named.add(column)
            if name in FIELDS:
                twin = next((c for c, n in self.columns.items() if n == name), None)
                if twin is None:
                    self.columns[column] = name
                    if name == "value":
                        self._value_unit(cell, line, column)
                    continue
                self.problems.append(_twin(clean(cells[twin - 1]), clean(cell), name, self.shown, (line, column), twin))
            elif name in READ_ONLY:
                self.read_only[column] = READ_ONLY[name]
            elif name and name not in IGNORED:
                self.warn(Diagnostic(
                    "W202", f"未知的列“{clean(cell)}”，这一列的内容不会导入", self.shown, line,
                    column, HEADERS_HINT + "如只是备注，可以忽略此警告。", "warning"))
        missing = [n for n in ("id", "date") if n not in self.columns.values()]
        if not {"value", "status", "verdict"} & set(self.columns.values()):  # a verdict: 认定 (ftz verdict)
            missing.append("value")
        labels = {"id": "指标编号（id）", "date": "日期（date）", "value": "数值（value）或状态（status）"}
        for name in missing:
            self.problems.append(Diagnostic("E302", f"表头缺少“{labels[name]}”列", self.shown, line, 1,
                                            HEADERS_HINT))

    def _value_unit(self, cell: Any, line: int, column: int) -> None:
        self.value_unit, self.monthly, problem = value_unit(cell, self.shown, (line, column))
        if problem is not None:
            self.problems.append(problem)

    def _record(self, line: int, cells: Sequence[Any]) -> Raw | None:
        fields: dict[str, Any] = {}
        positions: dict[str, tuple[int | None, int | None]] = {}
        uncached = False
        for column, name in self.columns.items():
            value = clean(cells[column - 1]) if column <= len(cells) else None
            if isinstance(value, UncachedFormula):
                self.warn(_uncached(value, line, column, self.shown))
                uncached = True
            fields[name] = self.date_cell(value) if name == "date" else value
            positions[name] = (line, column)
        if not self._check_width(line, cells) or uncached:
            return None  # said above; the other rows are still read, so that every problem is told at once
        if _no_record(fields):
            self.passed.append(line)  # a 合计 row, or "—" for no figure: not a record
            return None
        shown = self._shown(line, cells)
        if all(fields.get(n) is None for n in ("value", "status", "note", *TEXTS)):
            if fields.get("date") is not None and fields.get("id") is not None:
                self.date_only.append(line)  # a date filled down the sheet, nothing else
            if not shown or fields.get("id") is None:
                return None
            return Raw(fields, self.shown, line, None, positions, shown=shown, blank=True)
        return Raw(fields, self.shown, line, None, positions, unit=self.value_unit,
                   monthly=self.monthly, shown=shown)

    def _shown(self, line: int, cells: Sequence[Any]) -> tuple[tuple[str, Any, int, int], ...]:
        """The row's cells in the columns ftz fills, for the import to check (E233)."""
        found = []
        for column, label in self.read_only.items():
            value = clean(cells[column - 1]) if column <= len(cells) else None
            if value is not None:
                found.append((label, self.date_cell(value) if label == LATEST_DATE else value, line, column))
        return tuple(found)

    def _check_width(self, line: int, cells: Sequence[Any]) -> bool:
        """Content under no header: a broken CSV row (False: its cells cannot be trusted), or a
        column someone forgot to name."""
        for column, value in enumerate(cells, start=1):
            if column in self.named or clean(value) is None:
                continue
            if self.strict_width and column > self.width:
                self.warn(Diagnostic(
                    "E305", f"这一行有 {len(cells)} 格，比表头的 {self.width} 列多", self.shown, line,
                    column, "数值里的千分位逗号会把一格拆成两格：请写成 3500，或给数值加英文双引号"
                    "（\"3,500\"）；说明里有英文逗号时也要整格加双引号。"))
                return False
            self.warn(Diagnostic(
                "W202", f"第 {column} 列没有表头，这一列的内容不会导入", self.shown, line, column,
                "如需导入，请给这一列加上表头。" + HEADERS_HINT, "warning"))
        return True

    def _report_passed(self) -> None:
        if self.passed:
            self.warn(Diagnostic(
                "W232", f"跳过 {len(self.passed)} 行合计、小计或数值为“—”的行（第 {_rows(self.passed)} 行）",
                self.shown, self.passed[0], None,
                "这些行不是某项指标的进度，不会录入；若某行确有数据，请在“数值”或“状态”列填写实际内容。",
                "warning"))

    def _report_date_only(self) -> None:
        if not self.date_only:
            return
        shown = "、".join(str(n) for n in self.date_only[:10]) + ("……" if len(self.date_only) > 10 else "")
        self.warn(Diagnostic(
            "W302", f"有 {len(self.date_only)} 行只填了日期，没有数值、状态或说明，已跳过（第 {shown} 行）",
            self.shown, self.date_only[0], None,
            "如果这些行本该录入，请补上数值（数量型指标）或状态（节点）后再导入一次。", "warning"))


def _twin(first: Any, second: Any, name: str, shown: str, where: tuple[int, int], twin: int) -> Diagnostic:
    """E308: two columns for one field (说明 and 备注 are both the note)."""
    hint = "请删去其中一列，或改成其他列名。"
    if name in ("note", *TEXTS):  # words: deleting either column would lose what was typed in it
        hint = (f"两列都会作为{field_label(name)}导入，只能保留一列：请把“{second}”列的内容并入“{first}”列"
                f"（或反过来），再删去多余的一列。")
    return Diagnostic("E308", f"“{second}”列与第 {twin} 列“{first}”都是{field_label(name)}，重复了", shown, *where, hint)


def _rows(lines: list[int]) -> str:
    return "、".join(str(n) for n in lines[:10]) + ("……" if len(lines) > 10 else "")


READ_ONLY = {normalize_header(LATEST): LATEST, "latest": LATEST, normalize_header(LATEST_DATE): LATEST_DATE,
             "latest_date": LATEST_DATE}
TOTALS = ("合计", "小计", "总计")
DASHES = frozenset({"—", "——", "-", "--", "－", "/", "／"})


def _no_record(fields: dict[str, Any]) -> bool:
    """A row that is no record: a total (合计 in the id column), or a figure given as "—"."""
    ident = str(fields.get("id") or "").replace(" ", "").replace("\u3000", "")
    if ident in DASHES or any(ident.startswith(word) for word in TOTALS):
        return True
    given = [fields.get(n) for n in ("value", "status") if fields.get(n) is not None]
    return bool(given) and all(str(v) in DASHES for v in given)


def _uncached(cell: UncachedFormula, line: int, column: int, shown: str) -> Diagnostic:
    return Diagnostic("E309", f"这一格是公式“{cell.formula}”，但文件里没有保存它的计算结果",
                      shown, line, column,
                      "请在 Excel 或 WPS 中打开这个文件并保存一次（会自动计算），或把公式改成数值后再导入。")


def read_csv(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    return Table(shown, warn, strict_width=True).records(csv_rows(data, shown, warn))


def csv_rows(data: bytes, shown: str, warn: Warn) -> Iterator[Row]:
    """The rows of a CSV file (UTF-8, UTF-16 or GBK; comma, tab or semicolon) with their lines."""
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

    return rows()


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
