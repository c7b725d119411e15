"""Characters that can spoof what text shows: refused in new input, escaped when printed.

Control characters (ESC starts terminal sequences; OSC 52 writes the clipboard), a bare CR
(it returns the cursor over what was printed), DEL and C1, bidirectional marks, embeddings,
overrides and isolates (text that reads differently from what it is), zero-width
characters, and the line and paragraph separators. Tab, newline and CR LF are text.

A translation table, not a regular expression: compiling one with these ranges costs
milliseconds on every start, and ``ftz validate`` has a start-up budget.
"""

from __future__ import annotations

import functools
import re

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0x061C, 0x061C),
           (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2069), (0xFEFF, 0xFEFF))
ESCAPES = {code: f"\\u{code:04x}" for low, high in _RANGES for code in range(low, high + 1)}
_UNSAFE = frozenset(map(chr, ESCAPES))  # a set test is five times quicker than translate on CJK text


def escaped(char: str) -> str:
    """``\\u202e`` for one character."""
    return f"\\u{ord(char):04x}"


@functools.cache
def _bare_cr() -> re.Pattern[str]:
    return re.compile("\r(?!\n)")


def escape_unsafe(text: str) -> str:
    """``text`` with every unsafe character shown as its escape."""
    if _UNSAFE.isdisjoint(text) and "\r" not in text:
        return text
    out = text.translate(ESCAPES)
    return _bare_cr().sub(r"\\u000d", out) if "\r" in out else out


def first_unsafe(text: str) -> int | None:
    """Where the first unsafe character in ``text`` stands, or None."""
    if "\r" not in text and _UNSAFE.isdisjoint(text):
        return None  # the common case, at C speed
    for index, char in enumerate(text):
        if ord(char) in ESCAPES or (char == "\r" and text[index + 1:index + 2] != "\n"):
            return index
    return None


def kind_of(char: str) -> str:
    """What a user is told the character is."""
    if char in BIDI:
        return "双向文字控制符"
    if char in ZERO_WIDTH:
        return "零宽字符"
    return "控制字符"
