"""A 销号 event's file (JSON, kept by ``store/closures.py``): an ``Event`` written
(``event_file``) and read back, checked (``read_event``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ftz_cli.core.closure import ACTIONS, Event, Evidence
from ftz_cli.parse.dates import CHINA

_SHA = frozenset("0123456789abcdef")


def event_file(event: Event) -> bytes:
    """The file of ``event``, as ``read_event`` reads it back."""
    body = {"id": event.id, "action": event.action, "date": event.date.isoformat(),
            "at": event.at.isoformat(), "by": event.by, "note": event.note,
            "evidence": [{"name": e.name, "sha256": e.sha256, "suffix": e.suffix} for e in event.evidence]}
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_event(data: bytes) -> Event:
    """The event in ``data`` (a file under ``closures/``); ValueError, TypeError or KeyError
    when it is not one."""
    raw = json.loads(data.decode("utf-8"))
    if not isinstance(raw, dict) or raw.get("action") not in ACTIONS:
        raise ValueError("not an event")
    at = dt.datetime.fromisoformat(_text(raw["at"]))
    files = tuple(Evidence(_text(f["name"]), _sha(f["sha256"]), _text(f.get("suffix", "")))
                  for f in raw.get("evidence") or ())
    return Event(_text(raw["id"]), raw["action"], dt.date.fromisoformat(_text(raw["date"])),
                 at if at.tzinfo else at.replace(tzinfo=CHINA), _text(raw.get("by", "")),
                 _text(raw.get("note", "")), files)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _sha(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 64 or not set(value) <= _SHA:
        raise ValueError("not a SHA-256")
    return value
