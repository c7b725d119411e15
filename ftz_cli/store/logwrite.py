"""Writing update files: a record as YAML text, and appending to the writer's file.

Update files are append-only logs: new records are added after the existing bytes, which are
kept exactly, comments included; the file is replaced atomically (temp file, fsync, rename),
so a crash leaves the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.model import Update
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.recordfile import render
from ftz_cli.store import journal
from ftz_cli.store.layout import safe_name, writer
from ftz_cli.store.lock import file_lock
from ftz_cli.store.workspace import Workspace


def _appendable(text: str) -> bool:
    """Whether records added at column 0 continue the file's list: a block list at column 0
    (as ftz writes it), or no content yet. Hand-written files may be indented or in flow style."""
    started = False
    for line in text.removeprefix("\ufeff").splitlines():  # Notepad starts UTF-8 with a BOM
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith(("---", "...")):
            if started:
                return False  # a second document
            continue
        if not started and not (line == "-" or line.startswith(("- ", "-\t"))):
            return False
        started = True
    return True


def locked(ws: Workspace) -> contextlib.AbstractContextManager[None]:
    """Hold the workspace's write lock: one writer at a time, others wait."""
    ws.updates_dir.mkdir(parents=True, exist_ok=True)
    return file_lock(ws.updates_dir / ".lock")


_NEW_FILE = "# ftz 进度记录（{month}录入）：由 ftz update / ftz import 追加。\n" \
            "# 可以手工更正，改后请运行 ftz validate。\n"


def append(ws: Workspace, updates: Sequence[Update], now: dt.datetime, by: str = ""
           ) -> tuple[Path, bytes]:
    """Add ``updates`` to this writer's file for this month, keeping its bytes; atomic and
    fsynced (``by``: a writer's name that overrides the usual one). Returns the file and the
    bytes now in it. Call with the lock held (``locked``).
    """
    local = now.astimezone(CHINA)
    folder = ws.updates_dir / f"{local:%Y-%m}"
    created = not folder.is_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for orphan in folder.glob(".*.yaml.*.tmp"):  # left by a writer that was killed
        orphan.unlink(missing_ok=True)
    path, old = _log_for(ws, folder, safe_name(by) or writer(ws.settings.writer))
    if old is None:
        old = _NEW_FILE.format(month=f"{local.year}年{local.month}月").encode()
    if old and not old.endswith(b"\n"):
        old += b"\n"
    new = old + "".join(render(u) for u in updates).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(new)
            stream.flush()
            os.fsync(stream.fileno())
        Path(tmp).chmod(path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with journal.writing(path):
            Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    _sync_dir(folder)
    if created:
        _sync_dir(ws.updates_dir)
    return path, new


def _sync_dir(folder: Path) -> None:
    if sys.platform != "win32":
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _log_for(ws: Workspace, folder: Path, name: str) -> tuple[Path, bytes | None]:
    """This writer's log in ``folder`` and its bytes (None if new); a log edited by hand
    into a shape records cannot be appended to is left as it is, and the next one
    (zhang_2.yaml …) is used."""
    for number in range(1, 1000):
        path = folder / (f"{name}.yaml" if number == 1 else f"{name}_{number}.yaml")
        if not path.exists():
            return path, None
        old = path.read_bytes()
        if _appendable(old.decode("utf-8", "replace")):
            return path, old
    raise FtzError(Diagnostic("E405", f"{ws.rel(folder)} 中 {name} 的进度文件过多，无法写入", ws.rel(folder),
                              hint="请整理 updates 文件夹后再录入。"))
