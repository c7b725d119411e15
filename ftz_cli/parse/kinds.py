"""A record's fields of the wrong kind, named in words (never as Python writes them): a
list or a mapping where one value belongs, a flag that is not true or false."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ftz_cli.core.errors import Diagnostic
from ftz_cli.parse.fields import label
from ftz_cli.parse.schema import describe
from ftz_cli.parse.ytree import YList, YMap

if TYPE_CHECKING:
    from ftz_cli.parse.records import Raw

# a list or a mapping (as YAML or JSON reads it) where a record holds one value
SINGLE = frozenset((YList, YMap, list, dict))
# and true or false (JSON's), which only the flags may be: what ``check`` looks for first
ODD = SINGLE | {bool}
FLAGS = ("replace", "confirmed")
_HINTS = {
    "列表": "方括号 [ ] 或下一行以“- ”开头会写成列表：只写一个值；"
            "值本身以方括号开头时，用英文双引号把整个值括起来。",
    "映射": "花括号 { } 或下一行缩进的“字段: 值”会写成映射：只写一个值；"
            "值里有冒号或括号时，用英文双引号把整个值括起来。",
}


def not_single(raw: Raw) -> list[Diagnostic]:
    """E113 for each field holding a list or a mapping, or true or false where no flag is
    (JSON's ``"status": true``); the record is then checked no further."""
    problems = []
    for name, value in raw.fields.items():
        if type(value) in SINGLE:
            kind = describe(value)
            problems.append(raw.at(name, "E113", f"{label(name)}应为单个值，现在是{kind}", _HINTS[kind]))
        elif type(value) is bool and name not in FLAGS:
            problems.append(raw.at(name, "E113", f"{label(name)}不能是{describe(value)}",
                                   "true、false 读作是或否，这里应写文字、数字或日期；"
                                   "在 YAML、JSON 中要写的就是这几个字母时，请用英文双引号括起来。"))
    return problems


def flags(raw: Raw) -> list[Diagnostic]:
    """E113 for a ``replace`` or ``confirmed`` that is not true or false; "true" in quotes is
    text, and is named as such."""
    problems = []
    for name, use in (("replace", "更正记录写 replace: true；不是更正就删去这一行。"),
                      ("confirmed", "核实过的数值写 confirmed: true；否则删去这一行。")):
        value = raw.fields.get(name)
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            problems.append(raw.at(name, "E113", f"{name} 写成了带引号的文字“{value}”，应为不带引号的 true 或 false",
                                   f"去掉引号，写成 {name}: {value.strip().lower()}。"))
        else:
            problems.append(raw.at(name, "E113", f"{name} 应为 true 或 false，现在是{describe(value)}", use))
    return problems
