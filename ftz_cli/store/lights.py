"""The lights each issued brief printed, for 督办 (``core.escalation``): one small JSON file
per issue, ``issued/lights/report-2021-12-2021-06-30.json`` (``report-2021-12.json`` before, still
read), written when the brief is issued (as ``parse.briefs.lights_file`` says).

One file per issue, beside the issue log rather than inside it: two desks issuing in turn
merge in git without a conflict, and the log's own format is left to its module.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ftz_cli.core.issues import Issued
from ftz_cli.parse.briefs import lights_file, printed_lights
from ftz_cli.store import atomic
from ftz_cli.store.workspace import Workspace

LIGHTS_DIR = "issued/lights"
SERIES = "report"  # the series of ``ftz report``'s briefs in the issue log


def _path(ws: Workspace, issued: Issued, *, old: bool = False) -> Path:
    """``report-2021-12-2021-06-30.json``: with its as-of date, so that two desks that both issued
    第12期 (for two dates) add two files and their pulls merge; ``old``: the name before."""
    name = f"{issued.series}-{issued.as_of.year}-{issued.number}"
    return ws.own(ws.root / LIGHTS_DIR / (f"{name}.json" if old else f"{name}-{issued.as_of.isoformat()}.json"))


def record_lights(ws: Workspace, issued: Issued, lights: Mapping[str, str]) -> None:
    """Write (or rewrite, when the same issue is written again) the brief's yellow and red items."""
    path = _path(ws, issued)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write(path, lights_file(issued, lights))


def read_lights(ws: Workspace, issued: Issued) -> dict[str, str] | None:
    """The lights a brief recorded; None when it recorded none (or the file is not ours)."""
    from ftz_cli.core.files import read_regular

    path = _path(ws, issued)
    data = read_regular(path if path.exists() else _path(ws, issued, old=True), 1 << 20)
    try:
        return printed_lights(data.decode("utf-8"), issued) if data is not None else None
    except ValueError:
        return None
