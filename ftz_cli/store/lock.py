"""The workspace's write lock, and that of output manifests: one writer at a time.

``filelock`` (a dependency for this alone: a lock that works alike on Linux, macOS and
Windows, tested there by its authors) replaces a hand-written one whose Windows branch spun
without end and could not be tested here. A writer waits for another ftz at most
``WAIT_SECONDS`` (``FTZ_LOCK_TIMEOUT`` to change it), then says who holds the lock.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ftz_cli.core.errors import Diagnostic, FtzError

WAIT_SECONDS = 60.0


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold the lock ``path`` (created if missing); wait for another holder, for a while.

    A symbolic link in its place is refused, never followed: it could point anywhere."""
    from filelock import FileLock, Timeout

    if path.is_symlink():
        raise FtzError(Diagnostic("E007", f"锁文件“{path}”是符号链接，ftz 不会跟随它", str(path),
                                  hint=f"删去这个链接即可（rm {_quote(path)}），ftz 会重新建立锁文件。"))
    if path.is_dir():  # the OS would say "is a directory" of ftz's own file, with no way out
        raise FtzError(Diagnostic(
            "E005", f"锁文件“{path}”的位置上是一个文件夹，ftz 无法加锁，没有写入", str(path),
            hint=f"这个文件夹不是 ftz 建的（ftz 在这里只放一个空文件）：看看里面有没有要留的东西"
                 f"（ls -la {_quote(path)}），移走或删去它后再运行一次。"))
    wait = _wait()
    lock = FileLock(path, timeout=wait, mode=0o644)
    try:
        lock.acquire()
    except Timeout:
        raise FtzError(Diagnostic(
            "E010", f"另一个 ftz 正在写入这个工作区，等了 {wait:g} 秒仍未结束", str(path),
            hint="等它写完后再运行一次（通常只要几秒）。如果确定没有别的 ftz 在运行（例如电脑刚重启），"
                 f"可以删去锁文件 {_quote(path)} 后重试。")) from None
    try:
        yield
    finally:
        lock.release()


def _wait() -> float:
    try:
        return max(float(os.environ.get("FTZ_LOCK_TIMEOUT", WAIT_SECONDS)), 0.0)
    except ValueError:
        return WAIT_SECONDS


def _quote(path: Path) -> str:
    from shlex import quote

    return quote(str(path))
