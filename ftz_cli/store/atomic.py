"""The one atomic write every writer uses: temp file, fsync, rename, cleanup; and what this
run has written with it, so that an interrupted run can say so honestly.

A crash, Ctrl-C or a full disk leaves the old file or the new one, whole, never half of
either, and no temporary file behind (one left by a killed process starts with a dot and
ends in ``.tmp``: ``orphans`` names them). Every write is noted before its rename (pending)
and after it (written): after Ctrl-C the message names what was written, and a file caught
mid-rename as "either the old or the new content, whole" — never "nothing was written" when
something was (``written``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

_written: list[Path] = []
_pending: list[Path] = []


def write(path: Path, data: bytes, *, mode: int | None = None, noted: bool = True,
          prefix: str = "", new: bool = False) -> None:
    """Put ``data`` at ``path`` atomically and durably (the file and its folder fsynced).
    ``mode``: the new file's permissions (default: the old file's, or what ``open()`` gives a
    new file); ``noted``: say so after Ctrl-C (``written``);
    ``prefix``: the temporary file's name, for a writer that looks for its own; ``new``: never
    over another file (linked in, not renamed: FileExistsError when ``path`` exists)."""
    import tempfile  # only a write needs it; every command imports this module

    fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix or f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is None:
            mode = path.stat().st_mode & 0o777 if path.exists() else new_file_mode()
        tmp.chmod(mode)  # mkstemp makes the file private (0600)
        with _noting(path) if noted else contextlib.nullcontext():
            if new:
                os.link(tmp, path)
            else:
                tmp.replace(path)
    except BaseException as err:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if new and isinstance(err, FileExistsError) and path in _pending:
            _pending.remove(path)  # the link was refused: nothing was put in place
        if isinstance(err, OSError) and err.filename is None:  # a stream's error names no file:
            raise OSError(err.errno, err.strerror, str(path)) from err  # say which (a full disk)
        raise
    if new:
        tmp.unlink()
    sync_dir(path.parent)


def extend(path: Path, old: bytes, added: bytes, *, mode: int | None = None) -> bytes:
    """Append ``added`` to a log whose bytes are ``old`` (a new file's: its header), kept
    exactly, on a line of its own; atomically (``write``). Returns the bytes now in it."""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    write(path, old + added, mode=mode)
    return old + added


def new_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0666 less the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def sync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (a no-op on Windows)."""
    if sys.platform != "win32":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def orphans(folder: Path, name: str = "*") -> list[Path]:
    """Temporary files a killed writer left in ``folder`` (for files named ``name``)."""
    return sorted(folder.glob(f".{name}.*.tmp"))


def reset() -> None:
    """Forget what earlier runs wrote (several commands run in one process in tests)."""
    _written.clear()
    _pending.clear()


def written() -> tuple[list[Path], list[Path]]:
    """What this run has written whole, and what it was putting in place when it stopped."""
    return list(_written), [p for p in _pending if p not in _written]


@contextlib.contextmanager
def _noting(path: Path) -> Iterator[None]:
    """Around the rename that puts ``path`` in place.

    No ``finally``: a path whose rename was interrupted, or failed, stays pending, since
    nobody can say from here whether the rename had happened."""
    _pending.append(path)
    yield
    _written.append(path)
    _pending.remove(path)
