"""What an output path (``-o``, ``--out``) names, judged on the opened file, never read blindly.

ftz writes regular files only. A device (``/dev/null``, ``/dev/zero``), a named pipe, a
socket or a folder is refused (E009, E405): it is never replaced by the atomic rename and
never read to compare it with what ftz wrote. ``-`` and ``/dev/stdout`` are standard
output, written as a stream; so is any other name of ftz's own standard output that is not
a regular file (``/dev/fd/1`` on a pipe).

The kind is taken from ``stat`` first (so a device is not even opened), then confirmed by
``fstat`` on the descriptor that is read: a path swapped between the two is still refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import Literal, NamedTuple

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.files import READ_FLAGS
from ftz_cli.core.oserrors import os_diagnostic

STREAMS = ("-", "/dev/stdout")
_CHUNK = 1 << 20


class Target(NamedTuple):
    """``missing``: nothing there yet; ``file``: a regular file (``digest`` its SHA-256, or None
    when it cannot be read); ``stdout``: ftz's own standard output."""

    kind: Literal["missing", "file", "stdout"]
    digest: str | None = None


def is_stream(output: str | None) -> bool:
    """``-o -`` or ``-o /dev/stdout``: standard output, written as a stream."""
    return output in STREAMS


def inspect(path: Path, *, digest: bool = False) -> Target:
    """The kind of ``path`` (and with ``digest``, its content's SHA-256); refuses what is not a
    regular file, unless it is ftz's own standard output."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return Target("missing")
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:  # nothing can be there: not "exists, not ftz's"
            raise FtzError(os_diagnostic(err, path, "E405")) from None
        return Target("file")  # cannot even be looked at: not ftz's (E408 unless --force)
    _judge(path, info)
    if not digest:
        return Target("file") if stat.S_ISREG(info.st_mode) else Target("stdout")
    if not stat.S_ISREG(info.st_mode):
        return Target("stdout")
    try:
        return Target("file", _digest(path))
    except FileNotFoundError:  # removed since the stat
        return Target("missing")


def _judge(path: Path, info: os.stat_result) -> None:
    """Refuse a folder, a device, a pipe or a socket that is not our standard output."""
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise FtzError(Diagnostic("E405", f"“{path}”是一个文件夹，不是文件", str(path),
                                  hint=f"写出文件名，例如 {_quote(str(path / ('输出' + (path.suffix or '.txt'))))}"))
    if _is_our_stdout(info):
        return
    raise FtzError(Diagnostic(
        "E009", f"“{path}”是{_kind(mode)}，不是普通文件：ftz 只写普通文件，不会替换或读取它", str(path),
        hint="写到一个普通文件名，例如 -o 输出.csv；要写到标准输出，用 -o -（可以再接管道或重定向）。"))


def _is_our_stdout(info: os.stat_result) -> bool:
    try:
        ours = os.fstat(1)
    except OSError:
        return False
    return (ours.st_dev, ours.st_ino) == (info.st_dev, info.st_ino)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字（socket）"
    return "特殊文件"


def _digest(path: Path) -> str | None:
    """SHA-256 of the regular file at ``path``, read through a descriptor that fstat says is one."""
    import hashlib  # only when a file is written: start-up of every command counts

    try:
        fd = os.open(path, READ_FLAGS)
    except FileNotFoundError:
        raise
    except OSError:
        return None  # unreadable: not known to be ftz's
    with contextlib.closing(os.fdopen(fd, "rb", buffering=0)) as stream:
        try:
            info = os.fstat(fd)
            _judge(path, info)  # swapped since the stat: judged again on what was opened
            if not stat.S_ISREG(info.st_mode):
                return None
            sha = hashlib.sha256()
            while chunk := stream.read(_CHUNK):
                sha.update(chunk)
        except OSError:
            return None
    return sha.hexdigest()


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
