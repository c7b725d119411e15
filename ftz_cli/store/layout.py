"""Where records live: one file per writer and month, so that clones merge in git.

``updates/2021-03/<writer>.yaml`` holds what one writer recorded in March 2021 (China time).
Two people, two machines or two clones of a repository never append to the same file
unless they are the same writer, so ``git pull`` has nothing to merge line by line.
Workspaces in the older layout (``updates/2021-03.yaml``, every writer in one file) are
read as they are; nothing is moved or rewritten. Which record wins comes from the records
(``recorded_at``, then file and line), never from file names.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# Windows refuses these as file names, whatever the extension
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
_UNSAFE = re.compile(r"[^\w.-]+")
_NUMBERED = re.compile(r"(.+)_\d+")
LEGACY = ""  # the writer of files in the old one-file-a-month layout


def safe_name(text: str) -> str:
    """``text`` as a file name every system accepts, in lower case (Windows and macOS
    ignore case, so ``Zhang`` and ``zhang`` must be one writer); empty if nothing is left."""
    name = _UNSAFE.sub("-", text.strip().lower()).strip(".-_")[:64].strip(".-_")
    if name.split(".")[0] in _RESERVED:
        name += "_"
    return name


def default_writer() -> str:
    """The machine and the user: ``pc-01-zhangsan``."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    host = socket.gethostname().split(".")[0]
    return safe_name(f"{host}-{user}") or "writer"


def writer(setting: str = "") -> str:
    """Who is recording: ``FTZ_WRITER``, else the workspace's ``writer:`` setting, else
    the machine and user; always a safe file name."""
    for given in (os.environ.get("FTZ_WRITER", ""), setting):
        name = safe_name(given)
        if name:
            return name
    return default_writer()


def update_files(updates: Path) -> list[Path]:
    """Every update file, in path order: ``updates/*.yaml`` (old layout) and
    ``updates/<month>/*.yaml``; hidden and temporary files are not logs."""
    found: list[Path] = []
    try:
        entries = sorted(updates.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as err:  # an unreadable folder is not an empty one: every item would look unreported
        from shlex import quote

        from ftz_cli.core.errors import Diagnostic, FtzError

        raise FtzError(Diagnostic(
            "E006", f"无法读取进度文件夹 {updates.name}：{err.strerror}", updates.name,
            hint=f"检查文件夹的读取权限，例如 ls -ld {quote(str(updates))}")) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.name.endswith(".yaml"):
            found.append(entry)
        elif entry.is_dir() and not entry.is_symlink():
            found.extend(sorted(p for p in entry.glob("*.yaml") if not p.name.startswith(".")))
    return found


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
