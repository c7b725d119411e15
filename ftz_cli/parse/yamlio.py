"""Reading user YAML safely: encoding checks, positions, duplicate keys, no tags, no aliases.

PyYAML composes the node graph (with libyaml when available); we build the values
ourselves so that every mapping remembers where its keys and values stand, duplicate keys
are reported instead of silently dropped, and anchors/aliases (the "billion laughs") and
tags such as ``!!python/object`` are refused before anything is constructed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ftz_cli.core.chars import escaped
from ftz_cli.core.errors import Diagnostic, shorten
from ftz_cli.parse.yaml12 import CORE_CONSTRUCTORS, core_loader
from ftz_cli.parse.ytree import MAX_BYTES, YList, YMap, decode

__all__ = ["MAX_BYTES", "YList", "YMap", "decode", "is_date", "load"]

if TYPE_CHECKING:
    import yaml
    from yaml.nodes import Node

MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE, _NULL = _TAG + "merge", _TAG + "null"


_YAML_MESSAGES = (
    ("mapping values are not allowed", "这里不能出现冒号“:”",
     "值里含有冒号时，请用英文双引号把整个值括起来。"),
    ("could not find expected ':'", "缺少冒号“:”", "每个字段应写成“字段名: 值”。"),
    ("found character '\\t'", "使用了制表符（Tab）缩进", "YAML 只能用空格缩进，请把 Tab 换成空格。"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）", "检查引号和括号是否成对。"),
    ("found unknown escape character", "双引号中有无法识别的转义字符“\\”",
     "反斜杠请写成“\\\\”，或改用单引号。"),
    ("expected <block end>", "缩进不一致", "同一层级的字段应左对齐，使用相同数量的空格。"),
    ("did not find expected key", "缩进不一致或缺少字段名", "同一层级的字段应左对齐，使用相同数量的空格。"),
    ("did not find expected '-' indicator", "列表项的缩进不一致", "每个列表项都以“- ”开头并左对齐。"),
    ("found undefined alias", "使用了别名（*）", "ftz 不接受锚点和别名，请直接写出内容。"),
    ("found duplicate anchor", "使用了锚点（&）", "ftz 不接受锚点和别名，请直接写出内容。"),
    ("expected a single document", "文件中有多个 YAML 文档（---）", "一个文件只写一个文档，删去多余的“---”。"),
    ("while scanning a quoted scalar", "引号没有闭合", "检查这一行的引号是否成对。"),
    ("while scanning a simple key", "缺少冒号“:”", "每个字段应写成“字段名: 值”。"),
)


def _yaml_error(err: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    raw = f"{err.context or ''} {err.problem or ''}"
    if mark is not None and text[mark.index:mark.index + 1] == "\t":
        raw += " found character '\\t'"  # libyaml does not name the character
    code = "E104" if ("alias" in raw or "anchor" in raw) else "E101"
    if mark is not None and "cannot start any token" in raw and (reserved := _unquoted_start(text, mark, path)):
        return reserved
    if code == "E101" and mark is not None and (wide := _fullwidth_colon(text, mark.line)):
        return Diagnostic("E101", "字段名后用了中文冒号“：”", path, *wide,
                          "把“：”改成英文冒号“:”，并在冒号后加一个空格，例如“date: 2021-03-05”。")
    for needle, message, hint in _YAML_MESSAGES:
        if needle in raw:
            return Diagnostic(code, message, path, line, column, hint)
    return Diagnostic(code, "YAML 语法错误，无法读取这一行", path, line, column,
                      "检查这一行及上一行的缩进、冒号和引号。")


def _unreadable(err: yaml.reader.ReaderError, path: str, text: str) -> Diagnostic:
    """E101 for a character YAML refuses in a file (U+FFFE, a control character), where it stands."""
    at = min(max(err.position, 0), len(text))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    char = text[at] if at < len(text) else chr(err.character) if isinstance(err.character, int) else ""
    shown = f"（{escaped(char)}）" if char else ""
    return Diagnostic("E101", f"文件中有 YAML 不允许的看不见的字符{shown}", path, line, column,
                      "这类字符常随从网页、聊天软件或其他程序复制的文字带进来。请删去它后保存；"
                      "编辑器看不见它时，删去这个位置前后的一两个字再重新输入。")


def _unquoted_start(text: str, mark: Any, path: str) -> Diagnostic | None:
    """E101 for a value starting with ``@`` or a backquote, which YAML reserves; the hint
    shows the line with the value quoted."""
    char = text[mark.index:mark.index + 1]
    if char not in ("@", "`"):
        return None
    start = text.rfind("\n", 0, mark.index) + 1
    end = len(text) if (found := text.find("\n", mark.index)) < 0 else found
    before, value = text[start:mark.index].strip(), text[mark.index:end].rstrip()
    example = f"，例如 {before} \"{value}\"" if '"' not in value and "\\" not in value else ""
    return Diagnostic("E101", f"以 {char} 开头的文字必须加引号", path, mark.line + 1, mark.column + 1,
                      f"YAML 把 {char} 留作他用，值以它开头时，请用英文双引号把整个值括起来{example}。")


@functools.cache
def _wide_colon_key() -> re.Pattern[str]:
    """A key before a full-width colon; compiled for a syntax error only (a CJK range is
    slow to compile, and every run reads YAML)."""
    return re.compile(r"^(\s*(?:-\s+)?[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff-]*\s*)：")


def _fullwidth_colon(text: str, line: int) -> tuple[int, int] | None:
    """Line and column of a ``key：`` (a full-width colon) at or just above a syntax error."""
    lines = text.splitlines()
    for number in range(min(line, len(lines) - 1), max(line - 3, -1), -1):
        match = _wide_colon_key().match(lines[number])
        if match:
            return number + 1, len(match.group(1)) + 1
    return None


_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |$)|^={7}$", re.MULTILINE)


def load(text: str, path: str, raw: Callable[[Any], bool] | None = None) -> tuple[Any, list[Diagnostic]]:
    """Parse YAML text into YMap/YList/scalars; every problem found is returned.

    Plain scalars follow the YAML 1.2 core schema, not PyYAML's 1.1 rules: ``0100`` is 100
    (never octal 64), ``9:30`` is text (never 570), ``on``/``yes``/``no`` are text (never
    booleans), ``1_000`` is text. Where ``raw(key)`` is true, a mapping's plain scalar value
    is kept as the text that was typed (or None when it is empty or ``null``): text fields,
    and values that go through the same parser as the command line.
    """
    import yaml  # deferred: a cache hit never needs the parser

    conflict = _CONFLICT.search(text)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        return None, [Diagnostic(
            "E021", "文件中有 git 冲突标记（<<<<<<<、=======、>>>>>>>），请解决 git 冲突后再运行", path,
            line, 1, "打开这个文件，保留冲突两边需要的内容（进度记录通常两边都要保留），删去这三种标记行，"
                     "保存后 git add 这个文件并 git commit。")]
    loader = core_loader()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        return None, [_yaml_error(err, path, text)]
    except yaml.reader.ReaderError as err:
        return None, [_unreadable(err, path, text)]
    except yaml.YAMLError:
        return None, [Diagnostic("E101", "YAML 语法错误", path)]
    finally:
        loader.dispose()
    if node is None:
        return None, [Diagnostic("E003", "文件是空的（没有任何内容）", path,
                                 hint="请填写内容，或用 ftz init 新建工作区。")]
    builder = _Builder(loader, path, text, raw)
    value = builder.build(node, 0)
    return value, builder.diagnostics


class _Builder:
    def __init__(self, loader: Any, path: str, text: str, raw: Callable[[Any], bool] | None) -> None:
        self.loader = loader
        self.raw = raw
        self.path = path
        self.text = text
        self.seen: set[int] = set()
        self.anchored = "&" in text  # else no node can be met twice (an alias needs an anchor)
        self.alias_reported = False
        self.diagnostics: list[Diagnostic] = []

    def _problem(self, code: str, node: Node, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.diagnostics.append(
            Diagnostic(code, message, self.path, mark.line + 1, mark.column + 1, hint))

    def build(self, node: Node, depth: int) -> Any:
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        if self.anchored and self._again(node):
            return None
        if depth > MAX_DEPTH:
            self._problem("E105", node, f"嵌套超过 {MAX_DEPTH} 层", "请检查文件结构。")
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if not node.tag.startswith(_TAG) or node.tag not in (_TAG + "map", _TAG + "seq"):
            self._problem("E103", node, f"不允许的 YAML 标签“{node.tag}”",
                          "删去以“!”开头的标签；ftz 只接受普通的文字、数字和日期。")
            return None
        mark = node.start_mark
        if isinstance(node, SequenceNode):
            seq = YList(mark.line + 1, mark.column + 1)
            for child in node.value:
                seq.append(self.build(child, depth + 1))
                seq.item_pos.append((child.start_mark.line + 1, child.start_mark.column + 1))
            return seq
        assert isinstance(node, MappingNode)
        return self._mapping(node, depth, ScalarNode)

    def _mapping(self, node: Node, depth: int, scalar: Any) -> YMap:
        """A mapping's keys and values, with where each stands. A plain value (``scalar``)
        met once within the depth allowed is read in place, not through ``build``; where
        ``raw(key)``, a plain value is kept as the text typed."""
        mark = node.start_mark
        mapping = YMap(mark.line + 1, mark.column + 1)
        plain, raw, key_pos, value_pos = depth < MAX_DEPTH and not self.anchored, self.raw, mapping.key_pos, mapping.value_pos
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self._problem("E104", key_node, "使用了合并键（<<）",
                              "ftz 不接受锚点、别名和合并键，请直接写出内容。")
                continue
            key = self._scalar(key_node) if plain and type(key_node) is scalar else self.build(key_node, depth + 1)
            if isinstance(key, (YMap, YList)):
                self._problem("E110", key_node, f"字段名不能是{'映射' if isinstance(key, YMap) else '列表'}",
                              "字段名只写文字，例如 note: 内容；字段名外加了方括号 [ ] 或花括号 { } "
                              "就读成列表或映射，请去掉它们。")
                continue
            if key in mapping:
                self._problem("E102", key_node, f"字段“{key}”重复出现（第 {key_pos[key][0]} 行已有）",
                              "YAML 会悄悄只保留最后一个值，请删去或合并重复的字段。")
                continue
            if raw is not None and type(value_node) is scalar and value_node.tag in _SCALAR_TAGS and raw(key):
                if self.anchored and self._again(value_node):
                    continue
                # a scalar as typed; an empty or ``null`` plain one is None ("" for libyaml, None for PyYAML)
                mapping[key] = None if not value_node.style and value_node.tag == _NULL else str(value_node.value)
            else:
                mapping[key] = self._scalar(value_node) if plain and type(value_node) is scalar \
                    else self.build(value_node, depth + 1)
            at = key_node.start_mark
            key_pos[key] = (at.line + 1, at.column + 1)
            at = value_node.start_mark
            value_pos[key] = (at.line + 1, at.column + 1)
        return mapping

    def _again(self, node: Node) -> bool:
        """Whether ``node`` was met before: an alias (``*name``), of a plain value too."""
        if id(node) in self.seen:
            self._alias()
            return True
        self.seen.add(id(node))
        return False

    def _alias(self) -> None:
        """Report the first alias (``*name``) once; a bomb repeats it thousands of times."""
        if self.alias_reported:
            return
        self.alias_reported = True
        import yaml

        line, column = 1, 1
        for event in yaml.parse(self.text, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                line, column = event.start_mark.line + 1, event.start_mark.column + 1
                break
        self.diagnostics.append(Diagnostic(
            "E104", "使用了锚点或别名（& 或 *）", self.path, line, column,
            "ftz 不接受锚点和别名，请直接写出内容。"))

    def _scalar(self, node: Any) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._problem("E103", node, f"不允许的 YAML 标签“{tag}”",
                          "删去以“!”开头的标签；ftz 只接受普通的文字、数字和日期。")
            return None
        if tag == _TAG + "str":
            return node.value
        try:
            if tag in CORE_CONSTRUCTORS:
                return CORE_CONSTRUCTORS[tag](node.value)
            return _STAMPS[node.value] if node.value in _STAMPS else self._stamp(node)
        except (ValueError, OverflowError, AttributeError, TypeError):
            if tag == _TAG + "timestamp":
                self._problem("E122", node, f"日期“{node.value}”不存在", "请检查月份和日期。")
            else:
                self._problem("E113", node, f"无法识别的值“{shorten(node.value)}”")
            return None


    def _stamp(self, node: Any) -> Any:
        """A date or a time: read once for each text (a file of records repeats its dates)."""
        value = self.loader.yaml_constructors[node.tag](self.loader, node)
        if len(_STAMPS) > 8192:
            _STAMPS.clear()
        _STAMPS[node.value] = value
        return value


_STAMPS: dict[str, Any] = {}  # a date's or a time's text, and what it reads as (never changed)


def is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
