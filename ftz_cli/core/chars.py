"""Characters that can spoof what text shows: refused in new input, escaped when printed.

Control characters (ESC starts terminal sequences; OSC 52 writes the clipboard), a bare CR
(it returns the cursor over what was printed), DEL and C1, bidirectional marks, embeddings,
overrides and isolates (text that reads differently from what it is), zero-width
characters, and the line and paragraph separators. Tab, newline and CR LF are text.
"""

from __future__ import annotations

import re

UNSAFE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
UNSAFE_CHAR = re.compile(f"[{UNSAFE}]|\r(?!\n)")
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def escaped(char: str) -> str:
    """``\\u202e`` for one character."""
    return f"\\u{ord(char):04x}"


def kind_of(char: str) -> str:
    """What a user is told the character is."""
    if char in BIDI:
        return "双向文字控制符"
    if char in ZERO_WIDTH:
        return "零宽字符"
    return "控制字符"
