"""The office's own files beside the plan: its words for each brief, the log of issued briefs
and the lights each printed (their formats: ``parse/briefs.py``).

- ``notes/YYYY-MM-DD.yaml`` (named by the brief's as-of date): 存在问题 and 下一步工作, for the
  whole brief and per area, written by staff and carried verbatim into 四、存在问题和下一步工作.
- ``issued/<series>-<year>-<number>-<writer>.yaml`` (and the older ``issued.yaml``): one entry
  per issued brief (series, number, date, as-of, file). The next brief takes the next number
  of its series in the as-of year; "since the previous brief" means the latest entry before
  this one's as-of date. ftz only appends (under a lock, atomically); staff may correct the
  files by hand. ``read_log`` is the one way to read them.
- ``issued/lights/report-2021-12-2021-06-30.json`` (``report-2021-12.json`` before, still
  read): the yellow and red items an issued brief printed, for 督办 (``core.escalation``),
  written when the brief is issued. One file per issue, beside the issue log rather than
  inside it: two desks issuing in turn merge in git without a conflict.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.issues import Issued
from ftz_cli.core.oserrors import os_diagnostic
from ftz_cli.parse import briefs as formats
from ftz_cli.store import atomic
from ftz_cli.store.layout import lock
from ftz_cli.store.workspace import UPDATES_DIR, Workspace

NOTES_DIR = "notes"
ISSUE_LOG = "issued.yaml"  # the older one-file log: read, never written
ISSUE_DIR = "issued"
_LOG_HINT = "简报登记应是普通的 YAML 文件。"
LIGHTS_DIR = "issued/lights"
SERIES = "report"  # the series of ``ftz report``'s briefs in the issue log


def notes_path(ws: Workspace, as_of: dt.date) -> Path:
    return ws.root / NOTES_DIR / f"{as_of.isoformat()}.yaml"


def read_notes(ws: Workspace, as_of: dt.date) -> dict[str, Any] | None:
    """The office's text for the brief as of ``as_of`` (``parse.briefs.notes``), or None when
    there is no file."""
    path = notes_path(ws, as_of)
    if not os.path.lexists(path):
        return None
    return formats.notes(ws.read_own(path, "简报文字应是普通的 YAML 文件（写法见 docs/reports.md）。"), ws.rel(path))


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
    entries = _read_log(ws, old) if os.path.lexists(old) else []
    folder = ws.own(ws.root / ISSUE_DIR)
    try:
        files = sorted(p for p in folder.iterdir() if p.name.endswith(".yaml") and not p.name.startswith("."))
    except FileNotFoundError:
        files = []
    except OSError as err:
        raise FtzError(Diagnostic("E001", f"无法读取“{ISSUE_DIR}”：{err.strerror}", ISSUE_DIR)) from None
    new = [e for path in files for e in _read_log(ws, path)]
    return entries + sorted(new, key=lambda e: (e.date, e.series, e.number, e.file))


def _read_log(ws: Workspace, path: Path) -> list[Issued]:
    return formats.issue_log(ws.read_own(path, _LOG_HINT), ws.rel(path))


def check_loggable(ws: Workspace) -> None:
    """Before an issued brief is written: its 期号 can be logged. A read-only workspace (a
    share mounted read-only, a folder without write permission) is said now, with the way
    out, not after the brief is out with a number no log holds."""
    try:
        with lock(ws.root / UPDATES_DIR):
            return
    except OSError as err:
        said = os_diagnostic(err)
    except FtzError as err:  # the lock refused (a folder or a link in its place): said, with the way out
        if len(err.diagnostics) != 1:
            raise
        said = err.diagnostics[0]
    raise FtzError(said._replace(hint=said.hint + "简报要在工作区的 issued/ 中登记期号，所以没有生成；"
                                 "只想看一看，可以加 --draft 生成不占期号的草稿。"))


def log_issued(ws: Workspace, entries: list[Issued]) -> None:
    """Log ``entries`` (one already there, same file and as-of, is skipped), each in the file of
    its brief and this writer, with the workspace's permissions (those of its plan)."""
    from ftz_cli.store.layout import writer

    with lock(ws.root / UPDATES_DIR):  # updates/.lock, kept out of git by its .gitignore
        with contextlib.suppress(OSError):  # the lock an older ftz left in git's sight
            (ws.root / ".issued.lock").unlink(missing_ok=True)
        for file, group in formats.log_files(read_log(ws), entries, writer(ws.settings.writer)).items():
            _append(ws, ws.root / ISSUE_DIR / file, group)


def _append(ws: Workspace, path: Path, group: list[Issued]) -> None:
    shown = ws.rel(ws.own(path))
    try:
        path.parent.mkdir(exist_ok=True)
        old = ws.read_own(path, _LOG_HINT) if os.path.lexists(path) else formats.LOG_HEADER.encode()
        mode = ws.plan_path.stat().st_mode & 0o666 if ws.plan_path.exists() else None
        atomic.extend(path, old, formats.issue_entries(group).encode("utf-8"), mode=mode)
    except OSError as err:
        raise FtzError(os_diagnostic(err, Path(shown), "E405")) from None


# -- the lights each issued brief printed -----------------------------------------------

def _lights(ws: Workspace, issued: Issued, *, old: bool = False) -> Path:
    return ws.own(ws.root / LIGHTS_DIR / formats.lights_name(issued, old=old))


def record_lights(ws: Workspace, issued: Issued, lights: Mapping[str, str]) -> None:
    """Write (or rewrite, when the same issue is written again) the brief's yellow and red items."""
    path = _lights(ws, issued)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write(path, formats.lights_file(issued, lights))


def read_lights(ws: Workspace, issued: Issued) -> dict[str, str] | None:
    """The lights a brief recorded; None when it recorded none (or the file is not ours)."""
    from ftz_cli.core.files import read_regular

    path = _lights(ws, issued)
    data = read_regular(path if path.exists() else _lights(ws, issued, old=True), 1 << 20)
    try:
        return formats.printed_lights(data.decode("utf-8"), issued) if data is not None else None
    except ValueError:
        return None
