"""Where a record is appended: checked against the workspace, then added to the writer's file.

Update files are append-only logs: a new record is added after the existing bytes, which
are kept exactly, comments included. New records are checked first without the lock (wrong
input touches nothing); the write then takes the lock, checks again if another writer came
first, and replaces the file atomically (temp file, fsync, rename), so concurrent writers
queue up and a crash leaves the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ftz_cli.core.errors import Diagnostic, FtzError, has_errors
from ftz_cli.core.history import History
from ftz_cli.core.model import Update
from ftz_cli.core.names import safe_name
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.incoming import each_checked, histories_with, needed_from, new_problems, on_top, workable
from ftz_cli.parse.recordfile import appendable, render
from ftz_cli.parse.records import Raw
from ftz_cli.parse.ytree import MAX_BYTES
from ftz_cli.store import atomic, layout
from ftz_cli.store.load import Loaded, load
from ftz_cli.store.workspace import Workspace


def _now() -> dt.datetime:
    return dt.datetime.now(CHINA).replace(microsecond=0)


Checked = tuple[list[Update], list[Diagnostic], Loaded, dict[str, History]]


def record(ws: Workspace, raws: Sequence[Raw], today: dt.date, *, replace: bool = False,
           dry_run: bool = False, now: dt.datetime | None = None, writer: str = "", confirm: bool = False
           ) -> Checked:
    """Check ``raws`` against the workspace and, unless dry_run, append them; all or nothing.
    Returns the records, the warnings, the workspace they were checked against and the
    histories of their items with them (for the echo).

    Wrong input is refused before anything on disk is touched (not even the lock file);
    right input is checked again under the lock, against what is there by then. A figure
    held for checking (core/slips.py) is refused (E232) unless ``confirm``: then it is
    recorded as confirmed (已核实).
    """
    ws.require_writable()
    stamp = now or _now()
    seen = _signature(ws)
    checked = _check_new(ws, raws, today, replace, stamp, confirm)
    if dry_run or not checked[0]:
        return checked
    with locked(ws):
        if _signature(ws) != seen:  # another writer came first: check against its records too
            checked = _check_new(ws, raws, today, replace, stamp, confirm)
        append(ws, checked[0], stamp, writer)
    return checked


def _signature(ws: Workspace) -> tuple[tuple[str, int, int, int], ...]:
    """What the plan and update files are on disk now; an append always changes it."""
    found = []
    for path in (ws.plan_path, *layout.update_files(ws.updates_dir)):
        with contextlib.suppress(OSError):
            stat = path.stat()
            found.append((str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(found)


def _check_new(ws: Workspace, raws: Sequence[Raw], today: dt.date, replace: bool,
               stamp: dt.datetime, confirm: bool) -> Checked:
    """Load the workspace and check ``raws`` against it (the rules: parse/incoming.py), asking
    its index only for the records the rules compare new ones with."""
    loaded = load(ws, today)
    workable(loaded.diagnostics)
    new, problems = each_checked(loaded.plan, loaded.records, raws, today, stamp)
    # the checks across records are item by item: only the new records' items need them again
    since = needed_from(loaded.plan, loaded.records, [u for u, _ in new])
    old = loaded.records.around(since)
    marked, located, skipped = on_top(loaded.plan, old, new, raws, replace=replace, confirm=confirm)
    problems += skipped
    problems.extend(new_problems(loaded.plan, loaded.diagnostics, loaded.records, located, {id(u) for u, _ in marked}))
    if has_errors(problems):
        raise FtzError(problems)
    updates = [u for u, _ in marked]
    return updates, problems, loaded, histories_with(loaded.plan, loaded.records, since, old, updates)


def locked(ws: Workspace) -> contextlib.AbstractContextManager[None]:
    """Hold the workspace's write lock: one writer at a time, others wait."""
    return layout.lock(ws.updates_dir)


_NEW_FILE = "# ftz 进度记录（{month}录入）：由 ftz update / ftz import 追加。\n" \
            "# 可以手工更正，改后请运行 ftz validate。\n"


def append(ws: Workspace, updates: Sequence[Update], now: dt.datetime, by: str = ""
           ) -> tuple[Path, bytes]:
    """Add ``updates`` to this writer's file for this month, keeping its bytes; atomic and
    fsynced (``by``: a writer's name that overrides the usual one). Returns the file and the
    bytes now in it. Call with the lock held (``locked``).
    """
    local = now.astimezone(CHINA)
    folder = ws.own(ws.updates_dir / f"{local:%Y-%m}")  # a month's folder linked elsewhere is not written
    created = not folder.is_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for orphan in atomic.orphans(folder, "*.yaml"):  # left by a writer that was killed
        orphan.unlink(missing_ok=True)
    added = "".join(render(u) for u in updates).encode("utf-8")
    path, old = _log_for(ws, folder, safe_name(by) or layout.writer(ws.settings.writer), len(added))
    if old is None:
        old = _NEW_FILE.format(month=f"{local.year}年{local.month}月").encode()
    new = atomic.extend(path, old, added)
    if created:
        atomic.sync_dir(ws.updates_dir)
    return path, new


def _log_for(ws: Workspace, folder: Path, name: str, adding: int) -> tuple[Path, bytes | None]:
    """This writer's log in ``folder`` and its bytes (None if new); a log edited by hand
    into a shape records cannot be appended to, or that ``adding`` bytes would grow past
    what ftz reads (E004), is left as it is, and the next one (zhang_2.yaml …) is used."""
    if adding + 512 > MAX_BYTES:  # no file could hold them with its header
        raise FtzError(Diagnostic("E004", f"这次要录入的记录有 {adding / (1 << 20):.1f} MB，超过一个进度文件"
                                  f"的上限 {MAX_BYTES >> 20} MB", ws.rel(folder), hint="请把要录入的内容分成几次导入。"))
    for number in range(1, 1000):
        path = folder / (f"{name}.yaml" if number == 1 else f"{name}_{number}.yaml")
        if not path.exists():
            return path, None
        old = path.read_bytes()
        if len(old) + adding <= MAX_BYTES and appendable(old.decode("utf-8", "replace")):
            return path, old
    raise FtzError(Diagnostic("E405", f"{ws.rel(folder)} 中 {name} 的进度文件过多，无法写入", ws.rel(folder),
                              hint="请整理 updates 文件夹后再录入。"))
