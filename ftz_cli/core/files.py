"""Reading a small file that must be a regular one: never a device, a pipe, or without bound;
and a folder that is this user's alone, judged on its descriptor.

A settings file, a manifest, a cache entry may be replaced by anything in a shared folder;
ftz opens it without waiting (a FIFO with no writer), checks the opened descriptor (fstat,
not the path, so nothing swapped in between is read) and reads at most ``limit`` bytes.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(
    os, "O_CLOEXEC", 0)
READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_small(path: Path, shown: str, limit: int, hint: str) -> bytes:
    """The bytes of a small file the user keeps (``ftz.yaml``): a folder, a FIFO, a device is
    E009 and a file over ``limit`` bytes E004, said, never passed over nor waited on; a file
    that cannot be read raises its OSError (E005 names it)."""
    from ftz_cli.core.errors import Diagnostic, FtzError

    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        what = "文件夹" if stat.S_ISDIR(info.st_mode) else "命名管道、设备或其他特殊文件"
        raise FtzError(Diagnostic("E009", f"{shown} 应是普通文件，但这里是{what}", shown, hint=hint))
    if info.st_size > limit:
        raise FtzError(Diagnostic("E004", f"{shown} 有 {info.st_size:,} 字节，超过上限 {limit:,}", shown,
                                  hint="检查它是不是被别的文件替换了。"))
    data = read_regular(path, limit)
    return path.read_bytes() if data is None else data  # swapped since: the read says what it is


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` when it is a regular file (fstat on the opened descriptor) of at most
    ``limit`` bytes; None for anything else, which is never waited on or read without bound."""
    try:
        fd = os.open(path, READ_FLAGS)
    except OSError:
        return None
    with contextlib.closing(os.fdopen(fd, "rb", buffering=0)) as stream:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            data = stream.read(limit + 1)
        except OSError:
            return None
    return data if data is not None and len(data) <= limit else None


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
    writable by others, of at most ``limit`` bytes; else None."""
    try:
        fd = os.open(name, READ_FLAGS | getattr(os, "O_NOFOLLOW", 0), dir_fd=folder_fd)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022
                or info.st_size > limit):
            return None
        return stream.read(limit)
