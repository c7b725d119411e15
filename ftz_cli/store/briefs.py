"""The office's own files beside the plan: its words for each brief, and the log of issued briefs.

- ``notes/YYYY-MM-DD.yaml`` (named by the brief's as-of date): 存在问题 and 下一步工作, for the
  whole brief and per area, written by staff and carried verbatim into 四、存在问题和下一步工作.
- ``issued/<series>-<year>-<number>-<writer>.yaml`` (and the older ``issued.yaml``): one entry
  per issued brief (series, number, date, as-of, file). The next brief takes the next number
  of its series in the as-of year; "since the previous brief" means the latest entry before
  this one's as-of date. ftz only appends (under a lock, atomically); staff may correct the
  files by hand. ``read_log`` is the one way to read them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.issues import Issued
from ftz_cli.parse.briefs import issue_entries, issue_log, notes
from ftz_cli.store import atomic
from ftz_cli.store.layout import lock
from ftz_cli.store.workspace import UPDATES_DIR, Workspace

NOTES_DIR = "notes"
ISSUE_LOG = "issued.yaml"  # the older one-file log: read, never written
ISSUE_DIR = "issued"


def notes_path(ws: Workspace, as_of: dt.date) -> Path:
    return ws.root / NOTES_DIR / f"{as_of.isoformat()}.yaml"


def read_notes(ws: Workspace, as_of: dt.date) -> dict[str, Any] | None:
    """The office's text for the brief as of ``as_of`` (``parse.briefs.notes``), or None when
    there is no file."""
    path = notes_path(ws, as_of)
    if not os.path.lexists(path):
        return None
    from ftz_cli.core.files import read_small

    shown = ws.rel(ws.own(path))
    try:
        data = read_small(path, shown, 1 << 20, "简报文字应是普通的 YAML 文件（写法见 docs/reports.md）。")
    except OSError as err:
        raise FtzError(Diagnostic("E001", f"无法读取“{shown}”：{err.strerror}", shown)) from None
    return notes(data, shown)


# -- the issue log --------------------------------------------------------------------
# ``issued/<series>-<year>-<number>-<writer>.yaml``: one small file per brief and writer, so that
# two clones issuing briefs merge in git with nothing to merge line by line; two desks that
# issued the same 期号 both keep their entry, and ``validate`` names the pair (E023). The
# older one-file log ``issued.yaml`` is still read, and never rewritten.

def read_log(ws: Workspace) -> list[Issued]:
    """Every issued brief: the old ``issued.yaml`` first, in its order, then ``issued/``, by
    date, series and number. No file is an empty log. This is the reading API for anything
    that asks what was issued when (``next_number``, ``previous``, reminders)."""
    old = ws.root / ISSUE_LOG
    entries = _read_file(ws, old) if os.path.lexists(old) else []
    folder = ws.own(ws.root / ISSUE_DIR)
    try:
        files = sorted(p for p in folder.iterdir() if p.name.endswith(".yaml") and not p.name.startswith("."))
    except FileNotFoundError:
        files = []
    except OSError as err:
        raise FtzError(Diagnostic("E001", f"无法读取“{ISSUE_DIR}”：{err.strerror}", ISSUE_DIR)) from None
    new = [e for path in files for e in _read_file(ws, path)]
    return entries + sorted(new, key=lambda e: (e.date, e.series, e.number, e.file))


def _read_file(ws: Workspace, path: Path) -> list[Issued]:
    return issue_log(_log_bytes(ws, path), ws.rel(path))


def _log_bytes(ws: Workspace, path: Path) -> bytes:
    """The bytes of a file of the issue log: the workspace's own, bounded (E007, E009, E004)."""
    from ftz_cli.core.files import read_small

    shown = ws.rel(ws.own(path))
    try:
        return read_small(path, shown, 1 << 20, "简报登记应是普通的 YAML 文件。")
    except OSError as err:
        raise FtzError(Diagnostic("E001", f"无法读取“{shown}”：{err.strerror}", shown)) from None


def log_issued(ws: Workspace, entries: list[Issued]) -> None:
    """Log ``entries`` (one already there, same file and as-of, is skipped), each in the file of
    its brief and this writer, with the workspace's permissions (those of its plan)."""
    from ftz_cli.store.layout import writer

    with lock(ws.root / UPDATES_DIR):  # updates/.lock, kept out of git by its .gitignore
        with contextlib.suppress(OSError):  # the lock an older ftz left in git's sight
            (ws.root / ".issued.lock").unlink(missing_ok=True)
        known = {(e.series, e.number, e.as_of, e.file) for e in read_log(ws)}
        new = [e for e in entries if (e.series, e.number, e.as_of, e.file) not in known]
        by_file: dict[Path, list[Issued]] = {}
        name = writer(ws.settings.writer)
        for e in new:
            path = ws.root / ISSUE_DIR / f"{e.series}-{e.as_of.year}-{e.number:03d}-{name}.yaml"
            by_file.setdefault(path, []).append(e)
        for path, group in by_file.items():
            _append(ws, path, group)


def _append(ws: Workspace, path: Path, group: list[Issued]) -> None:
    shown = ws.rel(ws.own(path))
    try:
        path.parent.mkdir(exist_ok=True)
        old = _log_bytes(ws, path) if os.path.lexists(path) else _LOG_HEADER.encode("utf-8")
        if old and not old.endswith(b"\n"):
            old += b"\n"
        mode = ws.plan_path.stat().st_mode & 0o666 if ws.plan_path.exists() else None
        atomic.write(path, old + issue_entries(group).encode("utf-8"), mode=mode)
    except OSError as err:
        raise FtzError(Diagnostic("E405", f"无法写入“{shown}”：{err.strerror or err}", shown)) from None


_LOG_HEADER = ("# 简报登记：ftz report / ftz weekly 发出这一期时追加（草稿 --draft 不登记）。\n"
               "# 每期每位录入者一个文件，git 合并时不会冲突；可以手工更正。\n")
