"""Where records live: one file per writer and month, so that clones merge in git.

``updates/2021-03/<writer>.yaml`` holds what one writer recorded in March 2021 (China time).
Two people, two machines or two clones of a repository never append to the same file
unless they are the same writer, so ``git pull`` has nothing to merge line by line.
Workspaces in the older layout (``updates/2021-03.yaml``, every writer in one file) are
read as they are; nothing is moved or rewritten. Which record wins comes from the records
(``recorded_at``, then file and line), never from file names.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ftz_cli.core.names import LOCK_FILE, collisions, is_reserved, not_a_record, safe_name


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
    """Who is recording: ``FTZ_WRITER``, else ``writer:`` in the user's own settings file,
    else the workspace's ``writer:`` setting (shared by every clone: validate warns, W021),
    else the machine and user; always a safe file name."""
    from ftz_cli.store.userconfig import user_config

    for given in (os.environ.get("FTZ_WRITER", ""), user_config().writer or "", setting):
        name = safe_name(given)
        if name:
            return name
    return default_writer()


def update_files(updates: Path) -> list[Path]:
    """Every update file, in path order: ``updates/*.yaml`` (old layout) and
    ``updates/<month>/*.yaml``; hidden and temporary files are not logs."""
    own_folder(updates)
    found: list[Path] = []
    try:
        entries = sorted(updates.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as err:  # an unreadable folder is not an empty one: every item would look unreported
        raise _unreadable(updates, updates.name, err, "") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.name.endswith(".yaml"):
            found.append(entry)
        elif entry.is_dir() and not entry.is_symlink():
            found.extend(p for p in _listed(entry) if p.name.endswith(".yaml") and not p.name.startswith("."))
    return found


def own_folder(updates: Path) -> None:
    """``updates/`` is a folder of the workspace, never a link to one elsewhere: reading through
    it would take records from outside the workspace, and writing would put them there (E007)."""
    if not updates.is_symlink():
        return
    from shlex import quote

    from ftz_cli.core.errors import Diagnostic, FtzError

    shown = "/".join(updates.parts[-3:]) if updates.parent.parent.name == "plans" else updates.name
    there = updates.resolve()
    back = f" && mv {quote(str(there))} {quote(str(updates))}" if there.is_dir() else f" && mkdir {quote(str(updates))}"
    raise FtzError(Diagnostic(
        "E007", f"进度文件夹 {shown} 是符号链接（指向 {there}）：ftz 只读写工作区自己的文件夹，不跟随链接", shown,
        hint=f"{'把那个文件夹移回工作区' if there.is_dir() else '链接指向的文件夹不存在：新建一个'}，换掉这个链接："
             f"rm {quote(str(updates))}{back}"))


def lock(updates: Path) -> contextlib.AbstractContextManager[None]:
    """Hold the write lock of ``updates/`` (made if missing), never through a link: one writer at a time."""
    from ftz_cli.store.lock import file_lock

    own_folder(updates)
    updates.mkdir(parents=True, exist_ok=True)
    return file_lock(updates / LOCK_FILE)


def _listed(folder: Path) -> list[Path]:
    """The entries of a month folder; one that cannot be read is an error, never no records."""
    try:
        return sorted(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as err:
        raise _unreadable(folder, f"{folder.parent.name}/{folder.name}", err, "其中的记录会被漏掉：") from None


def _unreadable(folder: Path, shown: str, err: OSError, lead: str) -> Exception:
    from shlex import quote

    from ftz_cli.core.errors import Diagnostic, FtzError

    return FtzError(Diagnostic("E006", f"无法读取进度文件夹 {shown}：{err.strerror}", shown,
                               hint=f"{lead}检查文件夹的读取权限，例如 ls -ld {quote(str(folder))}"))


def unread(updates: Path) -> list[tuple[str, str]]:
    """What is under ``updates/`` that ftz does not read, with why (``names.not_a_record``): a
    file not ending in ``.yaml`` (``.yml``, ``.YAML``, ``.yaml.txt``), a hidden one, a folder
    inside a month's folder, a symlinked folder. ftz's own files are not named."""
    out: list[tuple[str, str]] = []
    try:
        entries = sorted(updates.iterdir())
    except OSError:
        return out  # update_files says so (E006)
    for entry in entries:
        shown, folder = f"{updates.name}/{entry.name}", entry.is_dir()
        why = "是指向别处的文件夹链接" if folder and entry.is_symlink() else not_a_record(
            entry.name, folder=folder, month=False)
        if why:
            out.append((shown, why))
        elif folder:  # a month's folder
            out += [(f"{shown}/{inner.name}", inner_why) for inner in _listed(entry)
                    if (inner_why := not_a_record(inner.name, folder=inner.is_dir(), month=True))]
    return out


def clashes(updates: Path) -> list[tuple[str, str]]:
    """Record files that are one file on Windows or macOS (``Zhang.yaml``, ``zhang.yaml``), or
    that Windows cannot hold (``con.yaml``), as (file, the other file or "")."""
    out: list[tuple[str, str]] = []
    for folder in [updates, *(p for p in _listed(updates) if p.is_dir() and not p.is_symlink())]:
        names = [p.name for p in _listed(folder) if not p.name.startswith(".")]
        shown = updates.name if folder == updates else f"{updates.name}/{folder.name}"
        out += [(f"{shown}/{b}", f"{shown}/{a}") for a, b in collisions(names)]
        out += [(f"{shown}/{n}", "") for n in names if is_reserved(n)]
    return out
