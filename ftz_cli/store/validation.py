"""``ftz validate``: every problem in a workspace, answered from cache when nothing changed.

Kept apart from ``store`` so that a cache hit imports neither the parser nor the model.
"""

from __future__ import annotations

import datetime as dt

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.store import cache
from ftz_cli.store.workspace import SETTINGS_FILE, Workspace


def validate(ws: Workspace, today: dt.date) -> list[Diagnostic]:
    """Every problem in the workspace; cached by the content of every file it reads."""
    files = [ws.plan_path, ws.document_path, ws.root / SETTINGS_FILE, *ws.update_files()]
    parts = [today.isoformat().encode()]
    for path in files:
        try:  # a FIFO would never end: load() names it (E009), the key need not read it
            parts += [ws.rel(path).encode(), path.read_bytes() if path.is_file() else b"\0special"]
        except OSError:
            parts += [ws.rel(path).encode(), b"\0missing"]

    def run() -> list[Diagnostic]:
        from ftz_cli.store.updates import load

        try:
            return list(load(ws, today).diagnostics)
        except FtzError as err:
            return err.diagnostics

    return cache.cached("validate", str(ws.root), parts, run)


