"""The reporting scoreboard (报送情况通报): per unit and month, how the unit reported.

The rule (documented for users in docs/units.md):
- A month's figures are due by ``report.due_day`` of the next month, China time: with the
  default 5, May's by 6月5日 (a record entered on 6月5日 is on time, on 6月6日 late).
- A record belongs to the month its data date falls in; only records entered
  (``recorded_at``) by the as-of day are known.
- ``asked``: the items a unit answers for that it is asked about by the month's end (as
  ``remind`` and the sheet ask, ``chase.asked``) and that were not done before the month.
- ``reported``: asked items with a record of the month; ``on_time``: of those, the ones
  whose first record of the month was entered by the due day; ``late``: the others.
- ``missing`` = asked − reported; ``stale``: asked items whose latest record, on the due day
  (or the as-of day if earlier), is older than ``status.stale_days`` (a part of missing).
- ``needs_check``: asked items with a record of the month held for checking (待核实);
  ``corrected``: asked items with a correction (``replace``) of the month.
- ``report_rate`` = reported / asked, ``on_time_rate`` = on_time / asked.
- ``rank`` by ``report.rank_by`` (``on_time``: on-time rate, then report rate, then fewer
  problems, i.e. needs_check + corrected per asked item; ``reported``: report rate first);
  equal units share a rank (1, 2, 2, 4). ``rank_change`` = last month's rank − this month's
  (positive: moved up), None when the unit was not ranked last month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from ftz_cli.core.chase import asked
from ftz_cli.core.clock import CHINA
from ftz_cli.core.model import Plan, Update
from ftz_cli.core.snapshot import Book, snapshot
from ftz_cli.core.units import Assignment, owners, responsible, unit_names

__all__ = ["Period", "UnitScore", "default_period", "scoreboard"]



class Period(NamedTuple):
    """A reporting month."""

    year: int
    month: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return self.next().first - dt.timedelta(days=1)

    def next(self) -> Period:
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Period:
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def due(self, due_day: int) -> dt.date:
        """The last day to report this month's figures on time."""
        following = self.next()
        return dt.date(following.year, following.month, due_day)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def default_period(as_of: dt.date, due_day: int) -> Period:
    """The latest month whose due day has passed by ``as_of`` (on 6月6日: May)."""
    period = Period(as_of.year, as_of.month).previous()
    return period if period.due(due_day) < as_of else period.previous()


@dataclass(frozen=True, slots=True)
class UnitScore:
    """One unit's reporting in one month."""

    unit: str
    period: Period
    due: dt.date
    asked: int
    reported: int
    on_time: int
    late: int
    missing: int
    stale: int
    needs_check: int
    corrected: int
    rank: int | None = None
    rank_change: int | None = None

    @property
    def report_rate(self) -> float | None:
        return self.reported / self.asked if self.asked else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.asked if self.asked else None

    @property
    def problems(self) -> float:
        return (self.needs_check + self.corrected) / self.asked if self.asked else 0.0


def scoreboard(book: Book, period: Period, as_of: dt.date,
               held: Collection[tuple[str, dt.date]] = ()) -> list[UnitScore]:
    """Every unit asked for something in ``period``, ranked, with the change since the month
    before. ``held``: the records (item id, data date) held for checking (待核实)."""
    known = _known(book, as_of)
    now = _scores(known, period, as_of, held)
    before = {s.unit: s.rank for s in _scores(known, period.previous(), as_of, held)}
    return [replace(s, rank_change=None if s.rank is None or before.get(s.unit) is None
                    else before[s.unit] - s.rank)  # type: ignore[operator]
            for s in now]


def _known(book: Book, as_of: dt.date) -> Book:
    """The book as it stood at the end of ``as_of``: records entered later are left out."""
    return Book(book.plan, [u for u in book.updates if _entered(u) <= as_of], book.settings)


def _entered(update: Update) -> dt.date:
    return update.recorded_at.astimezone(CHINA).date()


def _scores(book: Book, period: Period, as_of: dt.date,
            held: Collection[tuple[str, dt.date]]) -> list[UnitScore]:
    due = period.due(book.settings.due_day)
    items = _asked(book, period)
    owned = _by_unit(book.plan, book.settings.units, items)
    month = _records_of(book.updates, period, items)
    stale = {p.item.id for p in snapshot(book, min(due, as_of)).items if p.stale}
    scores = []
    for unit, ids in owned.items():
        mine = {i: month[i] for i in ids if i in month}
        on_time = sum(_entered(records[0]) <= due for records in mine.values())
        scores.append(UnitScore(
            unit, period, due, len(ids), len(mine), on_time, len(mine) - on_time, len(ids) - len(mine),
            sum(i in stale and i not in mine for i in ids),
            sum(any((u.id, u.date) in held for u in records) for records in mine.values()),
            sum(any(u.replace for u in records) for records in mine.values())))
    return _ranked(scores, book.settings.rank_by)


def _asked(book: Book, period: Period) -> list[str]:
    """The items asked about in ``period``: started by its end, not done before it began."""
    before = snapshot(book, period.first - dt.timedelta(days=1))
    return [p.item.id for p in before.items
            if asked(p.item, period.last) and p.status != "done"]


def _by_unit(plan: Plan, assignments: Sequence[Assignment], items: Sequence[str]) -> dict[str, list[str]]:
    """Each unit (``units:`` order, then the 专班) with the asked items it answers for."""
    assigned = owners(plan, assignments)
    grouped: dict[str, list[str]] = {unit: [] for unit in unit_names(assignments)}
    grouped.update({area.team: [] for area in plan.areas if area.team not in grouped})
    for item_id in items:
        for unit in responsible(plan, assigned, plan.items_by_id[item_id]):
            grouped.setdefault(unit, []).append(item_id)
    return {unit: ids for unit, ids in grouped.items() if ids}


def _records_of(updates: Sequence[Update], period: Period, items: Collection[str]
                ) -> Mapping[str, list[Update]]:
    """Each asked item's records dated in ``period``, in the order they were entered."""
    wanted = set(items)
    found: dict[str, list[Update]] = {}
    for u in updates:
        if u.id in wanted and period.first <= u.date <= period.last:
            found.setdefault(u.id, []).append(u)
    for records in found.values():
        records.sort(key=lambda u: u.recorded_at)
    return found


def _ranked(scores: list[UnitScore], rule: str) -> list[UnitScore]:
    """Ranks by ``rule``; equal units share one (1, 2, 2, 4)."""
    def key(s: UnitScore) -> tuple[float, float, float]:
        first, second = (s.on_time_rate, s.report_rate) if rule == "on_time" else (
            s.report_rate, s.on_time_rate)
        return (-(first or 0.0), -(second or 0.0), s.problems)

    ordered = sorted(scores, key=key)
    ranks: dict[str, int] = {}
    for place, s in enumerate(ordered, start=1):
        ranks[s.unit] = ranks[ordered[place - 2].unit] if place > 1 and key(ordered[place - 2]) == key(s) \
            else place
    return [replace(s, rank=ranks[s.unit]) for s in scores]
