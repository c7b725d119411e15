"""Names that become file names: a unit's (a sheet and a notice each), a writer's (a record file).

Such a name must be one every system accepts, and two names must not become one file:
Windows and macOS ignore case, and Windows refuses ``CON``, ``NUL``, ``COM1`` and the like
whatever the extension, and the characters ``\\ / : * ? " < > |``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ftz_cli.core.chars import first_unsafe, kind_of

RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                      *(f"lpt{n}" for n in range(10))})
_FORBIDDEN = set('\\/:*?"<>|')


def file_key(name: str) -> str:
    """What a name is as a file on any system: one form of each character, case ignored."""
    return unicodedata.normalize("NFKC", name).casefold().strip().rstrip(". ")


def is_reserved(name: str) -> bool:
    return file_key(name).split(".")[0].strip() in RESERVED


def problem(name: str) -> tuple[str, str] | None:
    """Why ``name`` cannot be part of a file name, as (code, message), or None."""
    at = first_unsafe(name)
    if at is not None or "\n" in name or "\t" in name:
        what = kind_of(name[at]) if at is not None else "换行或制表符"
        return "E231", f"名称中有{what}"
    bad = sorted(_FORBIDDEN & set(name))
    if bad:
        return "E022", "名称中不能有 " + " ".join(bad) + "（会用作文件名）"
    if not file_key(name):
        return "E022", "名称不能只由点或空格组成（会用作文件名）"
    if is_reserved(name):
        return "E022", "名称是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1–9、LPT1–9），不能用作文件名"
    return None


def collisions(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs (first, later) of distinct names that are one file on Windows or macOS."""
    seen: dict[str, str] = {}
    out: list[tuple[str, str]] = []
    for name in names:
        key = file_key(name)
        if key in seen and seen[key] != name:
            out.append((seen[key], name))
        seen.setdefault(key, name)
    return out
