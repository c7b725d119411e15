"""``ftz.yaml`` read without PyYAML, when it is in the shape ``ftz init`` writes.

Every command reads the settings, and importing PyYAML costs more than ``ftz validate``'s
whole answer from the cache; this module imports nothing but ``re`` (and yamlio's
position-keeping mapping, which does not import PyYAML). A test checks the trees it builds
against the YAML loader's.
"""

from __future__ import annotations

import re
from typing import Any

# plain words YAML 1.1 reads as booleans or null, not as text
_NOT_TEXT = {w for base in ("yes", "no", "true", "false", "on", "off", "null")
             for w in (base, base.capitalize(), base.upper())}

_SETTING = re.compile(r"((?:  )?)([A-Za-z_][A-Za-z0-9_]*):(?:( +)([^\s#'\"\[\]{}&*!|>%@`,?:\-~<=][^#:\t]*?))?"
                      r"(?: +#.*)?")
_NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(\.[0-9]+)?")
_NOT_PLAIN = re.compile(r"[-+.0-9]|(?:y|n|yes|no|true|false|on|off|null)$", re.IGNORECASE)


def settings_tree(text: str) -> Any:
    """``ftz.yaml`` as ``yamlio.load`` gives it (a YMap of YMaps and plain values) without
    importing PyYAML, when it is in the shape of the file ``ftz init`` writes: sections of
    ``key: value`` lines, comments. None for anything else (the YAML loader reads it)."""
    from ftz_cli.parse.ytree import YMap

    top: YMap | None = None
    section: YMap | None = None
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip()[0] == "#":
            continue
        found = _SETTING.fullmatch(line)
        if found is None:
            return None
        indent, key, space, raw = found.groups()
        if key in _NOT_TEXT:  # a key YAML 1.1 reads as a boolean or null
            return None
        if top is None:
            if indent:
                return None
            top = YMap(number, 1)
        where = top if not indent else section
        if where is None or key in where:
            return None
        where.key_pos[key] = (number, len(indent) + 1)
        if raw is None:
            if indent:
                return None  # an empty value: YAML's null, left to YAML
            section = where[key] = YMap(number + 1, 3)
            where.value_pos[key] = (number + 1, 3)  # corrected below if the section is empty
            continue
        value = _plain_value(raw)
        if value is None:
            return None
        where[key] = value
        where.value_pos[key] = (number, len(indent) + len(key) + 1 + len(space) + 1)
        if not indent:
            section = None
    if top is None or any(isinstance(v, YMap) and not v for v in top.values()):
        return None
    for key, value in top.items():  # a section starts at its first key
        if isinstance(value, YMap):
            value.line, value.column = next(iter(value.key_pos.values()))
            top.value_pos[key] = (value.line, value.column)
    return top


def _plain_value(raw: str) -> int | float | str | None:
    """A plain scalar YAML 1.1 reads as this number or this text; None when unsure."""
    number = _NUMBER.fullmatch(raw)
    if number:
        return float(raw) if number.group(1) else int(raw)
    if _NOT_PLAIN.match(raw) or raw != raw.strip():
        return None
    return raw
