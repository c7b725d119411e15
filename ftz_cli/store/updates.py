"""The workspace on disk: loading the plan and the update files, and appending records.

Update files (``updates/YYYY-MM/<writer>.yaml``, by the month a record was entered and who
entered it, see ``layout``; ``updates/YYYY-MM.yaml`` in older workspaces) are append-only
logs: a new record is added after the existing bytes, which are kept exactly, comments
included. New records are checked first without the lock (wrong input touches nothing);
the write then takes the lock, checks again if another writer came first, and replaces
the file atomically (temp file, fsync, rename), so concurrent writers queue up and a
crash leaves the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError, has_errors
from ftz_cli.core.model import Plan, Update
from ftz_cli.core.snapshot import Book
from ftz_cli.core.units import check_assignments
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.records import Raw, check
from ftz_cli.parse.values import clean_number
from ftz_cli.store import cache, logfile
from ftz_cli.store.crosscheck import contested
from ftz_cli.store.crosscheck import cross_check as cross_check
from ftz_cli.store.layout import update_files
from ftz_cli.store.logwrite import append, locked
from ftz_cli.store.logwrite import render as render
from ftz_cli.store.workspace import SETTINGS_FILE, Workspace


@dataclass(frozen=True, slots=True)
class Loaded:
    """A workspace read from disk: its book (plan, valid updates, settings), and the diagnostics."""

    workspace: Workspace
    book: Book
    diagnostics: tuple[Diagnostic, ...]
    plan_digest: bytes
    places: tuple[tuple[str, int, int], ...] = ()  # where each update stands: path, line, column

    @property
    def plan(self) -> Plan:
        return self.book.plan

    @property
    def updates(self) -> tuple[Update, ...]:
        return self.book.updates


# files read once, by path (see validation.py); None: not read (not a regular file)
Contents = dict[Path, "bytes | OSError | None"]


def _read(path: Path, shown: str, contents: Contents | None = None, *, log: bool = False) -> bytes:
    if log and path.is_symlink():  # appending would replace the link, reading follows it anywhere
        raise FtzError(Diagnostic("E007", f"进度文件 {shown} 是符号链接，ftz 不读也不改写它", shown,
                                  hint="把它换成真正的文件（复制链接指向的内容），或移出 updates 文件夹。"))
    if log and path.exists() and not path.is_dir() and not path.is_file():  # reading a FIFO never ends
        raise FtzError(Diagnostic("E009", f"{shown} 不是普通文件（是设备或命名管道）", shown,
                                  hint="把它移出 updates 文件夹。"))
    try:
        got = contents.get(path) if contents is not None else None
        if isinstance(got, OSError):
            raise got
        if got is not None:
            return got
        return path.read_bytes()
    except FileNotFoundError:
        raise FtzError(Diagnostic("E001", f"找不到文件 {shown}", shown,
                                  hint="用“ftz init 文件夹”新建工作区。")) from None
    except IsADirectoryError:
        raise FtzError(Diagnostic("E001", f"{shown} 是文件夹，不是文件", shown,
                                  hint="请把这个文件夹改名或移走（不要以 .yaml 结尾）。")) from None
    except PermissionError:
        raise FtzError(Diagnostic("E001", f"没有权限读取 {shown}", shown,
                                  hint="请检查文件的读取权限。")) from None
    except OSError as err:
        raise FtzError(Diagnostic("E001", f"无法读取 {shown}：{err.strerror}", shown)) from None


def _parse_plan(data: bytes, document: str | None, shown: str) -> tuple[Plan | None, list[Diagnostic]]:
    from ftz_cli.parse import yamlio
    from ftz_cli.parse.plan import build_plan

    text, problems = yamlio.decode(data, shown)
    if text is None:
        return None, problems
    tree, problems = yamlio.load(text, shown)
    if has_errors(problems):
        return None, problems
    plan, more = build_plan(tree, shown, document)
    return plan, problems + more


def load_plan(ws: Workspace, contents: Contents | None = None
              ) -> tuple[Plan | None, list[Diagnostic], bytes]:
    shown = ws.rel(ws.plan_path)
    data = _read(ws.plan_path, shown, contents)
    try:
        document = _read(ws.document_path, ws.rel(ws.document_path), contents)
    except FtzError:
        document = b""
    plan, problems = cache.cached(
        "plan", str(ws.plan_path), [data, document],
        lambda: _parse_plan(data, document.decode("utf-8", "replace") if document else None,
                            shown))
    digest = hashlib.blake2b(data + b"\0" + document, digest_size=16).digest()
    if not document.strip() and ws.document_path.parent == ws.root:
        problems = [*problems, Diagnostic(  # else every quote would pass unchecked
            "E003", "文档文件是空的，无法核对计划中的来源原文", ws.rel(ws.document_path),
            hint="把发言原文放回 document.txt；或删去这个文件，使用 ftz 自带的原文。")]
    return plan, problems, digest


def load(ws: Workspace, today: dt.date, contents: Contents | None = None) -> Loaded:
    """Read and check the plan and every update file; raise when the plan is unusable."""
    return loaded_and_latest(ws, today, contents)[0]


def loaded_and_latest(ws: Workspace, today: dt.date, contents: Contents | None = None
                      ) -> tuple[Loaded, int]:
    """``load``, and the latest date (an ordinal) of any record, recorded or refused."""
    import gc

    paused = gc.isenabled()
    gc.disable()  # a load makes many objects and no cycles: collecting would only cost time
    try:
        return _load(ws, today, contents)
    finally:
        gc.freeze()  # and later collections need not look through them again
        if paused:
            gc.enable()


def _load(ws: Workspace, today: dt.date, contents: Contents | None) -> tuple[Loaded, int]:
    plan, problems, digest = load_plan(ws, contents)
    if plan is None:
        raise FtzError(problems)
    diagnostics = list(problems)
    diagnostics.extend(check_assignments(plan, ws.settings.units, ws.rel(ws.root / SETTINGS_FILE)))
    located: list[logfile.Located] = []
    files = ws.update_files() if contents is None else [
        p for p in contents if p not in (ws.plan_path, ws.document_path)]
    latest, keys = 0, [digest]
    for path in files:
        shown = ws.rel(path)
        try:
            data = _read(path, shown, contents, log=True)
        except FtzError as err:
            diagnostics.extend(err.diagnostics)
            keys.append(b"\0unreadable")
            continue
        parsed, key = parsed_file(path, shown, data, plan, digest)
        keys.append(key.encode())
        latest = max(latest, max((r[1] for r in parsed[0]), default=0), max((d[0] for d in parsed[2]), default=0))
        kept, more = logfile.dated(parsed, shown, today)
        diagnostics.extend(more)
        located += kept
    # with no record dated after today every record is kept, and the order and the checks
    # across records depend on the files alone: cached by their keys
    if latest <= today.toordinal():
        order, across = cache.cached("across", str(ws.root), keys, lambda: _across(plan, located),
                                     codec="marshal")
    else:
        order, across = _across(plan, located)
    located = [located[i] for i in order]
    diagnostics.extend(Diagnostic(*d) for d in across)
    book = Book(plan, tuple(e[0] for e in located), ws.settings, bundled=ws.readonly)
    loaded = Loaded(ws, book, tuple(diagnostics), digest, tuple((e[1], e[2], e[3]) for e in located))
    return loaded, latest


def _across(plan: Plan, located: list[logfile.Located]) -> tuple[list[int], list[tuple[Any, ...]]]:
    """The records' order of precedence, and the problems across records, as plain values.

    Precedence: recorded_at (ISO text in China time, which sorts as time does), then file
    and line: the order the records were read in, which a stable sort keeps."""
    order = sorted(range(len(located)), key=lambda i: located[i][4])
    ordered = [located[i][:4] for i in order]
    return order, [(d.code, d.message, d.path, d.line, d.column, d.hint, d.severity)
                   for d in cross_check(plan, ordered)]


def parsed_file(path: Path, shown: str, data: bytes, plan: Plan, digest: bytes
                ) -> tuple[logfile.Parsed, str]:
    """One update file read and checked, from the cache when these bytes were seen before;
    and the cache key of those bytes."""
    key = cache.key([data, digest, shown.encode()]) if cache.cache_dir() is not None else ""
    return cache.cached("updates", str(path), [], lambda: logfile.parse(data, shown, plan),
                        codec="marshal", known=key), key


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
    # the next command finds the file it would parse already parsed
    with contextlib.suppress(FtzError):
        parsed_file(path, ws.rel(path), data, loaded.plan, loaded.plan_digest)
    return updates, problems, loaded


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
    old = [(u, *place) for u, place in zip(loaded.updates, loaded.places, strict=True) if u.id in ids]
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
    from dataclasses import replace as dc_replace

    return dc_replace(update, recorded_at=max(seen) + dt.timedelta(seconds=1))


def _with_replace(update: Update, replace: bool) -> Update:
    if not replace:
        return update
    from dataclasses import replace as dc_replace

    return dc_replace(update, replace=True)


def loaded_or_fail(ws: Workspace, today: dt.date) -> Loaded:
    """The workspace, or an error listing every problem in it (reading commands)."""
    loaded = load(ws, today)
    errors = [d for d in loaded.diagnostics if d.severity == "error"]
    if errors:
        raise FtzError(errors + [Diagnostic(
            "E405", f"工作区有 {len(errors)} 个错误，请先更正", hint="运行 ftz validate 查看全部问题。")])
    return loaded
