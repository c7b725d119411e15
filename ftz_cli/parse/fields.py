"""A record's fields and what sheets call them: the names the readers (record files,
sheets, the CLI) give the one checker (``records.check``)."""

from __future__ import annotations

import functools
from typing import Any

MONTHLY = "当月"  # a value column headed 数值（当月）: the month's figure, not the year's
MONTHLY_VALUE = "monthly_value"  # a column of the month's figures: 当月值, 本月完成

FIELDS = ("id", "date", "value", "status", "note", "by", "recorded_at", "replace", "input",
          "progress_note", "problems", "next_steps", "verdict", "carried_into",
          "confirmed", "outlook")
TEXTS = ("progress_note", "problems", "next_steps")  # the optional 进展情况, 存在问题, 下步计划
# what was typed is what is stored: these are read from YAML as the text typed, never as
# YAML's numbers, booleans or dates ("by: on", "note: 9:30"); ``value`` then goes through
# the command line's value parser ("value: 0100" is a hundred)
TEXT_FIELDS = ("note", "by", "status", "input", "verdict", "carried_into", "outlook", *TEXTS)
TYPED_FIELDS = (*TEXT_FIELDS, "value", MONTHLY_VALUE)
HEADER_ALIASES = {
    "指标编号": "id", "编号": "id", "日期": "date", "数据日期": "date", "数值": "value",
    "完成值": "value", "状态": "status", "进展": "status", "说明": "note", "备注": "note",
    "填报人": "by", "录入时间": "recorded_at", "单位": "unit", "计量单位": "unit",
    "进展情况": "progress_note", "工作进展": "progress_note", "存在问题": "problems",
    "问题": "problems", "下步计划": "next_steps", "下一步计划": "next_steps",
    "下步工作计划": "next_steps", "下一步工作": "next_steps", "下步工作": "next_steps",
    "累计值": "value", "累计数": "value", "本年累计": "value", "累计完成": "value",
    "年度累计": "value", "实际完成": "value", "完成数": "value", "当前值": "value",
    "本年累计值": "value", "累计完成值": "value", "截至日期": "date", "数据截至日期": "date",
    "统计日期": "date", "统计截至日期": "date",
    "预计完成情况": "outlook", "全年预期": "outlook", "预计完成": "outlook",
    "佐证材料": "evidence", "佐证": "evidence", "证明材料": "evidence",  # file names: see commands/closure
    "认定": "verdict", "认定结果": "verdict", "转入": "carried_into", "转入事项": "carried_into",
    "转入年度任务": "carried_into", "reason": "note", "理由": "note", "认定理由": "note",
    "当月值": MONTHLY_VALUE, "本月值": MONTHLY_VALUE, "当月完成": MONTHLY_VALUE,
    "本月完成": MONTHLY_VALUE, "当月数": MONTHLY_VALUE, "本月数": MONTHLY_VALUE,
    "当月": MONTHLY_VALUE, "本月": MONTHLY_VALUE,
}


# what a message calls a field: the first header a sheet gives it (日期 for date)
_LABELS: dict[str, str] = {}
for _header, _name in HEADER_ALIASES.items():
    _LABELS.setdefault(_name, _header)


def label(name: str) -> str:
    """A field as a message names it: 日期（date）; the key, quoted, where no sheet heads it."""
    shown = _LABELS.get(name)
    return f"{shown}（{name}）" if shown else f"“{name}”"


def text(value: Any) -> str:
    """A field's value as the text stored: stripped; a whole float without its ".0"."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # NaN and inf are not
        value = int(value)
    return str(value).strip()


def normalize_header(name: Any) -> str:
    shown = text(name)
    return HEADER_ALIASES.get(shown, shown.lower())


@functools.lru_cache(maxsize=256)
def typed_field(key: Any) -> bool:
    """Whether a record's field is read as the text typed (see TYPED_FIELDS); asked of every
    key of every record written in the block form."""
    return normalize_header(key) in TYPED_FIELDS
