"""Text measured in terminal cells (a Chinese character takes two), and wrapped by them.

Standard-library only: the help screens use it, and ``ftz --help`` should not import Rich.
"""

from __future__ import annotations

import re
import unicodedata

# no line may start with these (GB/T 15834 and common practice: closing marks, pauses)
_NO_START = frozenset("，。、；：？！）》」』】〕…—,.;:?!)]}%％")
# a run of narrow non-space characters stays whole when it fits (an id, a number, a word)
_TOKENS = re.compile(r"\s+|[!-~]+|.", re.DOTALL)


def width(text: str) -> int:
    """Cells ``text`` takes in a terminal: 2 for wide (CJK) characters, 0 for combining marks."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _split_long(token: str, limit: int) -> list[str]:
    parts, current = [], ""
    for char in token:
        if current and width(current + char) > limit:
            parts.append(current)
            current = ""
        current += char
    return [*parts, current] if current else parts


def wrap(text: str, limit: int) -> list[str]:
    """``text`` in lines of at most ``limit`` cells; words and ids break only when longer
    than a line, and no line starts with a closing mark (the character before moves down)."""
    limit = max(limit, 2)
    lines: list[str] = []
    current = ""
    for token in _TOKENS.findall(text):
        if token.isspace():  # kept as given within a line (figures are spaced apart), dropped at its end
            if current and width(current + token) < limit:
                current += token.replace("\n", " ")
            continue
        pieces = _split_long(token, limit) if width(token) > limit else [token]
        for piece in pieces:
            if width(current + piece) <= limit:
                current += piece
                continue
            carried = ""
            if piece[0] in _NO_START and len(current) > 1:
                current, carried = current[:-1], current[-1]
            if current.strip():
                lines.append(current.rstrip())
            current = carried + piece
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` cells (left-aligned)."""
    return text + " " * max(0, cells - width(text))
