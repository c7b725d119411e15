"""``ftz validate``: every problem in a workspace, answered from cache when nothing changed.

Kept apart from ``store.updates`` so that a cache hit imports neither the parser nor the
model. Every file is read once; the cache key and, on a miss, the verdict both come from
those bytes, so an edit made while ftz runs can never pair one file's verdict with another
file's key. Today's date is not in the key: a stored verdict also records the latest date
of any record, and holds only while no record is dated after today.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.store import cache
from ftz_cli.store.workspace import SETTINGS_FILE, Workspace


def snapshot(ws: Workspace) -> dict[Path, bytes | OSError | None]:
    """The plan, the source document, the settings and every update file, each read once
    (the settings too: their ``units`` are checked against the plan)."""
    contents: dict[Path, bytes | OSError | None] = {}
    for path in (ws.plan_path, ws.document_path, ws.root / SETTINGS_FILE, *ws.update_files()):
        try:  # a FIFO would never end, nor a symlinked log be read: load() names them (E009, E007)
            contents[path] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        except OSError as err:
            contents[path] = err
    return contents


def validate(ws: Workspace, today: dt.date) -> list[Diagnostic]:
    """Every problem in the workspace; cached by the content of every file it reads."""
    contents = snapshot(ws)
    parts: list[bytes] = []
    for path, data in contents.items():
        parts.append(ws.rel(path).encode())
        parts.append(data if isinstance(data, bytes) else f"\0{type(data).__name__}".encode())
        if data is None:  # the key cannot speak for what was not read
            parts.append(repr(path.lstat() if path.exists() or path.is_symlink() else None).encode())

    day = today.toordinal()

    def run() -> tuple[list[tuple[Any, ...]], int, int]:
        from ftz_cli.store.updates import loaded_and_latest

        try:
            loaded, latest = loaded_and_latest(_as_read(ws, contents), today, contents)
            found = list(loaded.diagnostics)
        except FtzError as err:
            found, latest = err.diagnostics, 0
        return [(d.code, d.message, d.path, d.line, d.column, d.hint, d.severity) for d in found], \
            latest, day

    def holds(value: tuple[Any, ...]) -> bool:
        """A verdict holds on any day when no record was dated after the day it was made
        and none is after today; one that found such a record, only on that day."""
        flat, latest, made = value
        if not all(isinstance(d, tuple) and len(d) == 7 for d in flat):
            return False  # not a verdict: a miss
        return bool((latest <= day and latest <= made) or made == day)

    flat, *_ = cache.cached("validate", str(ws.root), parts, run, codec="marshal", valid=holds)
    return [Diagnostic(*d) for d in flat]


def _as_read(ws: Workspace, contents: dict[Path, bytes | OSError | None]) -> Workspace:
    """``ws`` with the settings of the bytes in ``contents`` (those of the key), not of an
    earlier read."""
    data = contents.get(ws.root / SETTINGS_FILE)
    if not isinstance(data, bytes):
        return ws
    from dataclasses import replace

    from ftz_cli.store.workspace import read_settings

    return replace(ws, settings=read_settings(data, SETTINGS_FILE))
