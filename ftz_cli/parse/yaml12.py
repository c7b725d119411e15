"""YAML 1.2's core schema for PyYAML, whose own rules are YAML 1.1's.

Under YAML 1.1 ``0100`` is 64, ``9:30`` is 570 and ``on`` is True: a hand-edited file would
change what was typed. The loader here resolves plain scalars as YAML 1.2 does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

_TAG = "tag:yaml.org,2002:"

# The YAML 1.2 core schema (yaml.org/spec/1.2.2/#1032-tag-resolution), plus ISO dates and
# timestamps as before (the core schema has none; ftz's files are full of them)
_CORE_NULL = re.compile(r"~|null|Null|NULL|")
_CORE_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_TIMESTAMP = re.compile(
    r"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
    r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?")


def _core_int(text: str) -> int:
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)  # "0100" is a hundred: a leading zero is not octal in YAML 1.2


def _core_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith((".inf", ".nan")):
        return float(lowered.replace(".", "", 1))
    return float(text)


def _core_bool(text: str) -> bool:
    if not _CORE_BOOL.fullmatch(text):
        raise ValueError(text)  # an explicit !!bool yes
    return text.lower() == "true"


def _core_null(text: str) -> None:
    if not _CORE_NULL.fullmatch(text):
        raise ValueError(text)


CORE_CONSTRUCTORS: dict[str, Callable[[str], Any]] = {
    _TAG + "int": _core_int, _TAG + "float": _core_float, _TAG + "bool": _core_bool,
    _TAG + "null": _core_null,
}


@functools.cache
def core_loader() -> Any:
    """The safe loader (libyaml's when available) with the core schema's implicit tags."""
    import yaml  # deferred: a cache hit never needs the parser

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    known: dict[tuple[Any, Any, Any], str] = {}

    def resolve(self: Any, kind: Any, value: Any, implicit: Any) -> str:
        """A node's tag, found once for each text: the tags depend on nothing else (no path
        resolvers), and a hundred thousand records repeat their keys, dates and names."""
        key = (kind, value, implicit)
        tag = known.get(key)
        if tag is None:
            if len(known) > 8192:
                known.clear()
            tag = known[key] = base.resolve(self, kind, value, implicit)
        return tag

    loader: Any = type("CoreLoader", (base,), {"yaml_implicit_resolvers": {}, "resolve": resolve})
    for tag, pattern, first in (
            ("null", _CORE_NULL, ["~", "n", "N", ""]), ("bool", _CORE_BOOL, list("tTfF")),
            ("int", _CORE_INT, list("-+0123456789")), ("float", _CORE_FLOAT, list("-+.0123456789")),
            ("timestamp", _TIMESTAMP, list("0123456789")),
            ("merge", re.compile(r"<<"), ["<"])):
        loader.add_implicit_resolver(_TAG + tag, re.compile(f"^(?:{pattern.pattern})$"), first)
    return loader
