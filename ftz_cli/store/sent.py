"""What ``ftz remind --send`` sent: ``sent/YYYY-MM.jsonl`` in the workspace, a line per
message tried (unit, service, when, the digest of its text, whether the service took it).

A rerun on the same day sends a unit's notice again only when it failed or changed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ftz_cli.parse.dates import CHINA
from ftz_cli.store.lock import file_lock
from ftz_cli.store.workspace import Workspace

SENT_DIR = "sent"


class Sent(NamedTuple):
    unit: str
    service: str
    at: dt.datetime
    digest: str
    ok: bool
    answer: str = ""


def _path(ws: Workspace, day: dt.date) -> Path:
    return ws.root / SENT_DIR / f"{day:%Y-%m}.jsonl"


def sent_today(ws: Workspace, service: str, day: dt.date) -> dict[str, set[str]]:
    """Unit → the digests the service took on ``day`` (China time)."""
    path = _path(ws, day)
    found: dict[str, set[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return found
    for line in lines:
        try:
            entry = json.loads(line)
            at = dt.datetime.fromisoformat(entry["at"]).astimezone(CHINA)
            if entry["service"] == service and entry["ok"] is True and at.date() == day:
                found.setdefault(str(entry["unit"]), set()).add(str(entry["digest"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a line that is not ours (hand-edited): it only means a resend
    return found


def log(ws: Workspace, entries: Iterable[Sent]) -> None:
    """Append what was tried, under a lock (two runs at once keep both)."""
    entries = list(entries)
    if not entries:
        return
    path = _path(ws, entries[0].at.astimezone(CHINA).date())
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps({"unit": e.unit, "service": e.service, "at": e.at.isoformat(),
                               "digest": e.digest, "ok": e.ok, "answer": e.answer[:200]},
                              ensure_ascii=False) + "\n" for e in entries)
    with file_lock(path.parent / ".lock"), path.open("a", encoding="utf-8") as stream:
        stream.write(text)
