"""Reading a file that must be a regular one: never a device, a pipe, or without bound;
and a folder that is this user's alone, judged on its descriptor.

A settings file, a manifest, a cache entry may be replaced by anything in a shared folder;
ftz opens it without waiting (a FIFO with no writer), checks the opened descriptor (fstat,
not the path, so nothing swapped in between is read) and reads at most ``limit`` bytes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ftz_cli.core.errors import Diagnostic

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(
    os, "O_CLOEXEC", 0)
READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_small(path: Path, shown: str, limit: int, hint: str) -> bytes:
    """The bytes of a small file the user keeps (``ftz.yaml``): a folder, a FIFO, a device is
    E009 and a file over ``limit`` bytes E004, said, never passed over nor waited on; a file
    that cannot be read raises its OSError (E005 names it)."""
    try:
        return read_bounded(path, shown, limit, hint)
    except IsADirectoryError:
        from ftz_cli.core.errors import Diagnostic, FtzError

        raise FtzError(Diagnostic("E009", f"{shown} 应是普通文件，但这里是文件夹", shown, hint=hint)) from None


def read_bounded(path: Path, shown: str, limit: int, hint: str,
                 big: str = "检查它是不是被别的文件替换了。") -> bytes:
    """The bytes of a file ftz reads whole (a plan, a record file), judged before it is opened
    and again on the opened descriptor: a FIFO or a device is E009 (``hint``), a file over
    ``limit`` bytes E004 (``big``), said without waiting on it or reading it; a folder raises
    IsADirectoryError and a file that cannot be read its OSError, for the caller to name."""
    _judge(path.stat(), shown, limit, hint, big)  # a device is not even opened
    fd = os.open(path, READ_FLAGS)
    try:
        info = os.fstat(fd)
        _judge(info, shown, limit, hint, big)  # the path may be another file now
        data = _read_fd(fd, limit + 1, info.st_size)
        if len(data) > limit:  # grown while read
            from ftz_cli.core.errors import FtzError

            raise FtzError(too_big(shown, max(os.fstat(fd).st_size, len(data)), limit, big))
    finally:
        os.close(fd)
    return data


def _read_fd(fd: int, most: int, size: int) -> bytes:
    """At most ``most`` bytes from ``fd``, to its end. The first read asks for its ``size``
    (``fstat``'s) and one byte more, then 64 KiB at a time: a read asks for a buffer of what
    it asks, and ``most`` (the 64 MB limit) for every small file cost two such buffers."""
    parts: list[bytes] = []
    ask = size + 1
    while most > 0 and (part := os.read(fd, min(most, ask))):
        parts.append(part)
        most -= len(part)
        ask = 1 << 16
    return b"".join(parts)


def _judge(info: os.stat_result, shown: str, limit: int, hint: str, big: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), shown)
    if stat.S_ISREG(info.st_mode) and info.st_size <= limit:
        return
    from ftz_cli.core.errors import Diagnostic, FtzError

    if not stat.S_ISREG(info.st_mode):
        raise FtzError(Diagnostic("E009", f"{shown} 应是普通文件，但这里是命名管道、设备或其他特殊文件", shown,
                                  hint=hint))
    raise FtzError(too_big(shown, info.st_size, limit, big))


def too_big(shown: str, size: int, limit: int, hint: str) -> Diagnostic:
    """E004: a file over ftz's limit, in megabytes (``文件有 5,120 MB，超过上限 64 MB``)."""
    from ftz_cli.core.errors import Diagnostic

    shown_size, shown_limit = over(size, limit)
    return Diagnostic("E004", f"文件有 {shown_size}，超过上限 {shown_limit}", shown, hint=hint)


def megabytes(n: int) -> str:
    """5,120 MB, 1.5 MB, 1 MB: a tenth at most."""
    return f"{n / (1 << 20):,.1f}".removesuffix(".0") + " MB"


def over(size: int, limit: int) -> tuple[str, str]:
    """A size over a limit and the limit, as a message prints them: in megabytes, unless the
    size rounds to the limit's figure (1 MB against 1 MB), then in bytes, so that the two differ."""
    if megabytes(size) != megabytes(limit):
        return megabytes(size), megabytes(limit)
    return f"{size:,} 字节", f"{megabytes(limit)}（{limit:,} 字节）"


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` when it is a regular file (fstat on the opened descriptor) of at most
    ``limit`` bytes; None for anything else, which is never waited on or read without bound."""
    try:
        fd = os.open(path, READ_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = _read_fd(fd, limit + 1, info.st_size)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= limit else None


@contextlib.contextmanager
def private_folder(folder: Path, closed: int = 0o022) -> Iterator[int | None]:
    """A descriptor of ``folder`` when it is a real folder (not a link) owned by this user and
    closed to others (none of the mode bits ``closed``: by default, no one else may write);
    else None."""
    try:
        fd = os.open(folder, _DIR_FLAGS)
    except OSError:
        yield None
        return
    try:
        info = os.fstat(fd)
        ours = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & closed
        yield fd if ours else None
    finally:
        os.close(fd)


def read_entry(folder_fd: int, name: str, limit: int) -> bytes | None:
    """The entry ``name`` of a private folder: a regular file (not a link) of this user's, not
    writable by others, of at most ``limit`` bytes, also when read; else None."""
    try:
        fd = os.open(name, READ_FLAGS | getattr(os, "O_NOFOLLOW", 0), dir_fd=folder_fd)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022
                or info.st_size > limit):
            return None
        data = stream.read(limit + 1)
    return data if len(data) <= limit else None  # grown since it was looked at: not used, never cut short
