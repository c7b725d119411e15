"""What the readers share: limits, field names, cell cleaning, and the record-count bound."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.parse import yamlio
from ftz_cli.parse.records import normalize_header
from ftz_cli.parse.sheet_layout import INFO_HEADERS

MAX_RECORDS = 200_000               # records in one import
MAX_ROWS = 250_000                  # sheet rows, blank ones included
MAX_COLUMNS = 500                   # sheet or CSV columns

STDIN = "标准输入"
FIELDS = ("id", "date", "value", "status", "note", "by")
HEADERS_HINT = "表头可用：指标编号（id）、日期（date）、数值（value）、状态（status）、说明（note）、填报人（by）。"
SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开，用“另存为”保存为“Excel 工作簿（.xlsx）”后再导入。"
# informational columns of ``ftz sheet`` (and a row number) are read past without a word
IGNORED = {normalize_header(h) for h in (*INFO_HEADERS, "序号")} | {
    "title", "unit", "target", "deadline", "area", "kind", "latest", "latest_date"}

Warn = Callable[[Diagnostic], None]

Position = tuple[int, int]


def check_count(count: int, shown: str, line: int | None) -> None:
    """Refuse an import once it holds more than MAX_RECORDS records."""
    if count > MAX_RECORDS:
        raise FtzError(Diagnostic("E307", f"记录超过 {MAX_RECORDS:,} 条", shown, line,
                                  hint="请把文件拆成几个较小的文件分别导入。"))


def utf8(data: bytes, shown: str) -> str:
    text, problems = yamlio.decode(data, shown)
    if text is None:
        raise FtzError(problems)
    return text


def clean(value: Any) -> Any:
    """A cell as a value: text trimmed, blank text as None."""
    if isinstance(value, str):
        value = value.replace("\u200b", "").replace("\ufeff", "").strip()
        return value or None
    return value


def header_name(value: Any) -> str:
    """指标编号, “数值（亿元）”, “日期*”, “ID” → the field name (id, value, date, id)."""
    text = re.sub(r"\s+", "", str(value)) if value is not None else ""
    text = re.sub(r"[（(][^（()）]*[)）]$|[*＊]$", "", text)
    return normalize_header(text)

