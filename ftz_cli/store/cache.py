"""A cache of parsed files, keyed by their content and by ftz's own code.

Parsing YAML is the slowest thing ftz does; files rarely change between two runs. An entry
is named by a digest of everything its result depends on: the bytes the caller read (and
then parses: the key and the result come from the same bytes, never from two reads), and a
fingerprint of the installed ftz code (every module's size and modification time), so a
changed file or a changed ftz — a new release, a git checkout, an edit in a development
install — is simply a miss. Nothing date-dependent is in a key: checks against today run
after loading. Entries live in the platform's cache folder (platformdirs: ``~/.cache/ftz``
on Linux, ``%LOCALAPPDATA%\\ftz\\Cache`` on Windows, ``~/Library/Caches/ftz`` on macOS), or
``FTZ_CACHE_DIR``; the folder is made private to the user (0700), and one that another user
owns or can write is not used. ``FTZ_NO_CACHE=1`` turns the cache off. A broken or
unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ftz_cli import __version__

T = TypeVar("T")
_FORMAT = 7  # bump when the shape of cached values changes
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


def _private(folder: Path) -> bool:
    """Create ``folder`` private to this user; False if it is not safe to read from."""
    known = _state.get("private")
    if known is not None and known[0] == folder:
        return bool(known[1])
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        ok = True
        if sys.platform != "win32":
            info = folder.stat()
            if info.st_uid != os.getuid():
                ok = False  # someone else's folder: its entries could be anything
            elif info.st_mode & 0o077:
                folder.chmod(0o700)
    except OSError:
        ok = False
    _state["private"] = (folder, ok)
    return ok


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
    folder = cache_dir()
    if folder is None or not _private(folder):
        return compute()
    prefix = f"{kind}-{hashlib.blake2b(slot.encode(), digest_size=8).hexdigest()}-"
    path = folder / f"{prefix}{known or key(parts)}.{codec}"
    found = _fetch(path, codec)
    if found is not None and (valid is None or valid(found[0])):
        return found[0]  # type: ignore[no-any-return]
    value = compute()
    _store(folder, prefix, path, codec, value)
    return value


def _fetch(path: Path, codec: str) -> tuple[Any] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if codec == "marshal":
            import marshal

            return (marshal.loads(data),)
        import pickle

        return (pickle.loads(data),)
    except Exception:  # noqa: BLE001 - any broken entry is a miss
        return None


def _store(folder: Path, prefix: str, path: Path, codec: str, value: Any) -> None:
    import tempfile

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
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        Path(tmp).replace(path)
    except OSError:
        pass
