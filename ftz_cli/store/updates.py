"""The workspace on disk: loading the plan and the update files (``recording`` appends).

Update files (``updates/YYYY-MM/<writer>.yaml``, by the month a record was entered and who
entered it, see ``layout``; ``updates/YYYY-MM.yaml`` in older workspaces) are each parsed
once per content (``cache``); what they hold together (their records by item, the
checks across records) is one entry (``stored``), keyed by all their contents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError, has_errors
from ftz_cli.core.model import Plan, Update
from ftz_cli.core.snapshot import Book
from ftz_cli.core.units import check_assignments
from ftz_cli.parse.dates import cn_date
from ftz_cli.store import cache, logfile, stored
from ftz_cli.store.crosscheck import Located
from ftz_cli.store.workspace import SETTINGS_FILE, Workspace


@dataclass(frozen=True, slots=True)
class Loaded:
    """A workspace read from disk: its book (plan, valid updates, settings), and the diagnostics."""

    workspace: Workspace
    book: Book
    diagnostics: tuple[Diagnostic, ...]
    plan_digest: bytes
    records: stored.StoredRecords  # the records item by item, with where each stands
    keys: list[tuple[Path, bytes]]  # each update file, with the cache key of what was read

    def located(self, ids: Collection[str] | None) -> list[Located]:
        """The records of ``ids`` (all when None) with file, line and column, in recording order."""
        return self.records.located(ids)

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
                            shown), valid=_planned)
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
    if not ws.plan:  # ftz.yaml's units are the default plan's; another plan assigns its own
        diagnostics.extend(check_assignments(plan, ws.settings.units, ws.rel(ws.root / SETTINGS_FILE)))
    slots = _slots(ws, contents, digest)
    readable = [s for s in slots if isinstance(s, tuple)]
    parts = [(s[0], s[3].encode()) if isinstance(s, tuple) else (s[1], b"\0unreadable") for s in slots]
    # what every file holds together depends on their bytes alone (and the plan): one entry
    found = cache.cached("book", str(ws.root), [digest, *(key for _, key in parts)], lambda: stored.entry(plan, [
        (shown, parsed_file(path, shown, data, plan, key)) for path, shown, data, key in readable]),
        codec="marshal", valid=stored.well_formed)
    late = found["latest"] > today.toordinal()  # then each file's problems say which records are
    for slot in slots:
        if isinstance(slot, list):
            diagnostics.extend(slot[0])
        elif late:
            path, shown, data, key = slot
            diagnostics.extend(_problems_on(parsed_file(path, shown, data, plan, key), shown, today))
        else:
            diagnostics.extend(Diagnostic(*d) for d in found["problems"][slot[1]])
    across = found["across"]
    diagnostics.extend(Diagnostic(*d) for item in plan.items for d in across.get(item.id, ()))
    records = stored.StoredRecords(found, plan)
    settings = replace(ws.settings, units=plan.units) if ws.plan else ws.settings
    book = Book(plan, settings=settings, bundled=ws.readonly, stored=records)
    return Loaded(ws, book, tuple(diagnostics), digest, records, parts), found["latest"]


def _problems_on(parsed: logfile.Parsed, shown: str, today: dt.date) -> list[Diagnostic]:
    """The file's problems as of ``today``: W221 for a record dated after this PC's today
    (its clock may be behind the writer's; the record still counts)."""
    records, flat, dates = parsed
    problems = [Diagnostic(*d) for d in flat]
    limit = today.toordinal()
    late = [(o, ln, c) for o, ln, c in dates if o > limit]
    late += [(r[1], r[logfile.DLINE], r[logfile.DLINE + 1]) for r in records if r[1] > limit]
    for ordinal, line, column in late:
        problems.append(Diagnostic(
            "W221", f"记录的日期 {cn_date(dt.date.fromordinal(ordinal))} 晚于这台电脑的今天（{cn_date(today)}）",
            shown, line, column, "如果这台电脑的日期不对，请校准系统时间；如果记录的日期写错了，请更正。",
            "warning"))
    if late:
        problems.sort(key=lambda d: (d.line or 0, d.column or 0))
    return problems


def _slots(ws: Workspace, contents: Contents | None, digest: bytes) -> list[Any]:
    """Every update file, read once: (path, shown path, bytes, their cache key), or
    [the problems that stopped ftz reading it, path]."""
    files = ws.update_files() if contents is None else [
        p for p in contents if p not in (ws.plan_path, ws.document_path, ws.root / SETTINGS_FILE)]
    slots: list[Any] = []
    for path in files:
        shown = ws.rel(path)
        try:
            data = _read(path, shown, contents, log=True)
        except FtzError as err:
            slots.append([list(err.diagnostics), path])
            continue
        slots.append((path, shown, data, file_key(shown, data, digest)))
    return slots


def parsed_file(path: Path, shown: str, data: bytes, plan: Plan, key: str) -> logfile.Parsed:
    """One update file read and checked, from the cache when these bytes (``key``) were
    seen before."""
    return cache.cached("updates", str(path), [], lambda: logfile.parse(data, shown, plan),
                        codec="marshal", known=key, valid=_parsed)


def _planned(value: object) -> bool:
    """Whether a stored value has a parsed plan's shape: the plan (or None), its problems."""
    return (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list)
            and (value[0] is None or isinstance(value[0], Plan)))


def _parsed(value: object) -> bool:
    """Whether a stored value has a parse's shape: records, problems, refused dates."""
    return isinstance(value, tuple) and len(value) == 3 and all(isinstance(part, list) for part in value)


def file_key(shown: str, data: bytes, digest: bytes) -> str:
    """The cache key of an update file's bytes (empty with no cache)."""
    return cache.key([data, digest, shown.encode()]) if cache.cache_dir() is not None else ""


def loaded_or_fail(ws: Workspace, today: dt.date) -> Loaded:
    """The workspace, or an error listing every problem in it (reading commands)."""
    loaded = load(ws, today)
    errors = [d for d in loaded.diagnostics if d.severity == "error"]
    if errors:
        raise FtzError(errors + [Diagnostic(
            "E405", f"工作区有 {len(errors)} 个错误，请先更正", hint="运行 ftz validate 查看全部问题。")])
    return loaded
