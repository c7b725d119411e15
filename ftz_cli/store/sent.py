"""What ``ftz remind --send`` sent: ``sent/YYYY-MM.jsonl`` in the workspace, a line per
message tried (its format: ``parse/sent.py``).

A rerun on the same day sends a unit's notice again only when it failed or changed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from ftz_cli.core.errors import FtzError
from ftz_cli.core.oserrors import os_diagnostic
from ftz_cli.parse.dates import CHINA
from ftz_cli.parse.sent import Sent, sent_lines, took
from ftz_cli.store import atomic
from ftz_cli.store.layout import lock
from ftz_cli.store.workspace import UPDATES_DIR, Workspace

SENT_DIR = "sent"


def _path(ws: Workspace, day: dt.date) -> Path:
    return ws.own(ws.root / SENT_DIR / f"{day:%Y-%m}.jsonl")


def _read(ws: Workspace, path: Path) -> bytes:
    """The month's log as it is (none yet: no bytes); a folder, a FIFO or a file over 16 MiB
    in its place is said (E009, E004) before anything is sent, never waited on."""
    if not os.path.lexists(path):
        return b""
    return ws.read_own(path, f"把 {ws.rel(path)} 移走；ftz 会重新记下发送情况（今天已发送的会再发一次）。", 16 << 20)


def sent_today(ws: Workspace, service: str, day: dt.date) -> dict[str, set[str]]:
    """Unit → the digests the service took on ``day`` (China time)."""
    try:
        lines = _read(ws, _path(ws, day)).decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return {}  # not ours (hand-edited): it only means a resend
    return took(lines, service, day)


def check_loggable(ws: Workspace, day: dt.date) -> None:
    """Before anything is sent: the month's log can be written (its folder made, the lock
    taken). A read-only workspace or a file in place of ``sent/`` is said now, not after the
    notices are out with no line in the log to keep a rerun from sending them again."""
    path = _path(ws, day)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with lock(ws.root / UPDATES_DIR):
            pass
    except OSError as err:
        said = os_diagnostic(err, Path(ws.rel(path)), "E405")
        raise FtzError(said._replace(hint=said.hint + "没有发送任何通知。")) from None


def log(ws: Workspace, entries: Iterable[Sent]) -> None:
    """Add what was tried to the month's log, under the lock (two runs at once keep both) and
    atomically (``atomic.extend``: a crash leaves the old log or the new one, whole)."""
    entries = list(entries)
    if not entries:
        return
    path = _path(ws, entries[0].at.astimezone(CHINA).date())
    shown = ws.rel(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with lock(ws.root / UPDATES_DIR):
            atomic.extend(path, _read(ws, path), sent_lines(entries).encode("utf-8"))
    except OSError as err:
        raise FtzError(os_diagnostic(err, Path(shown), "E405")) from None
