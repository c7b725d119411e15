"""A 任务分解表 (序号, 重点任务, 目标值, 牵头单位, 配合单位, 完成时限 …) as task rows, whatever
its header wording and file: .xlsx, .xls, .ods, .csv, or a table inside a Word notice (.docx).

The sheet readers are the ones ``ftz import`` uses (merged cells filled, sizes bounded);
only the header differs. A row that spans the table (一、贸易自由专班), or a merged 专班 cell,
names the area of the rows under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.importers.common import Warn, clean
from ftz_cli.importers.table import Row

# field → the header words offices use for it; the longest that a header cell holds wins
HEADERS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "area": ("专班", "领域", "类别", "板块", "工作领域", "所属专班", "所属领域", "分类"),
    "task": ("重点任务", "工作任务", "主要任务", "任务内容", "工作内容", "具体任务", "任务", "工作事项",
             "改革事项", "任务名称", "事项"),
    "target": ("目标值", "预期成效", "预期目标", "工作目标", "目标任务", "完成标准", "量化指标", "目标",
               "成效"),
    "lead": ("牵头单位", "责任单位", "牵头部门", "责任部门", "主责单位"),
    "partners": ("配合单位", "协同单位", "配合部门", "参与单位", "协办单位"),
    "deadline": ("完成时限", "时间节点", "完成时间", "时限", "进度安排", "时间安排", "完成期限"),
    "note": ("备注", "说明"),
}
_FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv",
            ".txt": "csv", ".docx": "docx"}
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])\s*")


class TaskRow(NamedTuple):
    """One task of the table, its cells by field, with the row it stands on."""

    line: int
    seq: str
    area: str
    task: str
    target: str
    lead: str
    partners: str
    deadline: Any  # text, or a date from a date cell
    note: str


def read_task_rows(file: str, data: bytes, shown: str, warn: Warn) -> list[TaskRow]:
    """The task rows of the table in ``data``; rows it cannot read go to ``warn`` (W601)."""
    kind = _FORMATS.get(Path(file).suffix.lower())
    if kind is None:
        raise FtzError(Diagnostic(
            "E601", f"不能读取“{Path(file).suffix or file}”格式的任务分解表", shown,
            hint="任务分解表可以是 .xlsx、.xls、.ods、.csv，或含表格的 Word 文件（.docx）。"))
    for rows in _tables(kind, data, shown, warn):
        found = _header(rows)
        if found is not None:
            at, columns = found
            _unknown_columns(rows[at], columns, shown, warn)
            return list(_tasks(rows[at + 1:], columns, shown, warn))
    raise FtzError(Diagnostic(
        "E601", "找不到任务分解表的表头（需有“重点任务”或“工作任务”等列）", shown,
        hint="表头可用：" + "；".join(f"{'/'.join(words[:3])}" for words in HEADERS.values())))


def _tables(kind: str, data: bytes, shown: str, warn: Warn) -> Iterable[Sequence[Row]]:
    if kind == "xlsx":
        from ftz_cli.importers.excel import xlsx_rows

        return [xlsx_rows(data, shown)]
    if kind in ("xls", "ods"):
        from ftz_cli.importers.calamine import sheet_rows

        return [sheet_rows(data, shown, kind)]
    if kind == "csv":
        from ftz_cli.importers.table import csv_rows

        return [list(csv_rows(data, shown, warn))]
    from ftz_cli.importers.document import docx_tables

    return docx_tables(data, shown)


def _field(cell: Any) -> str | None:
    text = re.sub(r"\s+", "", str(clean(cell) or ""))
    if not text or len(text) > 20:
        return None
    best = max(((len(word), field) for field, words in HEADERS.items() for word in words
                if word in text), default=None)
    return best[1] if best else None


def _header(rows: Sequence[Row]) -> tuple[int, dict[int, str]] | None:
    """The index of the header row among the first rows, and its columns by field."""
    for index, (_, cells) in enumerate(rows[:10]):
        columns: dict[int, str] = {}
        for column, cell in enumerate(cells):
            field = _field(cell)
            if field is not None and field not in columns.values():
                columns[column] = field
        if "task" in columns.values() and len(columns) >= 2:
            return index, columns
    return None


def _unknown_columns(header: Row, columns: dict[int, str], shown: str, warn: Warn) -> None:
    line, cells = header
    for column, cell in enumerate(cells):
        text = clean(cell)
        if text is not None and column not in columns and text not in [cells[c] for c in columns]:
            warn(Diagnostic("W601", f"不认识的列“{text}”，这一列不会读入计划", shown, line, column + 1,
                            "可识别的列：序号、专班/领域、重点任务、目标值、牵头单位、配合单位、完成时限、备注。",
                            "warning"))


def _tasks(rows: Sequence[Row], columns: dict[int, str], shown: str, warn: Warn) -> Iterable[TaskRow]:
    heading = ""
    for line, cells in rows:
        by_field = {field: clean(cells[c]) if c < len(cells) else None for c, field in columns.items()}
        texts = {str(v) for v in (clean(c) for c in cells) if v is not None}
        if not texts:
            continue
        across = all(clean(c) in texts for c in cells)  # a merged row, as Word repeats it
        if len(texts) == 1 and (by_field.get("task") is None or across):
            heading = _NUMBERING.sub("", texts.pop())  # 一、贸易自由专班: a row across the table
            continue
        task = str(by_field.get("task") or "").strip()
        if not task:
            warn(Diagnostic("W601", "这一行没有任务内容，已跳过", shown, line, None,
                            "每行一项任务；分组标题行请只填一格。", "warning"))
            continue
        text = {f: str(by_field.get(f) or "").strip() for f in ("seq", "target", "lead", "partners", "note")}
        area = str(by_field.get("area") or heading).strip()
        yield TaskRow(line, text["seq"], _NUMBERING.sub("", area), task, text["target"], text["lead"],
                      text["partners"], by_field.get("deadline"), text["note"])
