"""Where ftz keeps what it derives, on this machine and never in the workspace: a folder
private to the user, the databases in it, and the fingerprint of the code that derived them.

What is kept there is the index (``index``: what is cached) and compiled templates. The folder
is the platform's cache folder (platformdirs: ``~/.cache/ftz`` on Linux,
``%LOCALAPPDATA%\\ftz\\Cache`` on Windows, ``~/Library/Caches/ftz`` on macOS), or
``FTZ_CACHE_DIR``; what goes in it goes in a folder private to the user (``private_dir``),
never in one another user owns, and a database there is opened only when it is the user's own
file (``owned``). ``FTZ_NO_CACHE=1``: no folder, nothing kept between runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ftz_cli import __version__

if TYPE_CHECKING:
    import sqlite3

_state: dict[str, Any] = {}
BUSY_SECONDS = 5.0  # how long to wait for another ftz's index before making one in memory


def cache_dir() -> Path | None:
    """The cache folder, or None when there is none to use."""
    if os.environ.get("FTZ_NO_CACHE"):
        return None
    explicit = os.environ.get("FTZ_CACHE_DIR")
    return Path(explicit) if explicit else platform_folder("cache")


def platform_folder(kind: str) -> Path:
    """ftz's folder of ``kind`` (``cache``, ``config``) where the platform keeps them: what
    platformdirs answers, on Linux without its 8 ms import (a test compares)."""
    linux = sys.platform == "linux"  # a name: mypy would call the other systems' branch unreachable
    if linux:
        base = os.environ.get(f"XDG_{kind.upper()}_HOME", "")
        return Path(base if base.strip() else Path.home() / f".{kind}") / "ftz"
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")("ftz", appauthor=False))


def private_dir() -> Path | None:
    """The folder entries go in, private to this user (made once a run); None when there is
    none to use. ``cache_dir()`` itself, or, when that is a folder others can read or write
    (``FTZ_CACHE_DIR=/tmp``, a shared drive), a private folder inside it: ftz never changes
    the permissions of a folder it did not make."""
    wanted = cache_dir()
    known = _state.get("private")
    if known is not None and known[0] == wanted:
        return known[1]  # type: ignore[no-any-return]
    found = None if wanted is None else _private(wanted)
    if found is None and wanted is not None and wanted.is_dir() and _owned(wanted):
        found = _private(wanted / f"ftz-{os.getuid() if hasattr(os, 'getuid') else 'user'}")
    _state["private"] = (wanted, found)
    return found


def _private(folder: Path) -> Path | None:
    """``folder``, made if missing (0700: a umask only takes bits away); None unless it is this
    user's alone — judged on the opened folder (``core.files.private_folder``), never on a
    path that another user could swap between the check and the use."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    if sys.platform == "win32":
        return folder
    from ftz_cli.core.files import private_folder

    with private_folder(folder, closed=0o077) as fd:
        return None if fd is None else folder


def owned(folder: Path, names: list[str]) -> bool:
    """Whether the files ``names`` in ``folder`` may be read as ftz's own: the folder this
    user's alone and each file, if there is one, a regular file of this user's that others
    cannot write — checked on the opened folder, never on a path (``core.files``)."""
    if sys.platform == "win32":
        return True
    from ftz_cli.core.files import private_folder

    with private_folder(folder) as fd:
        return fd is not None and all(_own_file(fd, name) for name in names)


def _own_file(folder_fd: int, name: str) -> bool:
    try:
        info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def _owned(folder: Path) -> bool:
    try:
        return sys.platform == "win32" or folder.stat().st_uid == os.getuid()
    except OSError:
        return False


def database(name: str, key: bytes, schema: Sequence[str]) -> sqlite3.Connection:
    """The SQLite database ``name`` in the private folder (in memory when there is none, or
    when the file is not this user's own: ``owned``), made again from ``schema`` — which
    makes a table ``meta`` with a column ``key`` — when it holds another ``key`` or is broken."""
    import sqlite3

    path = _database_path(name)
    if path is None:
        return in_memory(key, schema)
    for _ in range(2):
        try:
            db = sqlite3.connect(str(path), timeout=BUSY_SECONDS, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # derived data: a crash loses only time
            found = db.execute("SELECT key FROM meta").fetchone() if _has_meta(db) else None
            if found is None or found[0] != key:
                _reset(db, key, schema)
            _state.setdefault("opened", set()).add(path)
            return db
        except sqlite3.DatabaseError as err:  # a broken or foreign file: start over
            if not isinstance(err, sqlite3.OperationalError):
                discard(path)
    return in_memory(key, schema)  # a folder ftz cannot write in, a file another ftz holds


def in_memory(key: bytes, schema: Sequence[str]) -> sqlite3.Connection:
    """A database made from ``schema`` that lives as long as the run: what a failed file falls back to."""
    import sqlite3

    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    _reset(db, key, schema)
    return db


def discard(path: Path | None = None) -> None:
    """Delete the database file ``path`` (every one this run opened when None) with its
    ``-wal`` and ``-shm``: it is derived data, made again from the files next time."""
    for each in [path] if path is not None else _state.pop("opened", ()):
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                each.with_name(each.name + suffix).unlink(missing_ok=True)


def existing(name: str) -> sqlite3.Connection | None:
    """The database ``name`` as it is, for a look at what it keeps (``database`` makes and
    checks it): None when there is none, or it is not this user's own file."""
    import sqlite3

    path = _database_path(name)
    if path is None or not path.is_file():
        return None
    try:
        db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        db.execute("PRAGMA synchronous=OFF")
    except sqlite3.Error:
        return None
    return db


def _database_path(name: str) -> Path | None:
    """Where the database ``name`` is kept; None when there is no private folder, or when the
    file (or its ``-wal``, ``-shm``) is a link or another user's: never read what it says."""
    folder = private_dir()
    if folder is None or not owned(folder, [name + suffix for suffix in ("", "-wal", "-shm")]):
        return None
    return folder / name


def _has_meta(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is not None


def _reset(db: sqlite3.Connection, key: bytes, schema: Sequence[str]) -> None:
    db.execute("BEGIN IMMEDIATE")
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        db.execute(f'DROP TABLE "{table}"')
    for statement in schema:
        db.execute(statement)
    db.execute("INSERT INTO meta (key) VALUES (?)", (key,))
    db.execute("COMMIT")


def fingerprint() -> bytes:
    """The installed ftz code: every module's path, size and modification time (a few
    hundred microseconds; computed once a run)."""
    known = _state.get("fingerprint")
    if known is not None:
        return known  # type: ignore[no-any-return]
    digest = hashlib.blake2b(f"{__version__}\0{sys.version}".encode(), digest_size=16)
    package = Path(__file__).resolve().parent.parent
    stack = [str(package)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir() and entry.name != "__pycache__":
                    stack.append(entry.path)
                elif entry.name.endswith((".py", ".yaml", ".txt")):
                    info = entry.stat()
                    digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    _state["fingerprint"] = value = digest.digest()
    return value
