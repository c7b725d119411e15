"""One evaluation of every item on one day, which every view reads.

``Book`` is a plan with its records and settings (what a loaded workspace is to the core);
``snapshot(book, as_of)`` evaluates each item once into an immutable ``Snapshot``. ``list``,
``show``, ``report``, ``weekly``, ``sheet`` and the echo of ``update``/``import`` all print
from a snapshot, so one item on one day has one completion, one status and one label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from ftz_cli.core.closure import before
from ftz_cli.core.history import EMPTY, History, histories
from ftz_cli.core.model import Plan, Update
from ftz_cli.core.settings import Settings
from ftz_cli.core.status import DONE, Progress, completion, evaluate, time_progress


class Stored(Protocol):
    """Records kept by item (the store's index), made into Updates when asked."""

    def history(self, item_id: str) -> History: ...

    def records(self, ids: Collection[str] | None) -> Sequence[Update]: ...

    def dated(self, ids: Collection[str], as_of: dt.date) -> Dated: ...


Dated = tuple[int, "dt.date | None", "dt.date | None"]  # how many records, the first and last date


class Book:
    """A plan, its valid progress records (in recording order) and the office's settings.

    The records are given, or ``stored``: then each item's history is read from the store
    and the records are made into Updates only for the items a command asks about."""

    __slots__ = ("plan", "settings", "bundled", "returned", "_updates", "_stored", "_histories")

    def __init__(self, plan: Plan, updates: Sequence[Update] = (), settings: Settings | None = None,
                 bundled: bool = False, *, stored: Stored | None = None,
                 returned: Mapping[str, Mapping[dt.date, dt.datetime]] | None = None) -> None:
        """``returned``: by item, the dates of the records whose 已完成 the office sent back
        (退回, core/closure.py) and when: records of that date entered by then count for
        nothing, as if the unit had not sent them."""
        self.plan, self.settings, self.bundled = plan, settings or Settings(), bundled
        self.returned: Mapping[str, Mapping[dt.date, dt.datetime]] = returned or {}
        self._updates = None if stored is not None else tuple(updates)
        self._stored = stored
        self._histories: dict[str, History] | None = None

    @property
    def updates(self) -> tuple[Update, ...]:
        """Every record, in recording order."""
        if self._updates is None:
            assert self._stored is not None  # noqa: S101 - one of the two is always set
            self._updates = tuple(self._stored.records(None))
        return self._updates

    def history(self, item_id: str) -> History:
        """The item's effective records (without those sent back) and the verdicts on it."""
        if item_id in self.returned:  # a few items: their history is made from their records
            back = self.returned[item_id]
            return History.of(u for u in self.records_of({item_id})
                              if u.verdict or u.date not in back or not before(u, back[u.date]))
        if self._stored is not None:
            return self._stored.history(item_id)
        if self._histories is None:
            self._histories = histories(self.updates)
        return self._histories.get(item_id, EMPTY)

    def records_of(self, ids: Collection[str]) -> Sequence[Update]:
        """The records of the items ``ids``, in recording order."""
        if self._updates is None and self._stored is not None:
            return self._stored.records(ids)
        return tuple(u for u in self.updates if u.id in ids)

    def dated(self, ids: Collection[str], as_of: dt.date) -> Dated:
        """How many records of the items ``ids`` are dated on or before ``as_of``, and the
        first and last of their dates (counted where they are kept: no record is made)."""
        if self._updates is None and self._stored is not None:
            return self._stored.dated(ids, as_of)
        dates = [u.date for u in self.updates if u.id in ids and u.date <= as_of]
        return len(dates), min(dates, default=None), max(dates, default=None)

    def held(self) -> set[tuple[str, dt.date]]:
        """(item id, data date) of every effective figure held for checking (core/slips.py)
        and not confirmed (待核实)."""
        found: set[tuple[str, dt.date]] = set()
        for item in self.plan.items:
            if item.quantitative:
                found.update((item.id, u.date) for u in self.history(item.id).held_updates(item))
        return found

    def with_updates(self, more: tuple[Update, ...]) -> Book:
        """The same book with ``more`` records after the stored ones."""
        return Book(self.plan, self.updates + more, self.settings, self.bundled, returned=self.returned)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every item of the plan, evaluated on ``as_of``, in plan order."""

    as_of: dt.date
    items: tuple[Progress, ...]
    by_id: Mapping[str, Progress] = field(compare=False, repr=False)

    def get(self, item_id: str) -> Progress:
        return self.by_id[item_id]

    def select(self, areas: Collection[str] | None = None, kind: str | None = None,
               statuses: Collection[str] = ()) -> tuple[Progress, ...]:
        """The items of ``areas`` (ids; all when None), of one kind, in some statuses."""
        return tuple(p for p in self.items
                     if (areas is None or p.item.area in areas)
                     and (kind is None or p.item.kind == kind)
                     and (not statuses or p.status in statuses))


def snapshot(book: Book, as_of: dt.date) -> Snapshot:
    """Each item of ``book`` evaluated once on ``as_of``."""
    settings = book.settings
    items = tuple(evaluate(item, book.history(item.id), as_of, settings) for item in book.plan.items)
    by_id = {p.item.id: p for p in items}
    for group in outcomes(book.plan).values():
        by_id.update((p.item.id, p) for p in share_done([by_id[i] for i in group], book.history))
    items = tuple(by_id[p.item.id] for p in items)
    return Snapshot(as_of, items, by_id)


def progress_after(book: Book, more: Sequence[Update], after: Mapping[str, History]) -> list[Progress]:
    """Each of ``more`` (records after the book's) with its item evaluated on the record's
    own date, as ``snapshot(book.with_updates(more), date)`` would: the echo of a recording,
    given the histories of the items recorded with ``more`` (``after``; it reads those
    tracking one outcome with them)."""

    def history(item_id: str) -> History:
        return after[item_id] if item_id in after else book.history(item_id)

    groups = {i: group for group in outcomes(book.plan).values() for i in group}
    found = []
    for u in more:
        group = groups.get(u.id, (u.id,))
        shared = share_done([evaluate(book.plan.items_by_id[i], history(i), u.date, book.settings)
                             for i in group], history)
        found.append(shared[group.index(u.id)])
    return found


def outcomes(plan: Plan) -> dict[str, tuple[str, ...]]:
    """The items that track one outcome (综保区一期封关 in the campaign and in the year), by
    the id of the item that counts it; outcomes tracked once are left out."""
    groups: dict[str, tuple[str, ...]] = {}
    for item in plan.items:
        if item.outcome is not None:
            groups[item.outcome] = groups.get(item.outcome, (item.outcome,)) + (item.id,)
    return groups


def share_done(group: Sequence[Progress], history: Callable[[str], History]) -> list[Progress]:
    """The progress of items that track one outcome, once one of them is done: each milestone
    or goal among them is done too, from the record that met it (逾期完成 if that came
    after its own deadline); a number keeps its own figure. So no section lists one outcome
    as 本期新完成 and as 逾期未完成."""
    donor = next((p for p in group if p.status == "done" and p.latest is not None), None)
    if donor is None or donor.latest is None:
        return list(group)
    met_on = history(donor.item.id).first_met(donor.item) or (
        donor.verdict.date if donor.verdict else donor.latest.date)
    return [p if p.status == "done" or p.item.quantitative else _done_by(p, donor.latest, met_on)
            for p in group]


def _done_by(p: Progress, record: Update, met_on: dt.date) -> Progress:
    """``p`` done by ``record`` of another item tracking its outcome (met on ``met_on``)."""
    item = p.item
    latest = record._replace(id=item.id, value=None, status=DONE)
    return replace(p, latest=latest, completion=completion(item, latest), status="done", stale=False,
                   late=met_on > item.deadline, verdict=None,
                   data_time_progress=time_progress(item.start, item.deadline, record.date))
