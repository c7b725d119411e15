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
from pathlib import PurePath
from typing import NamedTuple

from ftz_cli.core.clock import CHINA
from ftz_cli.core.model import Update
from ftz_cli.core.status import Progress

__all__ = ["ACTIONS", "Closure", "Event", "Evidence", "PENDING", "RETURNED", "closures", "label",
           "before", "marked", "sent_back"]

ACTIONS: tuple[str, ...] = ("evidence", "confirm", "return")
PENDING = "待确认"
RETURNED = "已退回"


class Evidence(NamedTuple):
    """A file kept in the workspace by its SHA-256: ``evidence/ab/abcd….pdf``."""

    name: str
    sha256: str
    suffix: str = ""

    @classmethod
    def of(cls, name: str, sha256: str) -> Evidence:
        """The evidence of the file ``name`` whose bytes have this SHA-256: kept with the
        name's suffix in lower case when it is ASCII of at most 10 characters, letters,
        digits and dots only."""
        suffix = PurePath(name).suffix
        suffix = suffix.lower() if suffix.isascii() and len(suffix) <= 10 else ""
        return cls(name, sha256, "".join(c for c in suffix if c.isalnum() or c == "."))

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

    @property
    def state(self) -> str | None:
        """Where 销号 stands, for scripts: ``pending`` (待确认), ``confirmed`` (确认销号),
        ``returned`` (退回); None when nothing awaits it or was decided."""
        if self.returned is not None:
            return "returned"
        if self.pending:
            return "pending"
        return "confirmed" if self.decision is not None and self.done else None


def _decisions(events: Iterable[Event]) -> dict[tuple[str, dt.date], Event]:
    """The decision in force on each record (item, date): of several, the last made."""
    return {(e.id, e.date): e for e in sorted(events, key=lambda e: e.at) if e.action != "evidence"}


def sent_back(events: Iterable[Event]) -> dict[str, dict[dt.date, dt.datetime]]:
    """By item, the dates of the records whose 已完成 was sent back (退回) and not confirmed
    since, with when: a returned record is not done, so the item is judged as if the unit had
    not sent it (its light goes back to that of the records before). A record of that date
    entered after the return is the unit's new report."""
    found: dict[str, dict[dt.date, dt.datetime]] = {}
    for (item_id, day), decision in _decisions(events).items():
        if decision.action == "return":
            found.setdefault(item_id, {})[day] = decision.at
    return found


def before(record: Update, moment: dt.datetime) -> bool:
    """Whether ``record`` was entered by ``moment``."""
    return entered(record) <= moment


def entered(record: Update) -> dt.datetime:
    """When ``record`` was entered (a record without a zone: China time)."""
    at = record.recorded_at
    return at if at.tzinfo else at.replace(tzinfo=CHINA)


def closures(progress: Iterable[Progress], events: Sequence[Event], required: bool
             ) -> Mapping[str, Closure]:
    """Each item's 销号 on its progress's as-of day (items with no events and nothing pending
    are left out). The decision shown is that on the latest record, or the return of a later
    one (a returned record counts for nothing, so the latest record is one before it) until
    the unit reports again."""
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
        decided = _decisions(known)
        decisions = [e for (_, day), e in sorted(decided.items(), key=lambda kv: kv[0][1])
                     if (day == latest and p.latest is not None and before(p.latest, e.at))
                     or (e.action == "return" and (latest is None or day > latest))]
        found[p.item.id] = Closure(
            tuple((e.date, f) for e in known for f in e.evidence), decisions[-1] if decisions else None,
            required, done)
    return found


def label(status_label: str, closure: Closure | None) -> str:
    """已完成 → 已完成（待确认）; a returned item's label marked 已退回."""
    word = None if closure is None else RETURNED if closure.returned is not None else \
        PENDING if closure.pending else None
    return status_label if word is None else marked(status_label, word)


def marked(status_label: str, word: str) -> str:
    """``status_label`` with ``word`` beside any other mark: 逾期未完成（超期未更新，已退回）."""
    return f"{status_label[:-1]}，{word}）" if status_label.endswith("）") else f"{status_label}（{word}）"
