"""The lights each issued brief printed, for 督办 (``core.escalation``): one small JSON file
per issue, ``issued/lights/report-2021-12.json``, written when the brief is issued.

One file per issue, beside the issue log rather than inside it: two desks issuing in turn
merge in git without a conflict, and the log's own format is left to its module.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from ftz_cli.store.briefs import Issued
from ftz_cli.store.workspace import Workspace

LIGHTS_DIR = "issued/lights"
SERIES = "report"  # the series of ``ftz report``'s briefs in the issue log


def _path(ws: Workspace, issued: Issued) -> Path:
    return ws.root / LIGHTS_DIR / f"{issued.series}-{issued.as_of.year}-{issued.number}.json"


def record_lights(ws: Workspace, issued: Issued, lights: Mapping[str, str]) -> None:
    """Write (or rewrite, when the same issue is written again) the brief's yellow and red items."""
    path = _path(ws, issued)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"series": issued.series, "number": issued.number, "as_of": issued.as_of.isoformat(),
            "lights": dict(lights)}
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_lights(ws: Workspace, issued: Issued) -> dict[str, str] | None:
    """The lights a brief recorded; None when it recorded none (or the file is not ours)."""
    try:
        body = json.loads(_path(ws, issued).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    lights = body.get("lights") if isinstance(body, dict) else None
    if not isinstance(lights, dict) or body.get("as_of") != issued.as_of.isoformat():
        return None
    return {str(k): str(v) for k, v in lights.items()}
