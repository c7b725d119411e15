"""A cache of parsed files, keyed by their content and by ftz's own code.

Parsing YAML is the slowest thing ftz does; files rarely change between two runs. An entry
is named by a digest of everything its result depends on: the bytes the caller read (and
then parses: the key and the result come from the same bytes, never from two reads), and a
fingerprint of the installed ftz code (every module's size and modification time), so a
changed file or a changed ftz — a new release, a git checkout, an edit in a development
install — is simply a miss. Nothing date-dependent is in a key: checks against today run
after loading. Entries live in the platform's cache folder (platformdirs: ``~/.cache/ftz``
on Linux, ``%LOCALAPPDATA%\\ftz\\Cache`` on Windows, ``~/Library/Caches/ftz`` on macOS), or
``FTZ_CACHE_DIR``; entries go in a folder private to the user (``private_dir``), never in
one another user owns. ``FTZ_NO_CACHE=1`` turns the cache off. A broken or unreadable entry,
one that names another key (copied over), or a value its reader cannot look at, is a miss,
never an error.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ftz_cli import __version__

T = TypeVar("T")
_ENTRY_LIMIT = 1 << 30  # bytes: the largest entry, a million records
_FORMAT = 8  # bump when the shape of cached values changes
_state: dict[str, Any] = {}


def cache_dir() -> Path | None:
    """The cache folder, or None when there is none to use."""
    if os.environ.get("FTZ_NO_CACHE"):
        return None
    explicit = os.environ.get("FTZ_CACHE_DIR")
    if explicit:
        return Path(explicit)
    linux = sys.platform == "linux"
    if linux:  # what platformdirs answers on Linux, without its 8 ms import (a test compares)
        base = os.environ.get("XDG_CACHE_HOME", "")
        return Path(base if base.strip() else Path.home() / ".cache") / "ftz"
    import platformdirs

    return Path(platformdirs.user_cache_dir("ftz", appauthor=False))


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
    """``folder``, made private to this user if ftz makes it; None if it is not private.
    Judged on the opened folder (``O_NOFOLLOW``, ``fstat``), never on a path that another
    user could swap between the check and the use."""
    try:
        made = not folder.exists()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if sys.platform == "win32":
            return folder
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            info = os.fstat(fd)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                return None  # a link, or someone else's folder: its entries could be anything
            if info.st_mode & 0o077:
                if not made:
                    return None
                os.fchmod(fd, 0o700)  # made under a loose umask
        finally:
            os.close(fd)
    except OSError:
        return None
    return folder


def _owned(folder: Path) -> bool:
    try:
        return sys.platform == "win32" or folder.stat().st_uid == os.getuid()
    except OSError:
        return False


def fingerprint() -> bytes:
    """The installed ftz code: every module's path, size and modification time (a few
    hundred microseconds; computed once a run)."""
    known = _state.get("fingerprint")
    if known is not None:
        return known  # type: ignore[no-any-return]
    digest = hashlib.blake2b(f"{__version__}\0{_FORMAT}\0{sys.version}".encode(), digest_size=16)
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


def key(parts: list[bytes]) -> str:
    """The entry's name for ``parts``: SHA-256, which processors since about 2017 compute in
    hardware (a hundred thousand records, 15 MB, in 9 ms; BLAKE2b takes 22 ms)."""
    digest = hashlib.sha256(fingerprint())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()[:32]


def cached(kind: str, slot: str, parts: list[bytes], compute: Callable[[], T],
           codec: str = "pickle", valid: Callable[[T], bool] | None = None, known: str = "") -> T:
    """``compute()``, or its stored result for the same ``parts`` (and ftz code).

    ``slot`` names what is cached (a file's path): a new entry for a slot replaces the old
    ones, so the folder does not grow with every edit. ``codec`` is ``marshal`` for plain
    values (quick, and cannot run code) or ``pickle``; ``valid`` may refuse a stored value;
    ``known`` is ``key(parts)`` when the caller computed it already.
    """
    folder = private_dir()
    if folder is None:
        return compute()
    prefix = f"{kind}-{hashlib.blake2b(slot.encode(), digest_size=8).hexdigest()}-"
    name = known or key(parts)
    path = folder / f"{prefix}{name}.{codec}"
    found = _fetch(path, codec, name)
    if found is not None and _holds(valid, found[0]):
        return found[0]  # type: ignore[no-any-return]
    value = compute()
    _store(folder, prefix, path, codec, value, name)
    return value


def _holds(valid: Callable[[Any], bool] | None, value: Any) -> bool:
    """Whether ``valid`` accepts a stored value; one it cannot even look at is a miss."""
    try:
        return valid is None or bool(valid(value))
    except Exception:  # noqa: BLE001 - a value of another shape is a miss, not an error
        return False


def _fetch(path: Path, codec: str, name: str) -> tuple[Any] | None:
    """The value stored at ``path``, if the entry says it is the one named ``name`` (an
    entry copied over another, or renamed, is a miss)."""
    data = _entry(path)
    if data is None:
        return None
    head = f"ftz {name}\n".encode()
    if not data.startswith(head):
        return None
    try:
        if codec == "marshal":
            import marshal

            return (marshal.loads(memoryview(data)[len(head):]),)
        import pickle

        return (pickle.loads(memoryview(data)[len(head):]),)
    except Exception:  # noqa: BLE001 - any broken entry is a miss
        return None


def _entry(path: Path) -> bytes | None:
    """An entry's bytes, read only from a folder that is this user's alone, checked on its
    descriptor, and only when the entry is a regular file of the user's (core/files.py)."""
    if sys.platform == "win32":
        try:
            return path.read_bytes()
        except OSError:
            return None
    from ftz_cli.core.files import private_folder, read_entry

    with private_folder(path.parent) as fd:
        return None if fd is None else read_entry(fd, path.name, _ENTRY_LIMIT)


def _store(folder: Path, prefix: str, path: Path, codec: str, value: Any, name: str) -> None:
    from ftz_cli.store import atomic

    try:
        if codec == "marshal":
            import marshal

            data = marshal.dumps(value)
        else:
            import pickle

            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (ValueError, TypeError, AttributeError, RecursionError):  # not storable: no entry
        return
    try:
        for old in folder.glob(prefix + "*"):
            old.unlink(missing_ok=True)
        atomic.write(path, f"ftz {name}\n".encode() + data, mode=0o600, durable=False, noted=False)
    except OSError:
        pass
