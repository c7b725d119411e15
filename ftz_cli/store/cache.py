"""A cache of parsed files, keyed by their content.

Parsing YAML is the slowest thing ftz does; files rarely change between two runs. Entries
live in the user's cache folder (``FTZ_CACHE_DIR``, else ``$XDG_CACHE_HOME/ftz``), named
by a digest of everything the result depends on, so a changed file is simply a miss.
``FTZ_NO_CACHE=1`` turns it off. A broken or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ftz_cli import __version__

try:  # the blake2 module alone: hashlib would load OpenSSL, 3 ms of every start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

T = TypeVar("T")
_FORMAT = 3  # bump when the shape of cached values changes


def cache_dir() -> Path | None:
    if os.environ.get("FTZ_NO_CACHE"):
        return None
    explicit = os.environ.get("FTZ_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ftz"


def cached(kind: str, slot: str, parts: list[bytes], compute: Callable[[], T]) -> T:
    """``compute()``, or its stored result for the same ``parts``.

    ``slot`` names what is cached (a file's path): a new entry for a slot replaces the
    old ones, so the folder does not grow with every edit.
    """
    folder = cache_dir()
    if folder is None:
        return compute()
    digest = blake2b(digest_size=16)
    for part in (__version__.encode(), str(_FORMAT).encode(), *parts):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    prefix = f"{kind}-{blake2b(slot.encode(), digest_size=8).hexdigest()}-"
    path = folder / f"{prefix}{digest.hexdigest()}.pickle"
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)  # type: ignore[no-any-return]
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError,
            ValueError, IndexError):
        pass
    value = compute()
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(prefix + "*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(path)
    except OSError:
        pass
    return value
