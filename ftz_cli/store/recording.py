"""Appending new records to the workspace.

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
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError, has_errors
from ftz_cli.core.model import Update
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.records import Raw, check
from ftz_cli.parse.values import clean_number
from ftz_cli.store import cache, stored
from ftz_cli.store.crosscheck import contested, cross_check
from ftz_cli.store.layout import update_files
from ftz_cli.store.logwrite import append, locked
from ftz_cli.store.updates import Loaded, file_key, load, parsed_file
from ftz_cli.store.workspace import Workspace


def _now() -> dt.datetime:
    return dt.datetime.now(CHINA).replace(microsecond=0)


def record(ws: Workspace, raws: Sequence[Raw], today: dt.date, *, replace: bool = False,
           dry_run: bool = False, now: dt.datetime | None = None, writer: str = ""
           ) -> tuple[list[Update], list[Diagnostic], Loaded]:
    """Check ``raws`` against the workspace and, unless dry_run, append them; all or nothing.

    Wrong input is refused before anything on disk is touched (not even the lock file);
    right input is checked again under the lock, against what is there by then.
    """
    ws.require_writable()
    stamp = now or _now()
    seen = _signature(ws)
    updates, problems, loaded = _check_new(ws, raws, today, replace, stamp)
    if dry_run or not updates:
        return updates, problems, loaded
    with locked(ws):
        if _signature(ws) != seen:  # another writer came first: check against its records too
            updates, problems, loaded = _check_new(ws, raws, today, replace, stamp)
        path, data = append(ws, updates, stamp, writer)
        files = update_files(ws.updates_dir)
    with contextlib.suppress(FtzError):
        _remember(ws, loaded, path, data, files)
    return updates, problems, loaded


def _remember(ws: Workspace, loaded: Loaded, path: Path, data: bytes, files: list[Path]) -> None:
    """Cache what the next command would find: the file written, parsed; and the whole
    workspace's entry, the loaded one with the new records' items described again, under
    the keys of the bytes it stands for (those loaded, and those written)."""
    if cache.cache_dir() is None:
        return
    shown = ws.rel(path)
    key = file_key(shown, data, loaded.plan_digest)
    parsed = parsed_file(path, shown, data, loaded.plan, key)
    known = dict(loaded.keys)
    if not set(known) <= {*files, path} or not set(files) <= {*known, path}:
        return  # files came or went since the load: the next command reads them
    patched = stored.patch(loaded.records.entry, loaded.plan, shown, parsed)
    if patched is not None:
        parts = [loaded.plan_digest, *(key.encode() if p == path else known[p] for p in files)]
        cache.cached("book", str(ws.root), parts, lambda: patched, codec="marshal")


def _signature(ws: Workspace) -> tuple[tuple[str, int, int, int], ...]:
    """What the plan and update files are on disk now; an append always changes it."""
    found = []
    for path in (ws.plan_path, *update_files(ws.updates_dir)):
        with contextlib.suppress(OSError):
            stat = path.stat()
            found.append((str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(found)


def _check_new(ws: Workspace, raws: Sequence[Raw], today: dt.date, replace: bool,
               stamp: dt.datetime) -> tuple[list[Update], list[Diagnostic], Loaded]:
    loaded = load(ws, today)
    # two writers' contradicting records (E250) do not block the correction that settles them
    blocking = [d for d in loaded.diagnostics if d.severity == "error" and d.code != "E250"]
    if blocking:
        raise FtzError(blocking + [Diagnostic(
            "E405", "工作区中已有错误，先更正后才能录入新数据",
            hint="运行 ftz validate 查看全部问题。")])
    new: list[tuple[Update, Raw]] = []
    problems: list[Diagnostic] = []
    for raw in raws:
        update, more = check(raw, loaded.plan, today, stamp)
        problems.extend(more)
        if update is not None:
            new.append((update, raw))
    # the checks across records are item by item: only the new records' items need them again
    ids = {u.id for u, _ in new}
    old = loaded.located(ids)
    disputed = contested(old)  # there a correction is never "the same again"
    kept, skipped = _drop_identical([u for u, *_ in old], [n for n in new if (n[0].id, n[0].date) not in disputed])
    still = {id(u) for u, _ in kept}
    new = [n for n in new if (n[0].id, n[0].date) in disputed or id(n[0]) in still]
    if skipped:
        problems.append(Diagnostic(
            "W206", f"已存在 {skipped} 条相同的记录（同一指标、同一日期、相同数值或状态），跳过",
            raws[0].path if raws else "", hint="重复导入同一份表格是安全的：只有新的或不同的数据才会录入。",
            severity="warning"))
    existing = {(u.id, u.date) for u, *_ in old}
    marked = [(_with_replace(u, replace and (u.id, u.date) in existing), raw) for u, raw in new]
    marked = [(_after(u, old), raw) for u, raw in marked]
    located = old + [(u, raw.path, *raw.positions.get("date", (raw.line, raw.column)))
                     for u, raw in marked]
    # problems of the records already there were reported by load(); only new ones count
    known = set(loaded.diagnostics)
    after = cross_check(loaded.plan, located)
    problems.extend(d for d in after if d not in known or d.code == "E250")
    if has_errors(problems):
        raise FtzError(problems)
    return [u for u, _ in marked], problems, loaded


def _drop_identical(old: Sequence[Update], new: list[tuple[Update, Raw]]
                    ) -> tuple[list[tuple[Update, Raw]], int]:
    """``new`` without the records that say again what is already recorded for their date
    (a re-sent sheet), and how many those were. A different value still needs --replace."""
    said: dict[tuple[str, dt.date], tuple[object, str | None]] = {}
    for update in old:  # in recording order: the effective record of a date is the last
        said[(update.id, update.date)] = (_same(update.value), update.status)
    kept: list[tuple[Update, Raw]] = []
    for update, raw in new:
        key, what = (update.id, update.date), (_same(update.value), update.status)
        if said.get(key) == what:
            continue
        said.setdefault(key, what)
        kept.append((update, raw))
    return kept, len(new) - len(kept)


def _same(value: float | None) -> object:
    return None if value is None else clean_number(value)


def _after(update: Update, old: Sequence[tuple[Any, ...]]) -> Update:
    """A correction stamped after every record it corrects: records of the same second (or
    from a clock ahead of this one) would otherwise precede it by file and line."""
    if not update.replace:
        return update
    seen = [u.recorded_at for u, *_ in old if (u.id, u.date) == (update.id, update.date)]
    if not seen or update.recorded_at > max(seen):
        return update
    return update._replace(recorded_at=max(seen) + dt.timedelta(seconds=1))


def _with_replace(update: Update, replace: bool) -> Update:
    if not replace:
        return update
    return update._replace(replace=True)
