"""What the readers share: limits, field names, cell cleaning, and the record-count bound."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.parse import yamlio
from ftz_cli.parse.fields import MONTHLY, MONTHLY_VALUE, normalize_header
from ftz_cli.parse.sheet_layout import INFO_HEADERS

MAX_RECORDS = 200_000               # records in one import
MAX_ROWS = 250_000                  # sheet rows, blank ones included
MAX_COLUMNS = 500                   # sheet or CSV columns

STDIN = "标准输入"
FIELDS = ("id", "date", "value", "status", "note", "by", "unit", "outlook", "progress_note", "problems",
          "next_steps", "evidence", "verdict", "carried_into")
HEADERS_HINT = "表头可用：指标编号（id）、日期（date）、数值（value）、状态（status）、说明（note）、填报人（by）。"
SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开，用“另存为”保存为“Excel 工作簿（.xlsx）”后再导入。"
# informational columns of ``ftz sheet`` (and a row number) are read past without a word
IGNORED = {normalize_header(h) for h in (*INFO_HEADERS, "序号", "指标名称", "事项名称", "责任单位")} | {
    MONTHLY_VALUE, "title", "target", "deadline", "area", "kind", "latest", "latest_date"}

# a warning, or the error of one row that cannot be read (the other rows are still read)
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
    """指标编号, “数值（亿元）”, “日期*”, “日期：”, “ID” → the field name (id, value, date, date, id)."""
    text = re.sub(r"\s+", "", str(value)) if value is not None else ""
    text = re.sub(r"[*＊:：]+$", "", text)
    text = re.sub(r"(?:[（(][^（()）]*[)）]|【[^【】]*】|\[[^\[\]]*\])$", "", text)
    return normalize_header(text)


def heads_records(rows: Iterable[Sequence[Any]]) -> bool:
    """Whether a sheet's first rows (ten at most are looked at) hold an id column (指标编号):
    the sheet to read when a workbook has no sheet named 进度填报."""
    return any(header_name(cell) == "id" for row in itertools.islice(rows, 10)
               for cell in row[:MAX_COLUMNS] if isinstance(cell, str))


_SUFFIX = re.compile(r"(?:[（(]([^（()）]*)[)）]|【([^【】]*)】|\[([^\[\]]*)\])[*＊:：]*$")
MONTHLY_WORDS = ("当月", "本月", "单月", "月度", "月报")
_NOT_A_UNIT = ("累计", "填", "必", "选", "注", "说明", "年", "cumulative", "required", "optional")


def header_unit(value: Any) -> str:
    """The unit in a value column's header: “数值（万元）” → 万元, “value(亿元)” → 亿元.

    "" when there is none or the brackets hold words (累计, 必填); MONTHLY for 当月 and the
    like; the text itself otherwise, for the record check to refuse as an unknown unit.
    """
    from ftz_cli.parse.values import UNITS

    match = _SUFFIX.search(re.sub(r"\s+", "", str(value)) if value is not None else "")
    if not match:
        return ""
    text = next(g for g in match.groups() if g is not None).replace("％", "%")
    text = text.removeprefix("单位:").removeprefix("单位：")
    if any(word in text for word in MONTHLY_WORDS):
        return MONTHLY
    if text in UNITS or text in ("万", "亿", "万亿"):
        return text
    if not text or any(word in text.lower() for word in _NOT_A_UNIT):
        return ""
    return text


def monthly_as_value(names: list[str]) -> list[str]:
    """A column of the month's figures (当月值) is the value column when there is no other, and
    its records are checked as monthly; beside a cumulative one (累计值) it is read past."""
    if "value" in names or MONTHLY_VALUE not in names:
        return names
    at = names.index(MONTHLY_VALUE)
    return [*names[:at], "value", *names[at + 1:]]


def value_unit(header: Any, shown: str, where: Position) -> tuple[str, bool, Diagnostic | None]:
    """The unit a value column's header gives its numbers, whether they are the month's
    figures (数值（当月）, 当月值), or the problem with the header (E311)."""
    from ftz_cli.parse.values import UNITS

    unit = header_unit(header)
    monthly = unit == MONTHLY or header_name(header) == MONTHLY_VALUE
    if unit == MONTHLY:
        return "", True, None
    if unit in ("", "万", "亿", "万亿") or unit in UNITS:
        return unit, monthly, None
    return "", monthly, Diagnostic(
        "E311", f"表头“{clean(header)}”中的单位“{unit}”无法识别", shown, *where,
        "括号里写明数值的单位，如“数值（万元）”“数值（亿元）”“数值（个）”；"
        "数值已按指标的单位填写时，把括号去掉。")
