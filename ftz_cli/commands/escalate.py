"""督办 from the workspace: the issued briefs' recorded lights, read for ``report`` and ``remind``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ftz_cli.core.escalation import escalated
from ftz_cli.core.issues import Issued
from ftz_cli.store.briefs import SERIES, read_lights, read_log
from ftz_cli.store.workspace import Workspace


def issues(ws: Workspace, as_of: dt.date, *, before: bool) -> list[Issued]:
    """The issued briefs up to ``as_of`` (``before``: strictly before it), one per issue, oldest first."""
    if ws.readonly:
        return []
    found: dict[tuple[int, int, dt.date], Issued] = {}
    for entry in read_log(ws):
        if entry.series == SERIES and (entry.as_of < as_of if before else entry.as_of <= as_of):
            found.setdefault((entry.as_of.year, entry.number, entry.as_of), entry)
    return sorted(found.values(), key=lambda e: (e.as_of, e.number))


def on_list(ws: Workspace, as_of: dt.date, after: int, current: Mapping[str, str] | None = None
            ) -> list[str]:
    """The ids on the 督办 list: from the briefs issued by ``as_of`` or, with ``current`` (the
    lights of the brief being made), from those before it and this one."""
    before = current is not None
    lights: list[Mapping[str, str] | None] = [read_lights(ws, e) for e in issues(ws, as_of, before=before)]
    if current is not None:
        lights.append(current)
    return escalated(lights, after)
