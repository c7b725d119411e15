"""One item's history: its effective records by date, read from Updates or from stored rows."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ftz_cli.core.model import COMPARE, Item, Update
from ftz_cli.core.status import DONE, met

_DATE = operator.attrgetter("date")
_VALUE, _STATUS = operator.itemgetter(2), operator.itemgetter(3)  # of an Update, and of a stored row


class _Rows(Sequence[Any]):
    """Stored rows read only when a row other than the latest is asked for."""

    def __init__(self, read: Callable[[], Sequence[Any]], last: Any, size: int) -> None:
        self._read, self._last, self._size = read, last, size
        self._all: Sequence[Any] | None = None

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index: Any) -> Any:
        if index in (-1, self._size - 1) and self._all is None:
            return self._last
        return self.all()[index]

    def all(self) -> Sequence[Any]:
        if self._all is None:
            self._all = self._read()
        return self._all


class History:
    """One item's effective records by date (a correction replaces its date's record).

    Made from Updates, or from stored rows (``History.stored``: the cache's rows, which
    hold value and status where an Update does), made into Updates only when asked: ``ftz
    list`` over a hundred thousand records makes one Update of each item, its latest."""

    __slots__ = ("_days", "_rows", "_make", "_dates", "_updates", "_met", "_last")

    def __init__(self, updates: Iterable[Update] = ()) -> None:
        updates = list(updates)
        dates = list(map(_DATE, updates))
        if not all(map(operator.lt, dates, dates[1:])):  # else already one record a date, by date
            by_date = dict(zip(dates, updates, strict=True))  # in recording order: later records win
            dates = sorted(by_date)
            updates = list(map(by_date.__getitem__, dates))
        self._dates: list[dt.date] | None = dates
        self._updates: list[Update] | None = updates
        self._days: Sequence[int] | None = None
        self._rows: Sequence[Any] = updates
        self._make: Callable[[Any], Update] | None = None
        self._met: tuple[Item, dt.date | None] | None = None
        self._last: Update | None = None

    @classmethod
    def stored(cls, days: Sequence[int], rows: Callable[[], Sequence[Any]], make: Callable[[Any], Update],
               last: Any, met: tuple[Item, dt.date | None] | None = None) -> History:
        """A history of stored rows, one a date, by date: ``days`` their dates' ordinals,
        ``rows()`` reads them, ``make`` makes one an Update; ``last`` is the latest row (all a
        command about today needs), ``met`` the item's first met date when known."""
        history = cls()
        history._dates, history._updates, history._met = None, None, met
        history._days, history._rows, history._make = days, _Rows(rows, last, len(days)), make
        return history

    @property
    def dates(self) -> list[dt.date]:
        if self._dates is None:
            self._dates = [dt.date.fromordinal(day) for day in self._days or ()]
        return self._dates

    @property
    def updates(self) -> list[Update]:
        if self._updates is None:
            assert self._make is not None  # noqa: S101 - a stored history
            rows = self._rows.all() if isinstance(self._rows, _Rows) else self._rows
            self._updates = list(map(self._make, rows))
        return self._updates

    def _index(self, day: dt.date) -> int:
        """How many records are dated on or before ``day``."""
        if self._days is not None:
            return bisect.bisect_right(self._days, day.toordinal())
        return bisect.bisect_right(self.dates, day)

    def _slice(self, lo: int, hi: int) -> list[Update]:
        if self._updates is None and hi - lo == 1 and hi == len(self._rows):
            if self._last is None:  # the latest record: all a command about today reads
                assert self._make is not None  # noqa: S101 - a stored history
                self._last = self._make(self._rows[lo])
            return [self._last]
        return self.updates[lo:hi]  # the others are made once, all together

    def first_met(self, item: Item) -> dt.date | None:
        """The date of the first record that meets ``item``'s target (found once per item)."""
        if self._met is None or self._met[0] is not item:
            index = next(itertools.compress(itertools.count(), self._meeting(item)), None)
            self._met = (item, None if index is None else self._date(index))
        return self._met[1]

    def _date(self, index: int) -> dt.date:
        return dt.date.fromordinal(self._days[index]) if self._days is not None else self.dates[index]

    def _meeting(self, item: Item) -> Iterator[bool]:
        """``met(item, u)`` for each record, compared at C speed where a target is a number."""
        rows = self._rows.all() if isinstance(self._rows, _Rows) else self._rows
        if not item.quantitative:
            return map(operator.eq, map(_STATUS, rows), itertools.repeat(DONE))
        values = list(map(_VALUE, rows))
        if item.target is not None and None not in values:
            return map(COMPARE[item.comparator], values, itertools.repeat(item.target))
        return map(functools.partial(met, item), self.updates)

    def latest(self, as_of: dt.date) -> Update | None:
        index = self._index(as_of)
        return self._slice(index - 1, index)[0] if index else None

    def until(self, as_of: dt.date) -> list[Update]:
        """Records dated on or before ``as_of``, by date."""
        return self._slice(0, self._index(as_of))

    def between(self, after: dt.date, until: dt.date) -> list[Update]:
        """Records dated in (after, until]."""
        return self._slice(self._index(after), self._index(until))


EMPTY = History(())


def histories(updates: Sequence[Update]) -> dict[str, History]:
    grouped: dict[str, list[Update]] = {}
    for update in updates:
        try:
            grouped[update.id].append(update)
        except KeyError:
            grouped[update.id] = [update]
    return {item_id: History(group) for item_id, group in grouped.items()}
