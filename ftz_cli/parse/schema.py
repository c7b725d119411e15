"""Checking one YAML mapping against a table of fields, collecting every problem."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from ftz_cli.core.errors import Diagnostic
from ftz_cli.parse.ytree import YList, YMap

ID_PATTERN = re.compile(r"[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+")

_TYPE_NAMES = {
    "str": "文字", "int": "整数", "number": "数字", "date": "日期（YYYY-MM-DD）",
    "map": "映射（字段: 值）", "list": "列表（- 开头的各项）", "id": "编号", "any": "值",
    "bool": "true 或 false",
}


def _is(kind: str, value: Any) -> bool:
    if kind in ("str", "id"):
        return isinstance(value, str) and value.strip() != ""
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "map":
        return isinstance(value, YMap)
    if kind == "list":
        return isinstance(value, YList)
    return True


def _finite(number: float) -> bool:
    try:
        return math.isfinite(number)
    except OverflowError:  # an integer of hundreds of digits
        return False


def describe(value: Any) -> str:
    """What a YAML (or JSON) value is, in words: 列表, 映射, 空值, 布尔值 true, 数字 3, “text”."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {'true' if value else 'false'}"
    if isinstance(value, dict):  # a YMap, or a JSON object
        return "映射"
    if isinstance(value, list):  # a YList, or a JSON array
        return "列表"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"日期 {value}"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    return f"“{value}”"


def unknown_field(what: str, key: Any) -> str:
    """The message for a key no field has: “key”, or, for a key YAML reads as other than
    text (``null:``, ``true:``, ``2021-03-31:``), what it reads as."""
    if isinstance(key, str):
        return f"{what}中有未知字段“{key}”"
    return f"{what}中有一个字段名读作{describe(key)}，不是字段名"


def unknown_hint(key: Any, names: Any) -> str:
    """The hint for ``unknown_field``: the field meant, and the fields there are."""
    close = difflib.get_close_matches(str(key), list(names), n=1, cutoff=0.6)
    quoted = "" if isinstance(key, str) else "字段名 null、~、true、false、数字或日期会读成空值、布尔值、数字或日期，请写字段名。"
    return quoted + (f"是不是“{close[0]}”？" if close else "") + "可用的字段：" + "、".join(names)


class Field(NamedTuple):
    kind: str
    required: bool = False


class Checker:
    """Collects diagnostics for one file while its mappings are checked."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def at(self, code: str, pos: tuple[int, int] | None, message: str, hint: str = "") -> None:
        line, column = pos if pos else (None, None)
        self.diagnostics.append(Diagnostic(code, message, self.path, line, column, hint,
                                           "warning" if code.startswith("W") else "error"))

    def fields(self, mapping: Any, spec: dict[str, Field], what: str,
               pos: tuple[int, int] | None = None) -> dict[str, Any] | None:
        """The checked fields of ``mapping`` (None for a missing optional one)."""
        if not isinstance(mapping, YMap):
            self.at("E110", pos, f"{what}应为映射（每行“字段: 值”），现在是{describe(mapping)}")
            return None
        here = (mapping.line, mapping.column)
        result: dict[str, Any] = {}
        ok = True
        for key, value in mapping.items():
            if key not in spec:
                self.at("E111", mapping.key_pos.get(key), unknown_field(what, key), unknown_hint(key, spec))
                ok = False
                continue
            field = spec[key]
            if value is None and not field.required:
                result[key] = None
                continue
            if not _is(field.kind, value):
                self.at("E113", mapping.value_pos.get(key),
                        f"{what}的字段“{key}”应为{_TYPE_NAMES[field.kind]}，现在是{describe(value)}")
                ok = False
                continue
            if field.kind == "number" and not _finite(value):
                self.at("E124", mapping.value_pos.get(key),
                        f"{what}的字段“{key}”应为有限的数字，不能是无穷大、NaN 或位数过多的数",
                        "请填写实际的数字。")
                ok = False
                continue
            if field.kind == "id" and not ID_PATTERN.fullmatch(value):
                self.at("E115", mapping.value_pos.get(key), f"编号“{value}”格式不对",
                        "编号用小写英文字母、数字和连字符，以点分段，例如 trade.import-export-2021。")
                ok = False
                continue
            result[key] = value.strip() if isinstance(value, str) else value
        for key, field in spec.items():
            if field.required and key not in mapping:
                self.at("E112", here, f"{what}缺少必填字段“{key}”")
                ok = False
            result.setdefault(key, None)
        return result if ok else None

    def each(self, items: Any, what: str, pos: tuple[int, int] | None,
             check: Callable[[Any, tuple[int, int]], None]) -> None:
        """Run ``check`` on every entry of a list, with the entry's position."""
        if items is None:
            return
        if not isinstance(items, YList):
            self.at("E110", pos, f"“{what}”应为列表（每项以“- ”开头），现在是{describe(items)}")
            return
        for entry, entry_pos in zip(items, items.item_pos, strict=True):
            check(entry, entry_pos)
