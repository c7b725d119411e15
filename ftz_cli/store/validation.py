"""``ftz validate``: every problem in a workspace, from one reading of each file.

Every file is read once, and the settings, the plan and the records are all checked from
those bytes, so an edit made while ftz runs can never pair one file's problems with
another's. Records come through the index (``load``), as for every command.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ftz_cli.core.errors import Diagnostic, FtzError
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
    """Every problem in the workspace, from one reading of each of its files."""
    from ftz_cli.store.load import load

    contents = snapshot(ws)
    try:
        return list(load(_as_read(ws, contents), today, contents).diagnostics)
    except FtzError as err:
        return list(err.diagnostics)


def _as_read(ws: Workspace, contents: dict[Path, bytes | OSError | None]) -> Workspace:
    """``ws`` with the settings of the bytes in ``contents`` (those of the key), not of an
    earlier read."""
    data = contents.get(ws.root / SETTINGS_FILE)
    if not isinstance(data, bytes):
        return ws
    from dataclasses import replace

    from ftz_cli.store.workspace import read_settings

    return replace(ws, settings=read_settings(data, SETTINGS_FILE))
