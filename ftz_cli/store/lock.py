"""An exclusive lock on a file, for writers that must queue (update logs, output manifests)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing); other holders wait.

    A symbolic link in its place is refused, never followed: it could point anywhere."""
    import os

    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as err:
        if path.is_symlink():
            from ftz_cli.core.errors import Diagnostic, FtzError

            raise FtzError(Diagnostic("E007", f"锁文件“{path}”是符号链接，ftz 不会跟随它", str(path),
                                      hint=f"删去这个链接即可（rm {_quote(path)}），ftz 会重新建立锁文件。")) from None
        raise err
    with os.fdopen(fd, "a+b") as handle:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _quote(path: Path) -> str:
    from shlex import quote

    return quote(str(path))
