"""The 销号 log and the evidence files, in the workspace (docs/units.md).

- Evidence files are kept by content: ``evidence/ab/abcd….pdf`` (the SHA-256 of the bytes,
  the original's suffix). A file already there with that name is reused when its bytes are
  the same and never replaced when they differ (E502).
- Each event (evidence given, 确认销号, 退回) is one small JSON file under ``closures/``,
  named by when it happened: nothing is rewritten, and two desks' events merge in git.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from pathlib import Path

from ftz_cli.core.closure import Event, Evidence
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.parse.closures import event_file, read_event
from ftz_cli.store import atomic
from ftz_cli.store.workspace import Workspace

CLOSURES_DIR = "closures"
EVIDENCE_DIR = "evidence"
MOST_EVIDENCE = 50 * 1024 * 1024  # a scan of a 批复 is a few MB; a video is not evidence
_NOT_AN_EVENT = "这个文件应由 ftz confirm、ftz return 或 --evidence 生成；从 git 恢复它，或删去后重新确认。"


def digest(path: Path) -> tuple[str, bytes]:
    """The SHA-256 of a file and its bytes (E501 when it cannot be read or is too large)."""
    try:
        if not path.is_file():
            raise FtzError(Diagnostic("E501", f"佐证材料“{path}”不存在或不是文件", str(path),
                                      hint="检查文件名和路径；每个 --evidence 给出一个文件。"))
        if path.stat().st_size > MOST_EVIDENCE:
            raise FtzError(Diagnostic("E501", f"佐证材料“{path}”超过 50 MB", str(path),
                                      hint="请压缩或只保留关键页（验收报告、批复、照片）。"))
        data = path.read_bytes()
    except OSError as err:
        raise FtzError(Diagnostic("E501", f"无法读取佐证材料“{path}”：{err.strerror or err}", str(path),
                                  hint="检查文件是否存在、是否有读取权限。")) from None
    return hashlib.sha256(data).hexdigest(), data


def evidence_of(path: Path) -> tuple[Evidence, bytes]:
    """The evidence ``path`` gives (``Evidence.of``) and its bytes."""
    sha, data = digest(path)
    return Evidence.of(path.name, sha), data


def stored(ws: Workspace, evidence: Evidence) -> bool:
    """Whether the file is already kept; E502 when a different file stands in its place."""
    target = ws.own(ws.root / evidence.path)
    if not (target.exists() or target.is_symlink()):
        return False
    if target.is_symlink() or not target.is_file() or digest(target)[0] != evidence.sha256:
        raise FtzError(Diagnostic(
            "E502", f"“{evidence.path}”已存在，但内容与“{evidence.name}”不同，不会覆盖", evidence.path,
            hint="这个文件被改动过。用 ftz validate 查看；从 git 恢复原文件后再录入。"))
    return True


def keep(ws: Workspace, evidence: Evidence, data: bytes) -> None:
    """Store ``data`` at the evidence's path, once; never over a different file (E502)."""
    if stored(ws, evidence):
        return
    target = ws.root / evidence.path
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_new(target, data)


def record(ws: Workspace, event: Event) -> Path:
    """Append one event as its own file under ``closures/``."""
    folder = ws.own(ws.root / CLOSURES_DIR / f"{event.at:%Y-%m}")
    folder.mkdir(parents=True, exist_ok=True)
    import secrets  # only a new event needs it; every command reads the events

    name = f"{event.at:%Y%m%dT%H%M%S}-{event.action}-{secrets.token_hex(3)}.json"
    _write_new(folder / name, event_file(event))
    return folder / name


def _write_new(target: Path, data: bytes) -> None:
    """Write a new file whole, never over another; noted, so that Ctrl-C after a 确认销号 or a
    退回 was written says so (not 未写入任何内容)."""
    with contextlib.suppress(FileExistsError):  # the same name: the same content (a hash) or, for an event, a second in time
        atomic.write(target, data, new=True)


def read(ws: Workspace) -> tuple[list[Event], list[Diagnostic]]:
    """Every event in the workspace, and the problems of files that are not events (E503)."""
    from ftz_cli.core.files import read_bounded

    folder = ws.own(ws.root / CLOSURES_DIR)
    events: list[Event] = []
    problems: list[Diagnostic] = []
    if not folder.is_dir():
        return events, problems
    for path in sorted(folder.glob("*/*.json")):
        shown = ws.rel(ws.own(path))
        try:
            events.append(read_event(read_bounded(path, shown, 1 << 20, _NOT_AN_EVENT)))
        except (OSError, ValueError, TypeError, KeyError) as err:
            problems.append(Diagnostic("E503", f"销号记录无法读取：{type(err).__name__}", shown,
                                       hint=_NOT_AN_EVENT))
    return events, problems


def check(ws: Workspace, events: Sequence[Event]) -> list[Diagnostic]:
    """E504 for every referenced evidence file that is missing or whose bytes changed."""
    problems = []
    seen: set[str] = set()  # a file given with several records is checked, and named, once
    for event in events:
        for e in event.evidence:
            if e.path in seen:
                continue
            seen.add(e.path)
            path = ws.own(ws.root / e.path)
            if not path.is_file() or path.is_symlink():
                problems.append(Diagnostic("E504", f"佐证材料“{e.name}”（{event.id}）的文件不存在", e.path,
                                           hint="从 git 或备份恢复这个文件（文件名就是内容的 SHA-256）。"))
            elif digest(path)[0] != e.sha256:
                problems.append(Diagnostic("E504", f"佐证材料“{e.name}”（{event.id}）的文件内容已被改动", e.path,
                                           hint="文件名是原内容的 SHA-256，内容不应改变；从 git 恢复原文件。"))
    return problems

