"""销号: closing an item with evidence, and the office's confirmation (docs/units.md).

A unit reports 已完成 with evidence (files kept by content hash); where the office requires
it (``report.confirm_done``), the item reads 已完成（待确认） until the office confirms it
(确认销号) or sends it back with a reason (退回). A decision is about the item's latest
record: a new record after a return asks again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ftz_cli.core.status import Progress

__all__ = ["ACTIONS", "Closure", "Event", "Evidence", "PENDING", "RETURNED", "closures", "label"]

ACTIONS: tuple[str, ...] = ("evidence", "confirm", "return")
PENDING = "待确认"
RETURNED = "已退回"


class Evidence(NamedTuple):
    """A file kept in the workspace by its SHA-256: ``evidence/ab/abcd….pdf``."""

    name: str
    sha256: str
    suffix: str = ""

    @property
    def path(self) -> str:
        return f"evidence/{self.sha256[:2]}/{self.sha256}{self.suffix}"


class Event(NamedTuple):
    """One 销号 event: evidence given, or the office's confirmation or return."""

    id: str
    action: str
    date: dt.date  # the data date of the record it is about
    at: dt.datetime
    by: str = ""
    note: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Closure:
    """Where an item's 销号 stands on one day."""

    evidence: tuple[tuple[dt.date, Evidence], ...] = ()
    decision: Event | None = None  # the confirmation or return of the latest record
    required: bool = False
    done: bool = False

    @property
    def confirmed(self) -> bool | None:
        """True when confirmed, False while awaiting or returned; None when nothing awaits it."""
        if not (self.required and self.done):
            return None if self.decision is None or self.decision.action != "return" else False
        return self.decision is not None and self.decision.action == "confirm"

    @property
    def returned(self) -> Event | None:
        return self.decision if self.decision is not None and self.decision.action == "return" else None

    @property
    def pending(self) -> bool:
        return self.required and self.done and self.decision is None


def closures(progress: Iterable[Progress], events: Sequence[Event], required: bool
             ) -> Mapping[str, Closure]:
    """Each item's 销号 on its progress's as-of day (items with no events and nothing pending
    are left out)."""
    by_item: dict[str, list[Event]] = {}
    for event in sorted(events, key=lambda e: (e.date, e.at)):
        by_item.setdefault(event.id, []).append(event)
    found = {}
    for p in progress:
        # as records are, events are placed by the date of the record they are about
        known = [e for e in by_item.get(p.item.id, ()) if e.date <= p.as_of]
        done = p.status == "done"
        if not known and not (required and done):
            continue
        latest = p.latest.date if p.latest is not None else None
        decisions = [e for e in known if e.action != "evidence" and e.date == latest]
        found[p.item.id] = Closure(
            tuple((e.date, f) for e in known for f in e.evidence), decisions[-1] if decisions else None,
            required, done)
    return found


def label(status_label: str, closure: Closure | None) -> str:
    """已完成 → 已完成（待确认） or 已完成（已退回）."""
    if closure is None:
        return status_label
    if closure.returned is not None:
        return f"{status_label}（{RETURNED}）"
    return f"{status_label}（{PENDING}）" if closure.pending else status_label
