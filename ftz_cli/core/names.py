"""Names that become file names: a unit's (a sheet and a notice each), a writer's (a record
file), a plan's (``plans/<name>.yaml``).

Such a name must be one every system accepts, and two names must not become one file:
Windows and macOS ignore case, and Windows refuses ``CON``, ``NUL``, ``COM1`` and the like
whatever the extension, and the characters ``\\ / : * ? " < > |``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from ftz_cli.core.chars import first_unsafe, kind_of
from ftz_cli.core.errors import Diagnostic, FtzError

RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                      *(f"lpt{n}" for n in range(10))})
_FORBIDDEN = set('\\/:*?"<>|')
_UNSAFE = re.compile(r"[^\w.-]+")
_NUMBERED = re.compile(r"(.+)_\d+")  # a writer's overflow file: zhang_2.yaml
# a file name holds 255 bytes: 60 Chinese characters (180) leave room for what goes around
# a unit's name ("进度填报表-…-2021-06-30.xlsx", 31 bytes)
MAX_NAME = 60
LEGACY = ""  # the writer of record files in the old one-file-a-month layout
DEFAULT_PLAN = "2021"  # the workspace's own targets.yaml: the bundled 2021 plan
LOCK_FILE = ".lock"  # ftz's write lock in updates/, which the .gitignore ftz init writes there keeps out of git
IGNORE_FILE = ".gitignore"


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
    if len(name) > MAX_NAME:
        return "E022", f"名称有 {len(name)} 个字，超过 {MAX_NAME} 个字（会用作文件名，太长系统无法保存）"
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


def safe_name(text: str) -> str:
    """``text`` as a file name every system accepts, in lower case (Windows and macOS
    ignore case, so ``Zhang`` and ``zhang`` must be one writer); empty if nothing is left.
    Never the name of another writer's overflow file: ``zhang_2`` is ``zhang-2``."""
    name = _UNSAFE.sub("-", text.strip().lower()).strip(".-_")[:64].strip(".-_")
    if _NUMBERED.fullmatch(name):
        head, _, number = name.rpartition("_")
        name = f"{head}-{number}"
    if is_reserved(name):  # con_, con_.li: Windows reserves a device's name before any dot
        head, dot, rest = name.partition(".")
        name = f"{head}_{dot}{rest}"
    return name


def writer_of(shown: str) -> str | None:
    """The writer of a file shown as ``updates/2021-03/zhang.yaml`` (``zhang``; its overflow
    file ``zhang_2.yaml`` too); LEGACY for the old layout; None for anything else (a file
    being imported, the command line)."""
    parts = shown.split("/")
    if len(parts) == 2 and parts[0] == "updates":
        return LEGACY
    if len(parts) == 3 and parts[0] == "updates" and parts[2].endswith(".yaml"):
        stem = parts[2][:-5]
        numbered = _NUMBERED.fullmatch(stem)
        return numbered.group(1) if numbered else stem
    return None


@functools.cache
def _plan_name() -> re.Pattern[str]:
    """A plan's name; compiled only when a plan is named: a CJK range is slow to compile,
    and most runs name none (``ftz validate`` starts within twice ``import typer``)."""
    return re.compile(r"[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff_-]{0,39}")


def is_plan_name(name: str) -> bool:
    """Whether ``name`` may name a plan of ``plans/`` (``DEFAULT_PLAN`` is targets.yaml's)."""
    return _plan_name().fullmatch(name) is not None


def check_plan_name(name: str) -> str:
    """A new plan's name, refused when it could not be a file name of its own (E600)."""
    if not is_plan_name(name) or name == DEFAULT_PLAN:
        raise FtzError(Diagnostic(
            "E600", f"计划名称“{name}”不能使用", hint="计划名称用字母、数字、汉字、连字符或下划线，"
            f"最长 40 个字符，不能是 {DEFAULT_PLAN}（工作区自带的 targets.yaml），例如 2022 或 2022-百日攻坚。"))
    return name


def not_a_record(name: str, *, folder: bool, month: bool) -> str | None:
    """Why the entry ``name`` of ``updates/`` (``month``: of a month's folder) holds no records
    ftz reads, or None: a record file (``*.yaml``), a month's folder, or a file of ftz's own,
    never named: its lock, the ``.gitignore``, the temporary file of a writer that was killed
    (``.*.tmp``, see store/atomic.py)."""
    if not folder and (name in (LOCK_FILE, IGNORE_FILE) or (name.startswith(".") and name.endswith(".tmp"))):
        return None
    if name.startswith("."):
        return f"是隐藏的{'文件夹' if folder else '文件'}（名称以“.”开头）"
    if folder:
        return "是文件夹" if month else None
    return None if name.endswith(".yaml") else "不是 .yaml 文件"
