"""What the index keeps beside the records: the plan and the settings (``ftz.yaml``) as this
code parsed them, so that a run whose files did not change reads no YAML.

Each is a row of the index's table ``kept``, under a digest of everything its value depends
on; a row of another digest, or one that does not unpickle to a value of the right shape, is
a miss, never an error: the file is parsed again and the row replaced. Values are pickled:
the index is read only from this user's private folder (``private.owned``). A file with a
problem raises it from its parser every time; only what parsed is kept.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.model import Plan
from ftz_cli.core.settings import Settings
from ftz_cli.store import index, private

T = TypeVar("T")
Parsed = tuple[Plan | None, list[Diagnostic]]  # a plan (None: unusable) and its problems


def plan(root: Path, key: bytes, parse: Callable[[], Parsed]) -> Parsed:
    """The plan the index ``key`` was made with (``index.index_key``), parsed once (``parse``)."""
    if private.private_dir() is None:
        return parse()  # an index in memory keeps nothing for the next run
    db = index.open_index(root, key)
    try:
        return _kept(db, "plan", key, parse, _is_parsed_plan)
    finally:
        db.close()


def settings(root: Path, data: bytes, parse: Callable[[], Settings]) -> Settings:
    """The settings ``data`` (``ftz.yaml``'s bytes) say, parsed once (``parse``); read before
    the plan is known, so from the index of ``root`` whatever its key (when it has none yet,
    the first load makes it and the next run keeps them)."""
    digest = index.index_key(data)  # the schema, the code and the bytes, as the index's own key
    db = private.existing(index.file_name(root))
    if db is None:
        return parse()
    try:
        return _kept(db, "settings", digest, parse, lambda value: isinstance(value, Settings))
    finally:
        db.close()


def _kept(db: sqlite3.Connection, slot: str, digest: bytes, parse: Callable[[], T],
          shaped: Callable[[object], bool]) -> T:
    """The value kept in ``slot`` under ``digest``, or ``parse()``'s, then kept there."""
    import pickle

    with contextlib.suppress(Exception):  # an index of an older schema, a broken value: a miss
        found = db.execute("SELECT value FROM kept WHERE slot = ? AND digest = ?", (slot, digest)).fetchone()
        stored = pickle.loads(found[0]) if found else None
        if found and shaped(stored):
            return cast(T, stored)
    value = parse()
    with contextlib.suppress(sqlite3.Error):  # locked by another ftz: parsed again next time
        db.execute("INSERT OR REPLACE INTO kept VALUES (?, ?, ?)",
                   (slot, digest, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
    return value


def _is_parsed_plan(value: object) -> bool:
    """A plan (or None) and a list of its problems."""
    return (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list)
            and (value[0] is None or isinstance(value[0], Plan)))
