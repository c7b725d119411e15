"""The log of what ``ftz remind --send`` sent (``sent/YYYY-MM.jsonl``, kept by
``store/sent.py``): a JSON object a line per message tried (unit, service, when, the digest of
its text, whether the service took it), written (``sent_lines``) and read back (``took``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import NamedTuple

from ftz_cli.parse.dates import CHINA


class Sent(NamedTuple):
    unit: str
    service: str
    at: dt.datetime
    digest: str
    ok: bool
    answer: str = ""


def sent_lines(entries: Iterable[Sent]) -> str:
    """The log's lines for ``entries`` (a service's answer cut to 200 characters)."""
    return "".join(json.dumps({"unit": e.unit, "service": e.service, "at": e.at.isoformat(),
                               "digest": e.digest, "ok": e.ok, "answer": e.answer[:200]},
                              ensure_ascii=False) + "\n" for e in entries)


def took(lines: Iterable[str], service: str, day: dt.date) -> dict[str, set[str]]:
    """Unit → the digests ``service`` took on ``day`` (China time), from the log's lines."""
    found: dict[str, set[str]] = {}
    for line in lines:
        try:
            entry = json.loads(line)
            at = dt.datetime.fromisoformat(entry["at"]).astimezone(CHINA)
            if entry["service"] == service and entry["ok"] is True and at.date() == day:
                found.setdefault(str(entry["unit"]), set()).add(str(entry["digest"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a line that is not ours (hand-edited): it only means a resend
    return found
