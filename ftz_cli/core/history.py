"""One item's history: its effective records by date, and the date its target was first met."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from ftz_cli.core.model import Item, Update, Verdict
from ftz_cli.core.slips import held
from ftz_cli.core.status import met

Fetch = Callable[[int, int], list[Update]]  # the effective records from one position to another


def effective(updates: Sequence[Update]) -> list[int]:
    """The positions of the records that count, one a date, by date: of records (in
    recording order) for the same date, the later wins."""
    by_date = {u.date: index for index, u in enumerate(updates)}
    return [by_date[day] for day in sorted(by_date)]


class History:
    """One item's effective records by date (a correction replaces its date's record).

    ``days`` are their dates' ordinals; ``fetch`` gives the records themselves by position,
    so a history kept in the index makes only the records a command asks for (``ftz list``
    about today: the latest). ``met`` is the item and the date its target was first met,
    when known."""

    __slots__ = ("_days", "_fetch", "_met", "verdicts", "_held")

    def __init__(self, days: Sequence[int], fetch: Fetch,
                 met: tuple[Item, dt.date | None] | None = None, verdicts: Sequence[Verdict] = (), *,
                 held: frozenset[int] | None = None) -> None:
        """``held``: the dates (ordinals) of the figures held for checking and not confirmed
        (core/slips.py), when known."""
        self._days, self._fetch, self._met = days, fetch, met
        # the office's verdicts on a goal due, by date; of one date, the one recorded last wins
        self.verdicts = tuple(sorted(verdicts, key=lambda v: v.date))
        self._held: tuple[Item | None, frozenset[int]] | None = None if held is None else (None, held)

    @classmethod
    def of(cls, updates: Iterable[Update], verdicts: Sequence[Verdict] = (), *,
           met: tuple[Item, dt.date | None] | None = None) -> History:
        """The history of ``updates`` (one item's, in recording order) and the office's
        ``verdicts`` on it (``met``: the item and the date its target was first met, when known)."""
        records = list(updates)
        if any(u.verdict for u in records):  # the office's verdicts are no progress
            verdicts = [*verdicts, *(judged(u) for u in records if u.verdict)]
            records = [u for u in records if not u.verdict]
        chosen = [records[i] for i in effective(records)]
        return cls([u.date.toordinal() for u in chosen], lambda lo, hi: chosen[lo:hi], met, verdicts)

    def __len__(self) -> int:
        return len(self._days)

    @property
    def updates(self) -> list[Update]:
        return self._fetch(0, len(self._days))

    def _index(self, day: dt.date) -> int:
        """How many records are dated on or before ``day``."""
        return bisect.bisect_right(self._days, day.toordinal())

    def first_met(self, item: Item) -> dt.date | None:
        """The date of the first record that meets ``item``'s target (found once per item)."""
        if self._met is None or self._met[0] is not item:
            held = self.held_days(item)  # a figure held for checking meets nothing until confirmed
            self._met = (item, next((u.date for u in self.updates
                                     if met(item, u) and u.date.toordinal() not in held), None))
        return self._met[1]

    def verdict(self, as_of: dt.date) -> Verdict | None:
        """The office's verdict in force on ``as_of``: the latest dated on or before it."""
        found = [v for v in self.verdicts if v.date <= as_of]
        return found[-1] if found else None

    def needs_check(self, item: Item, update: Update | None) -> bool:
        """Whether ``update`` (one of these records) is a figure held for checking that no one
        confirmed (待核实): it never makes ``item`` done."""
        return update is not None and item.quantitative and update.date.toordinal() in self.held_days(item)

    def held_days(self, item: Item) -> frozenset[int]:
        """The dates (ordinals) of the figures held for checking and not confirmed."""
        if self._held is None or self._held[0] not in (None, item):
            found: frozenset[int] = frozenset()
            if item.quantitative:
                updates = self.updates
                found = frozenset(updates[i].date.toordinal() for i in held(
                    item, [u.value or 0.0 for u in updates], [u.date.year for u in updates],
                    [u.confirmed for u in updates]))
            self._held = (item, found)
        return self._held[1]

    def held_updates(self, item: Item) -> list[Update]:
        """The records held for checking that no one confirmed (待核实), by date."""
        days = self.held_days(item)
        return [u for u in self.updates if u.date.toordinal() in days] if days else []

    def latest(self, as_of: dt.date, passed_over: frozenset[int] = frozenset()) -> Update | None:
        """The latest record dated on or before ``as_of`` whose date (ordinal) is not in
        ``passed_over`` (``held_days``: a figure held for checking counts for nothing)."""
        index = self._index(as_of)
        while index and self._days[index - 1] in passed_over:
            index -= 1
        return self._fetch(index - 1, index)[0] if index else None

    def until(self, as_of: dt.date) -> list[Update]:
        """Records dated on or before ``as_of``, by date."""
        return self._fetch(0, self._index(as_of))

    def between(self, after: dt.date, until: dt.date) -> list[Update]:
        """Records dated in (after, until]."""
        return self._fetch(self._index(after), self._index(until))


def judged(update: Update) -> Verdict:
    """The verdict a verdict record stands for."""
    return Verdict(update.id, update.date, update.verdict, update.note, update.by, update.recorded_at,
                   update.carried_into)


EMPTY = History.of(())


def histories(updates: Sequence[Update]) -> dict[str, History]:
    grouped: dict[str, list[Update]] = {}
    for update in updates:
        try:
            grouped[update.id].append(update)
        except KeyError:
            grouped[update.id] = [update]
    return {item_id: History.of(group) for item_id, group in grouped.items()}
