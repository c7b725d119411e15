"""Records as mappings, with the position of every field: YAML, JSON and JSON Lines."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Mapping
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError, has_errors
from ftz_cli.importers.common import (
    FIELDS,
    HEADERS_HINT,
    IGNORED,
    Position,
    Warn,
    check_count,
    header_name,
    monthly_as_value,
    utf8,
    value_unit,
)
from ftz_cli.parse import yamlio
from ftz_cli.parse.fields import TYPED_FIELDS
from ftz_cli.parse.records import Raw


def _mapping_record(mapping: Mapping[Any, Any], key_pos: Mapping[Any, Position],
                    value_pos: Mapping[Any, Position], where: Position, shown: str,
                    problems: list[Diagnostic], warn: Warn) -> Raw:
    fields: dict[str, Any] = {}
    positions: dict[str, tuple[int | None, int | None]] = {}
    spelled: dict[str, Any] = {}
    unit, monthly = "", False
    keys = list(mapping)
    for key, name in zip(keys, monthly_as_value([header_name(k) for k in keys]), strict=True):
        value = mapping[key]
        line, column = key_pos.get(key, where)
        if name not in FIELDS:
            if name not in IGNORED:
                warn(Diagnostic("W202", f"未知的字段“{key}”，不会导入", shown, line, column,
                                HEADERS_HINT, "warning"))
        elif name in fields:
            problems.append(Diagnostic("E102", f"字段“{key}”与“{spelled[name]}”是同一项（{name}），重复了",
                                       shown, line, column, "请删去其中一个。"))
        else:
            fields[name], spelled[name] = value, key
            positions[name] = value_pos.get(key, (line, column))
            if name == "value":
                unit, monthly, problem = value_unit(key, shown, (line, column))
                problems.extend([problem] if problem else [])
    return Raw(fields, shown, where[0], where[1], positions, unit=unit, monthly=monthly)


def read_yaml(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    tree, problems = yamlio.load(utf8(data, shown), shown, lambda key: header_name(key) in TYPED_FIELDS)
    if has_errors(problems):
        raise FtzError(problems)
    if not isinstance(tree, yamlio.YList):
        raise FtzError(Diagnostic("E110", "文件应为记录的列表：每条记录以“- ”开头", shown, 1, 1,
                                  "例如：\n- id: trade.import-export-2021\n  date: 2021-03-31\n  value: 1050"))
    check_count(len(tree), shown, None)
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


def read_json(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    return _Json(utf8(data, shown), shown, warn).document()


def read_jsonl(data: bytes, shown: str, warn: Warn) -> list[Raw]:
    return _Json(utf8(data, shown), shown, warn).lines()


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
        self.decoder = json.JSONDecoder(object_pairs_hook=self._pairs, parse_constant=float,
                                        parse_int=_json_int)
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
        check_count(len(self.raws) + 1, self.shown, self.where(index)[0])
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


def _json_int(text: str) -> int | float:
    # past Python's limit on digits an integer becomes inf, which the record check names (E205)
    return int(text) if len(text) <= 4000 else float("inf")


_JSON_EXAMPLE = ('例如：[{"id": "trade.import-export-2021", "date": "2021-03-31", "value": 1050}]')
