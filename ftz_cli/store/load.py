"""Where the workspace is loaded: the plan, then every record file through the index.

Record files (``updates/YYYY-MM/<writer>.yaml``, by the month a record was entered and who
entered it, see ``layout``; ``updates/YYYY-MM.yaml`` in older workspaces) are read, and each
record checked, only when their bytes are new to the index (``index``: what is cached);
``append`` adds records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.files import read_bounded
from ftz_cli.core.model import Plan, Update
from ftz_cli.core.snapshot import Book
from ftz_cli.core.units import check_assignments
from ftz_cli.parse.ytree import MAX_BYTES, SPLIT_HINT
from ftz_cli.store import index, kept, lookup
from ftz_cli.store.workspace import SETTINGS_FILE, Workspace, own

if TYPE_CHECKING:
    from ftz_cli.parse.recordfile import FileRead


@dataclass(frozen=True, slots=True)
class Loaded:
    """A workspace read from disk: its book (plan, valid updates, settings), and the diagnostics."""

    workspace: Workspace
    book: Book
    diagnostics: tuple[Diagnostic, ...]
    records: lookup.Index  # the records item by item, with where each stands

    @property
    def plan(self) -> Plan:
        return self.book.plan

    @property
    def updates(self) -> tuple[Update, ...]:
        return self.book.updates


# files read once, by path (see validation.py); None: not read (not a regular file)
Contents = dict[Path, "bytes | OSError | None"]


def _read(path: Path, shown: str, contents: Contents | None = None, *, log: bool = False,
          root: Path | None = None) -> bytes:
    """The bytes of a file of the workspace: read already (``contents``), else now, bounded
    (``read_bounded``: a FIFO, a device, a file over ``MAX_BYTES`` is said, never waited on);
    a record file (``log``) is never a symlink, and a file under ``root`` never leads out of it."""
    if log:
        _no_link(path, shown)
    elif root is not None and path.is_relative_to(root):  # not the plan ftz ships
        own(root, path, shown)
    try:
        got = contents.get(path) if contents is not None else None
        if isinstance(got, OSError):
            raise got
        if got is not None:
            return got
        return read_bounded(path, shown, MAX_BYTES, f"把它移走，在这里放回普通的 {path.name}。",
                            SPLIT_HINT if log else "检查它是不是被别的文件替换了：可从备份或 git 中取回原来的文件。")
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


def _no_link(path: Path, shown: str) -> None:
    """A record file is read only when it is a file of its own, not a link (one look at the disk)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # reading it says why
    if stat.S_ISLNK(mode):  # appending would replace the link, reading follows it anywhere
        raise FtzError(Diagnostic("E007", f"进度文件 {shown} 是符号链接，ftz 不读也不改写它", shown,
                                  hint="把它换成真正的文件（复制链接指向的内容），或移出 updates 文件夹。"))


def load_plan(ws: Workspace, contents: Contents | None = None
              ) -> tuple[Plan | None, list[Diagnostic], bytes]:
    shown = ws.rel(ws.plan_path)
    data = _read(ws.plan_path, shown, contents, root=ws.root)
    document, unread = b"", []
    try:
        document = _read(ws.document_path, ws.rel(ws.document_path), contents, root=ws.root)
    except FtzError as err:  # none at all: a plan of plans/ may have no source to quote
        unread = list(err.diagnostics) if os.path.lexists(ws.document_path) else []
    # the plan's length first: no two pairs of plan and document give one digest
    digest = hashlib.blake2b(len(data).to_bytes(8, "little") + data + document, digest_size=16).digest()
    plan, problems = kept.plan(ws.updates_dir, index.index_key(digest), lambda: _read_plan(data, shown, document))
    problems = [*problems, *unread]
    if not unread and not document.strip() and ws.document_path.parent == ws.root:
        problems = [*problems, Diagnostic(  # else every quote would pass unchecked
            "E003", "文档文件是空的，无法核对计划中的来源原文", ws.rel(ws.document_path),
            hint="把发言原文放回 document.txt；或删去这个文件，使用 ftz 自带的原文。")]
    return plan, problems, digest


def _read_plan(data: bytes, shown: str, document: bytes) -> kept.Parsed:
    """The plan parsed (its parser is imported only when the index keeps no plan for it)."""
    from ftz_cli.parse.plan import read_plan

    return read_plan(data, shown, document.decode("utf-8", "replace") if document else None)


def load(ws: Workspace, today: dt.date, contents: Contents | None = None) -> Loaded:
    """Read and check the plan and every record file; raise when the plan is unusable."""
    plan, problems, digest = load_plan(ws, contents)
    if plan is None:
        raise FtzError(problems)
    diagnostics = list(problems)
    if not ws.plan:  # ftz.yaml's units are the default plan's; another plan assigns its own
        diagnostics.extend(check_assignments(plan, ws.settings.units, ws.rel(ws.root / SETTINGS_FILE)))
    found = _files(ws, contents)
    files = [(shown, data) for shown, data in found if isinstance(data, bytes)]
    records = index.synced(ws.updates_dir, plan, index.index_key(digest), files,
                           lambda shown, data: _checked(data, shown, plan))
    by_file, across = records.problems(today)
    for shown, data in found:
        diagnostics.extend(by_file[shown] if isinstance(data, bytes) else data)
    diagnostics.extend(across)
    settings = replace(ws.settings, units=plan.units) if ws.plan else ws.settings
    book = Book(plan, settings=settings, bundled=ws.readonly, stored=records, returned=_returned(ws))
    return Loaded(ws, book, tuple(diagnostics), records)


def _checked(data: bytes, shown: str, plan: Plan) -> FileRead:
    """A record file read and checked; the reader is imported only when a file changed."""
    from ftz_cli.parse.recordfile import checked

    return checked(data, shown, plan)


def _returned(ws: Workspace) -> dict[str, dict[dt.date, dt.datetime]]:
    """The records whose 已完成 the office sent back (退回): they count for nothing."""
    from ftz_cli.core.closure import sent_back
    from ftz_cli.store.closures import read

    return sent_back(read(ws)[0]) if not ws.readonly else {}  # a broken event: validate's E503


def _files(ws: Workspace, contents: Contents | None) -> list[tuple[str, bytes | list[Diagnostic]]]:
    """Every record file in reading order, read once: its shown path and its bytes, or the
    problems that stopped ftz reading it."""
    paths = ws.update_files() if contents is None else [
        p for p in contents if p not in (ws.plan_path, ws.document_path, ws.root / SETTINGS_FILE)]
    found: list[tuple[str, bytes | list[Diagnostic]]] = []
    for path in paths:
        shown = ws.rel(path)
        try:
            found.append((shown, _read(path, shown, contents, log=True)))
        except FtzError as err:
            found.append((shown, list(err.diagnostics)))
    return found


def loaded_or_fail(ws: Workspace, today: dt.date) -> Loaded:
    """The workspace, or an error listing every problem in it (reading commands)."""
    loaded = load(ws, today)
    errors = [d for d in loaded.diagnostics if d.severity == "error"]
    if errors:
        raise FtzError(errors + [Diagnostic(
            "E011", f"工作区有 {len(errors)} 个错误，请先更正", hint="运行 ftz validate 查看全部问题。")])
    return loaded
