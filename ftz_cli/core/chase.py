"""催办 and 报送率: what each unit owes, from the items' progress on one day.

An item is asked for (the fill-in sheet lists it, and it counts in the unit's 报送率) when it
has started, whatever its kind: all that can have a light is asked for. Of those, a unit is
reminded of the ones not done that are
- ``overdue``: past the deadline and not met (the deadline day itself is ``due_soon``: 今日到期);
- ``not_reported``: nothing reported yet;
- ``stale``: the latest report is older than the staleness window;
- ``due_soon``: due within the given number of days (today included);
- ``returned``: the office sent its 已完成 back (退回, with a reason: see ``closure``);
- ``unexplained``: red or yellow, and its latest record says nothing under 存在问题 (a unit
  behind must say why); an item listed for another reason carries it as a second one.
Each item is listed once per unit, under the first of these reasons that holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ftz_cli.core.model import Item, Plan
from ftz_cli.core.status import Progress
from ftz_cli.core.units import owners, responsible, unit_names

if TYPE_CHECKING:
    from ftz_cli.core.snapshot import Book

__all__ = ["REASONS", "REASON_LABELS", "Chase", "UnitRate", "asked", "book_rates", "chases",
           "report_rates"]

REASONS: tuple[str, ...] = ("returned", "overdue", "not_reported", "stale", "due_soon", "unexplained")
REASON_LABELS = {"overdue": "逾期未完成", "not_reported": "尚未报送", "stale": "超期未更新",
                 "due_soon": "即将到期", "returned": "销号被退回", "unexplained": "未说明存在问题"}
BEHIND = frozenset({"behind", "severely_behind", "overdue"})  # yellow and red


@dataclass(frozen=True, slots=True)
class Chase:
    """One item a unit is reminded of, and why."""

    unit: str
    progress: Progress
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return self.reasons[0]

    @property
    def days_left(self) -> int:
        """Days from the as-of date to the deadline (negative once past it)."""
        return (self.progress.item.deadline - self.progress.as_of).days


@dataclass(frozen=True, slots=True)
class UnitRate:
    """报送率: of the items a unit is asked for, how many carry a report that is not stale."""

    unit: str
    items: tuple[str, ...]
    reported: tuple[str, ...]

    @property
    def rate(self) -> float | None:
        return len(self.reported) / len(self.items) if self.items else None


def asked(item: Item, as_of: dt.date) -> bool:
    """Whether a unit is asked to report on ``item`` by ``as_of`` (as the fill-in sheet asks):
    every item that can have a light, qualitative goals and campaign items included
    (domain.md "Everything judged is asked for")."""
    return item.start <= as_of


def _reasons(p: Progress, within: int, returned: Collection[str] = ()) -> tuple[str, ...]:
    if p.item.id in returned:
        return ("returned",)
    if p.closed:
        return ()
    # 长期坚持: no deadline to be overdue on or due soon by
    days_left = (p.item.deadline - p.as_of).days if not p.item.ongoing else 1 << 30
    found = []
    if p.status == "overdue" and days_left < 0:  # the deadline day itself is due, not overdue
        found.append("overdue")
    if p.reported is None and p.verdict is None:
        found.append("not_reported")
    elif p.stale:
        found.append("stale")
    if p.status in BEHIND and p.reported is not None and not p.reported.problems:
        found.append("unexplained")
    if 0 <= days_left <= within:
        found.append("due_soon")
    # 今日到期: listed with what is due, whatever else holds
    return tuple(sorted(found, key=lambda r: (not (r == "due_soon" and days_left == 0), REASONS.index(r))))


def _by_unit(plan: Plan, assigned: Mapping[str, tuple[str, ...]], progress: Sequence[Progress],
             order: Sequence[str]) -> dict[str, list[Progress]]:
    """The progress of the items each unit is asked for, units in ``order`` then 专班 in plan order."""
    grouped: dict[str, list[Progress]] = {unit: [] for unit in order}
    grouped.update({area.team: [] for area in plan.areas if area.team not in grouped})
    for p in progress:
        if asked(p.item, p.as_of):
            for unit in responsible(plan, assigned, p.item):
                grouped.setdefault(unit, []).append(p)
    return grouped


def chases(plan: Plan, assigned: Mapping[str, tuple[str, ...]], progress: Sequence[Progress],
           order: Sequence[str], within: int, returned: Collection[str] = ()) -> list[Chase]:
    """Every reminder, unit by unit (in ``order``, then the 专班), by reason, then deadline
    (``returned``: the items whose 已完成 the office sent back)."""
    found: list[Chase] = []
    for unit, owned in _by_unit(plan, assigned, progress, order).items():
        mine = [Chase(unit, p, why) for p in owned if (why := _reasons(p, within, returned))]
        mine.sort(key=lambda c: (REASONS.index(c.reason), c.progress.item.deadline))
        found.extend(mine)
    return found


def report_rates(plan: Plan, assigned: Mapping[str, tuple[str, ...]], progress: Sequence[Progress],
                 order: Sequence[str] = ()) -> list[UnitRate]:
    """报送率 per unit (the 专班 stand for items no unit owns); units asked for nothing are left out."""
    rates = []
    for unit, owned in _by_unit(plan, assigned, progress, order).items():
        if owned:
            reported = tuple(p.item.id for p in owned if p.reported is not None and not p.stale)
            rates.append(UnitRate(unit, tuple(p.item.id for p in owned), reported))
    return rates


def book_rates(book: Book, as_of: dt.date) -> tuple[list[UnitRate], dict[str, tuple[str, ...]]]:
    """For the brief: 报送率 per unit on ``as_of`` (units in ``ftz.yaml`` order, then the 专班),
    and each item's units (item id → units; an item no unit owns is absent: its 专班 answers)."""
    from ftz_cli.core.snapshot import snapshot

    assigned = owners(book.plan, book.settings.units)
    rates = report_rates(book.plan, assigned, snapshot(book, as_of).items, unit_names(book.settings.units))
    return rates, assigned
