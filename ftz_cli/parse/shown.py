"""The read-only columns of the fill-in sheet (最新值, 最新日期) on the way back.

``ftz sheet`` fills them (grey, locked) with the latest record it knew; ``ftz import`` reads
past them. A value there that no record has is a department's new figure typed into the
wrong column: refused (E233), never dropped in silence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.model import Item, Update
from ftz_cli.parse.dates import DateError, cn_date, parse_date
from ftz_cli.parse.records import Raw
from ftz_cli.parse.values import ValueProblem, clean_number, parse_value

__all__ = ["LATEST", "LATEST_DATE", "check_shown", "shown_day"]

LATEST, LATEST_DATE = "最新值", "最新日期"


def check_shown(raw: Raw, item: Item | None, records: Sequence[Update]) -> list[Diagnostic]:
    """E233 when the row's 最新值 is not what was recorded for the item on its 最新日期."""
    cells = {label: (value, line, column) for label, value, line, column in raw.shown}
    if item is None or LATEST not in cells:
        return []
    said, line, column = cells[LATEST]
    day = shown_day(raw)
    if any(u.date == day and _same(item, u, said) for u in records):
        return []
    where = f"{cn_date(day)}的" if day else ""
    return [Diagnostic(
        "E233", f"“{LATEST}”列是 ftz 填写的只读列（灰色），其中的“{_text(said)}”不是指标 {item.id} "
        f"已录入的{where}数据，不会录入", raw.path, line, column,
        f"“{_text(said)}”如是新数据，请改填在黄色的“数值”列（节点和定性目标填“状态”列）并填写“日期”；"
        f"“{LATEST}”“{LATEST_DATE}”两列请保持 ftz 填写的原样。")]


def shown_day(raw: Raw) -> dt.date | None:
    """The date in the row's 最新日期 (None: none, or not a date): the records on it are
    those ``check_shown`` compares with."""
    cells = {label: value for label, value, *_ in raw.shown}
    return _day(cells[LATEST_DATE]) if LATEST_DATE in cells else None


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(value, bounded=False)
    except (DateError, TypeError, ValueError):
        return None


def _same(item: Item, update: Update, said: Any) -> bool:
    if not item.quantitative:
        return _text(said) == (update.status or "")
    if update.value is None:
        return False
    try:
        value = parse_value(said, item.unit)
    except ValueProblem:
        return False
    return clean_number(value) == clean_number(update.value)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
