"""Chinese formatting for briefings: numbers in the document's units, percentages, numbering.

Pure functions, registered as Jinja filters by ``render``; the conventions come from
GB/T 9704-2012 (numbering) and from how the source document writes its figures.
"""

from __future__ import annotations

import datetime as dt

from ftz_cli.core.model import KIND_LABELS, Item
from ftz_cli.core.outlook import FORECAST, UNKNOWN, Outlook
from ftz_cli.core.rounding import ratio, tenths
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date

__all__ = [
    "cn_date", "cn_number", "cn_ordinal", "cn_target", "cn_week", "days_left_text", "gb_number",
    "outlook_line", "pct", "points", "projection_text", "ratio", "shortfall_text", "target_text",
    "tenths", "unit_view_text",
]

_DIGITS = "零一二三四五六七八九"


def cn_number(value: float | None, unit: str = "", decimals: int = 2, missing: str = "—") -> str:
    """3500 → "3500亿元", 1.2 → "1.2万户", 30.10 → "30.1亿元": no spurious decimals.

    Official texts write figures without thousands separators and keep the unit the plan
    uses; at most ``decimals`` places, trailing zeros dropped.
    """
    if value is None:
        return missing
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text + unit


def cn_target(value: float | None, unit: str = "", comparator: str = ">=") -> str:
    """A target as the document states it: ">" → "超3500亿元", ">=" → "120个以上", "<=" → "2小时以内"."""
    if value is None:
        return "—"
    number = cn_number(value, unit)
    if comparator == ">":
        return "超" + number
    if comparator == ">=":
        return number + "以上"
    if comparator == "<=":
        return number + "以内"
    if comparator == "<":
        return "低于" + number
    return number


def target_text(item: Item) -> str:
    """An item's target in the document's own words (建设5组, 超3500亿元), else derived."""
    if item.wording:
        return item.wording
    if item.quantitative:
        return cn_target(item.target, item.unit, item.comparator)
    return KIND_LABELS[item.kind]


def shortfall_text(p: Progress) -> str:
    """What is missing once time is up: 未完成年度目标，差2个 (年度 when due at a year's end)."""
    target = "年度目标" if (p.item.deadline.month, p.item.deadline.day) == (12, 31) else "目标"
    if p.shortfall is None:
        return f"未完成{target}"
    if p.shortfall == 0:  # exactly the figure of a target to exceed (超3500亿元): nothing to subtract
        return f"未完成{target}，差（需超过{cn_number(p.item.target, p.item.unit)}）"
    return f"未完成{target}，差{cn_number(p.shortfall, p.item.unit)}"


def projection_text(item: Item, o: Outlook) -> str:
    """按目前进度预计3878.5亿元、完成110.8%, or 无法预计: a forecast, never stated as a fact."""
    if o.projection is None or o.projected_completion is None:
        return UNKNOWN
    return f"{FORECAST}{cn_number(o.projection, item.unit, 1)}、完成{pct(o.projected_completion)}"


def unit_view_text(o: Outlook) -> str:
    """单位预计能完成 / 单位预计有难度 / 单位预计不能完成 ('' when the unit said nothing)."""
    return f"单位预计{o.unit_view}" if o.unit_view else ""


def outlook_line(item: Item, o: Outlook) -> str:
    """全年预期 in one line, for ``show``: the class, the projection, the unit's own view."""
    parts = [o.label]
    if item.quantitative and o.code not in ("done", "awaiting_verdict"):
        parts.append(projection_text(item, o))
    if o.unit_view:
        parts.append(unit_view_text(o))
    return "全年预期：" + "，".join(parts)


def days_left_text(p: Progress) -> str:
    """今日到期, 3天后到期, 已逾期5天; 长期坚持 for an item with no deadline to miss."""
    if p.item.ongoing:
        return "长期坚持"
    if p.days_left == 0:
        return "今日到期"
    if p.days_left > 0:
        return f"{p.days_left}天后到期"
    return f"已逾期{-p.days_left}天"


def _tenths_text(count: int) -> str:
    sign = "-" if count < 0 else ""
    whole, part = divmod(abs(count), 10)
    return f"{sign}{whole}.{part}"


def pct(fraction: float | None, missing: str = "—") -> str:
    """0.863 → "86.3%" (one decimal, as briefings print them)."""
    if fraction is None:
        return missing
    return _tenths_text(tenths(fraction)) + "%"


def points(fraction: float | None, missing: str = "—") -> str:
    """A difference of two fractions: 0.196 → "19.6个百分点"."""
    if fraction is None:
        return missing
    return _tenths_text(tenths(fraction)) + "个百分点"


def cn_ordinal(number: int) -> str:
    """1 → "一", 10 → "十", 12 → "十二", 20 → "二十", 105 → "一百零五" (up to 9999)."""
    if not 0 < number < 10000:
        raise ValueError(f"cannot write {number} as a Chinese ordinal")
    if number < 10:
        return _DIGITS[number]
    if number < 20:  # 十, 十一 … 十九: the leading 一 is not written
        return "十" + (_DIGITS[number - 10] if number > 10 else "")
    text = ""
    zero = False
    for power, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // power % 10
        if digit:
            if zero and text:
                text += "零"
            text += _DIGITS[digit] + name
            zero = False
        else:
            zero = True
    return text


def gb_number(number: int, level: int = 1) -> str:
    """Section numbers of GB/T 9704: level 1 "一、", 2 "（一）", 3 "1.", 4 "（1）"."""
    if level == 1:
        return cn_ordinal(number) + "、"
    if level == 2:
        return f"（{cn_ordinal(number)}）"
    if level == 3:
        return f"{number}."
    if level == 4:
        return f"（{number}）"
    raise ValueError(f"numbering level {level} is not one of 1–4")


def cn_week(day: dt.date) -> str:
    """The ISO week (Monday first) holding ``day``: "2021年第10周（3月8日—3月14日）"."""
    year, week, weekday = day.isocalendar()
    monday = day - dt.timedelta(days=weekday - 1)
    sunday = monday + dt.timedelta(days=6)

    def short(d: dt.date) -> str:
        return f"{d.month}月{d.day}日" if d.year == year else cn_date(d)

    return f"{year}年第{week}周（{short(monday)}—{short(sunday)}）"
