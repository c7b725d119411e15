"""Numbers as people write them (3,500 / 3500亿元 / 1.2万 / ３５００) and unit conversion."""

from __future__ import annotations

import math
import re

from ftz_cli.core.errors import shorten

# unit -> (family, factor to the family's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0), "万元": ("money", 1e4), "亿元": ("money", 1e8),
    "万亿元": ("money", 1e12),
    "户": ("households", 1.0), "万户": ("households", 1e4),
    "单": ("orders", 1.0), "万单": ("orders", 1e4),
    "个": ("pieces", 1.0), "万个": ("pieces", 1e4),
    "家": ("firms", 1.0), "万家": ("firms", 1e4),
    "人": ("people", 1.0), "万人": ("people", 1e4),
    "项": ("items", 1.0), "组": ("pairs", 1.0), "件": ("things", 1.0),
    "笔": ("transactions", 1.0), "万笔": ("transactions", 1e4),
    "平方公里": ("area", 1.0), "%": ("percent", 1.0),
    # units of next years' tables: 压缩至2小时以内, 办结时间3个工作日, 新增10万标箱
    "小时": ("hours", 1.0), "天": ("days", 1.0), "个工作日": ("workdays", 1.0),
    "次": ("times", 1.0), "批": ("batches", 1.0), "条": ("lines", 1.0), "座": ("buildings", 1.0),
    "吨": ("tons", 1.0), "万吨": ("tons", 1e4), "标箱": ("teu", 1.0), "万标箱": ("teu", 1e4),
}
# A bare multiplier after a number: "1.2万" is 12,000 of the target's base unit ("1.2万" of 个,
# "350亿" of 亿元, "5000亿" of 万亿元), unless it could also be read as a multiple of the
# target's unit: on a 亿元 target "1.2万" may mean 1.2万元 or 1.2万亿元, so it is refused.
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "万亿": 1e12}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
_NUMBER_CHARS = re.compile(r"[\d.,]")
_NUMBER = re.compile(r"([+-]?(?:\d+(?:,\d{3})*|\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(.*)")


class ValueProblem(ValueError):
    """A value that cannot be recorded; ``code`` is the stable diagnostic code."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def parse_value(raw: object, unit: str) -> float:
    """The value of ``raw`` in ``unit`` (the target's unit); raises ValueProblem."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number, written = _float(raw), ""
    elif isinstance(raw, str):
        number, written = _split(raw)
    else:  # true, a date, a list: never a Python representation in the message
        from ftz_cli.parse.schema import describe

        raise ValueProblem("E204", f"数值应为数字，现在是{describe(raw)}", "请填写数字，例如 3500。")
    if math.isnan(number) or math.isinf(number):
        raise _not_finite(raw)
    if number < 0:
        raise ValueProblem("E206", f"数值“{raw}”为负数", "进度数值不能为负，请检查是否多写了负号。")
    if written:
        number = convert(number, written, unit, raw)
        if math.isinf(number):  # 1e305万亿元: finite as written, not once converted
            raise _not_finite(raw)
    _check_bound(number, unit, raw)
    return number + 0.0  # "-0" is 0, never shown as "-0.0%"


# what a plan can mean, in a family's base unit: 10^15 元 is ten times China's yearly GDP
_MAX_BASE = 1e15
_MAX_BY_FAMILY = {"percent": 1e4}


def within_bound(number: float, unit: str) -> bool:
    """Whether ``number`` (in ``unit``) is a figure a plan can mean (else E230)."""
    family, factor = UNITS.get(unit, ("", 1.0))
    return number * factor <= _MAX_BY_FAMILY.get(family, _MAX_BASE)


def _check_bound(number: float, unit: str, raw: object) -> None:
    family, factor = UNITS.get(unit, ("", 1.0))
    limit = _MAX_BY_FAMILY.get(family, _MAX_BASE)
    if not within_bound(number, unit):
        shown = shorten(str(raw)) if isinstance(raw, str) else f"{number:g}"
        raise ValueProblem("E230", f"数值“{shown}”大得不合常理（超过 {limit / factor:,.0f}{unit}）",
                           "请检查是否多写了零、写错了单位或小数点。")


def _float(number: int | float) -> float:
    try:
        return float(number)
    except OverflowError:  # an integer of hundreds of digits
        return math.inf


def _not_finite(raw: object) -> ValueProblem:
    try:
        shown = shorten(str(raw))
    except ValueError:  # an integer of more digits than Python will print
        shown = "……"
    return ValueProblem("E205", f"数值“{shown}”不是有限数或大得无法计算",
                        "请填写实际的数字，检查是否多写了零或写错了单位。")


def _split(raw: str) -> tuple[float, str]:
    text = raw.strip().translate(_FULLWIDTH).replace(" ", "")
    if text.lower() in {"nan", "inf", "+inf", "-inf", "infinity", "-infinity"}:
        return float(text), ""
    match = _NUMBER.fullmatch(text)
    # what follows the number is a unit, never more digits: "1,2345" and "1.2.3" are typos
    if (not match or not match.group(1) or match.group(1) in {"+", "-", "."}
            or _NUMBER_CHARS.search(match.group(2))):
        raise ValueProblem("E204", f"无法识别数值“{raw}”",
                           "请填写数字，可以带单位，例如 3500、3,500、3500亿元、1.2万。")
    return float(match.group(1).replace(",", "")), match.group(2)


def convert(number: float, written: str, unit: str, raw: object = "") -> float:
    """``number`` of ``written`` (a unit or a bare 万/亿) expressed in ``unit``."""
    family, factor = UNITS.get(unit, ("", 1.0))
    if written in _MULTIPLIERS:
        if _MULTIPLIERS[written] < factor and written + unit in UNITS:
            shown = clean_number(number)
            raise ValueProblem("E203", f"数值“{raw}”只写了“{written}”，没写单位",
                               f"这项指标的单位是“{unit}”，请写明是 {shown}{written}{unit}，"
                               f"还是 {shown}{written}{_base_unit(family)}。")
        return _scaled(number, _MULTIPLIERS[written], factor)
    if written == unit:
        return number
    if written not in UNITS:
        raise ValueProblem("E203", f"数值“{raw}”中的单位“{written}”无法识别",
                           f"这项指标的单位是“{unit}”，请只填数字，或写成“{unit}”。")
    written_family, written_factor = UNITS[written]
    if written_family != family:
        raise ValueProblem("E203", f"单位是“{unit}”，不能填入“{written}”",
                           f"请换算成“{unit}”后再填写。")
    return _scaled(number, written_factor, factor)


def _scaled(number: float, by: float, per: float) -> float:
    """number × by ÷ per, exact in decimal: 356000万元 is 35.6亿元, not 35.599999999999994."""
    from decimal import Decimal, InvalidOperation

    try:
        return float(Decimal(repr(number)) * Decimal(repr(by)) / Decimal(repr(per)))
    except (InvalidOperation, OverflowError):
        return number * by / per


def _base_unit(family: str) -> str:
    return next(name for name, (fam, factor) in UNITS.items() if fam == family and factor == 1)


def number_and_unit(raw: str) -> tuple[float, str] | None:
    """The number and what is written after it ("1050万元" → 1050.0, "万元"), or None."""
    try:
        return _split(raw)
    except ValueProblem:
        return None


def bare_number(raw: object) -> bool:
    """Whether ``raw`` is a number with no unit written after it (1850, "1,850", not "1850亿元")."""
    if isinstance(raw, bool):
        return False
    if isinstance(raw, (int, float)):
        return True
    if not isinstance(raw, str):
        return False
    try:
        return _split(raw)[1] == ""
    except ValueProblem:
        return False


def clean_number(value: float) -> int | float:
    """3500.0 → 3500, keeping real fractions; for JSON and YAML output."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) and abs(rounded) < 2**53 else rounded


def storable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (a lone surrogate from JSON's "\\ud800" cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
