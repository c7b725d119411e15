"""Text from data made harmless where it is shown: terminals, reports, CSV and sheets.

Old data may hold characters that new input refuses (``parse.records``): control
characters (ESC starts terminal sequences, OSC 52 writes the clipboard), bidirectional
overrides (text that reads differently from what it is) and zero-width characters. Where
they are printed they are shown escaped, as ``\\u202e``, never raw. In JSON that escape is
the same string; elsewhere it shows that something is there.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab or CR,
OWASP's list) as a formula; exported text that starts so is written as text.
"""

from __future__ import annotations

from ftz_cli.core.chars import escape_unsafe

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """``text`` with every unsafe character shown as its escape (a BOM at the start stays)."""
    if text.startswith("\ufeff"):
        return "\ufeff" + printable(text[1:])
    return escape_unsafe(text)


def formula_safe(text: str) -> str:
    """A CSV cell that a spreadsheet will not run: a leading ``'`` where OWASP says."""
    return "'" + text if text.startswith(FORMULA_START) else text


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def file_part(text: str) -> str:
    """``text`` as part of a file name on every system: characters Windows refuses become _."""
    return "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in text).strip(". ")
