"""What ``ftz remind --send`` sent: ``sent/YYYY-MM.jsonl`` in the workspace, a line per
message tried (its format: ``parse/sent.py``).

A rerun on the same day sends a unit's notice again only when it failed or changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.sent import Sent, sent_lines, took
from ftz_cli.store.layout import lock
from ftz_cli.store.workspace import UPDATES_DIR, Workspace

SENT_DIR = "sent"


def _path(ws: Workspace, day: dt.date) -> Path:
    return ws.own(ws.root / SENT_DIR / f"{day:%Y-%m}.jsonl")


def sent_today(ws: Workspace, service: str, day: dt.date) -> dict[str, set[str]]:
    """Unit → the digests the service took on ``day`` (China time)."""
    from ftz_cli.core.files import read_regular

    data = read_regular(_path(ws, day), 16 << 20)  # a month of notices; a file that is not one is not a log
    try:
        lines = data.decode("utf-8").splitlines() if data is not None else []
    except UnicodeDecodeError:
        return {}
    return took(lines, service, day)


def log(ws: Workspace, entries: Iterable[Sent]) -> None:
    """Append what was tried, under a lock (two runs at once keep both)."""
    entries = list(entries)
    if not entries:
        return
    path = _path(ws, entries[0].at.astimezone(CHINA).date())
    path.parent.mkdir(parents=True, exist_ok=True)
    text = sent_lines(entries)
    with lock(ws.root / UPDATES_DIR), path.open("a", encoding="utf-8") as stream:
        stream.write(text)
