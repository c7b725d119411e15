"""The workspace on disk: loading the plan and the update files (``recording`` appends).

Update files (``updates/YYYY-MM/<writer>.yaml``, by the month a record was entered and who
entered it, see ``layout``; ``updates/YYYY-MM.yaml`` in older workspaces) are each parsed
once per content (``cache``); the order of precedence of their records and the checks
across them are cached by the keys of all of them together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError, has_errors
from ftz_cli.core.model import Plan, Update
from ftz_cli.core.snapshot import Book
from ftz_cli.core.units import check_assignments
from ftz_cli.store import cache, logfile
from ftz_cli.store.crosscheck import Located, cross_check
from ftz_cli.store.workspace import SETTINGS_FILE, Workspace


@dataclass(frozen=True, slots=True)
class Loaded:
    """A workspace read from disk: its book (plan, valid updates, settings), and the diagnostics."""

    workspace: Workspace
    book: Book
    diagnostics: tuple[Diagnostic, ...]
    plan_digest: bytes
    places: tuple[tuple[str, int, int], ...] = ()  # where each update stands (path, line, column), if asked

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


def load(ws: Workspace, today: dt.date, contents: Contents | None = None, *,
         places: bool = False) -> Loaded:
    """Read and check the plan and every update file; raise when the plan is unusable.
    ``places``: note where each update stands (what checking new records against them needs)."""
    return loaded_and_latest(ws, today, contents, places=places)[0]


def loaded_and_latest(ws: Workspace, today: dt.date, contents: Contents | None = None, *,
                      places: bool = False) -> tuple[Loaded, int]:
    """``load``, and the latest date (an ordinal) of any record, recorded or refused."""
    import gc

    paused = gc.isenabled()
    gc.disable()  # a load makes many objects and no cycles: collecting would only cost time
    try:
        return _load(ws, today, contents, places)
    finally:
        gc.freeze()  # and later collections need not look through them again
        if paused:
            gc.enable()


def _load(ws: Workspace, today: dt.date, contents: Contents | None, places: bool
          ) -> tuple[Loaded, int]:
    plan, problems, digest = load_plan(ws, contents)
    if plan is None:
        raise FtzError(problems)
    diagnostics = list(problems)
    diagnostics.extend(check_assignments(plan, ws.settings.units, ws.rel(ws.root / SETTINGS_FILE)))
    files = ws.update_files() if contents is None else [
        p for p in contents if p not in (ws.plan_path, ws.document_path)]
    chunks: list[tuple[str, list[logfile.Record]]] = []  # each file's rows, in reading order
    read: list[Update] = []  # their updates, in the same order
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
        latest = max(latest, max(map(operator.itemgetter(1), parsed[0]), default=0),
                     max(map(operator.itemgetter(0), parsed[2]), default=0))
        kept, more = logfile.dated(parsed, shown, today)
        diagnostics.extend(more)
        read += kept
        chunks.append((shown, parsed[0]))
    # with no record dated after today every record is kept, and the order and the checks
    # across records depend on the files alone: cached by their keys
    if latest <= today.toordinal():
        order, across = cache.cached("across", str(ws.root), keys, lambda: _across(plan, chunks, read),
                                     codec="marshal")
    else:
        order, across = _across(plan, chunks, read)
    diagnostics.extend(Diagnostic(*d) for d in across)
    ordered = tuple(read) if order is None else tuple(read[i] for i in order)
    book = Book(plan, ordered, ws.settings, bundled=ws.readonly)
    where = _places(chunks, order) if places else ()
    return Loaded(ws, book, tuple(diagnostics), digest, where), latest


def _located(chunks: list[tuple[str, list[logfile.Record]]], read: list[Update]) -> list[Located]:
    """Each update with its file, line and column, in reading order."""
    line, start = logfile.LINE, 0
    located: list[Located] = []
    for shown, rows in chunks:
        located += [(u, shown, r[line], r[line + 1]) for u, r in zip(read[start:start + len(rows)], rows, strict=True)]
        start += len(rows)
    return located


def _places(chunks: list[tuple[str, list[logfile.Record]]], order: list[int] | None
            ) -> tuple[tuple[str, int, int], ...]:
    line = logfile.LINE
    spots = [(shown, r[line], r[line + 1]) for shown, rows in chunks for r in rows]
    return tuple(spots) if order is None else tuple(spots[i] for i in order)


def _across(plan: Plan, chunks: list[tuple[str, list[logfile.Record]]], read: list[Update]
            ) -> tuple[list[int] | None, list[tuple[Any, ...]]]:
    """The records' order of precedence (None: as read), and the problems across records,
    as plain values.

    Precedence: recorded_at (ISO text in China time, which sorts as time does), then file
    and line: the order the records were read in, which a stable sort keeps."""
    stamp = logfile.STAMP
    stamps = [r[stamp] for _, rows in chunks for r in rows]
    located = _located(chunks, read)
    order: list[int] | None = None  # records usually are read in the order they were made
    if not all(map(operator.le, stamps, stamps[1:])):
        order = sorted(range(len(stamps)), key=stamps.__getitem__)
        located = [located[i] for i in order]
    return order, [(d.code, d.message, d.path, d.line, d.column, d.hint, d.severity)
                   for d in cross_check(plan, located)]


def parsed_file(path: Path, shown: str, data: bytes, plan: Plan, digest: bytes
                ) -> tuple[logfile.Parsed, str]:
    """One update file read and checked, from the cache when these bytes were seen before;
    and the cache key of those bytes."""
    key = cache.key([data, digest, shown.encode()]) if cache.cache_dir() is not None else ""
    return cache.cached("updates", str(path), [], lambda: logfile.parse(data, shown, plan),
                        codec="marshal", known=key), key


def loaded_or_fail(ws: Workspace, today: dt.date) -> Loaded:
    """The workspace, or an error listing every problem in it (reading commands)."""
    loaded = load(ws, today)
    errors = [d for d in loaded.diagnostics if d.severity == "error"]
    if errors:
        raise FtzError(errors + [Diagnostic(
            "E405", f"工作区有 {len(errors)} 个错误，请先更正", hint="运行 ftz validate 查看全部问题。")])
    return loaded
