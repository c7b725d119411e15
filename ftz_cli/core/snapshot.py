"""One evaluation of every item on one day, which every view reads.

``Book`` is a plan with its records and settings (what a loaded workspace is to the core);
``snapshot(book, as_of)`` evaluates each item once into an immutable ``Snapshot``. ``list``,
``show``, ``report``, ``weekly``, ``sheet`` and the echo of ``update``/``import`` all print
from a snapshot, so one item on one day has one completion, one status and one label.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from ftz_cli.core.model import Plan, Update
from ftz_cli.core.settings import Settings
from ftz_cli.core.status import EMPTY, History, Progress, evaluate, histories


@dataclass(frozen=True, slots=True, eq=False)
class Book:
    """A plan, its valid progress records (in recording order) and the office's settings."""

    plan: Plan
    updates: tuple[Update, ...]
    settings: Settings
    bundled: bool = False  # the read-only plan shipped with ftz, not a workspace

    def history(self, item_id: str) -> History:
        return _histories(self).get(item_id, EMPTY)

    def with_updates(self, more: tuple[Update, ...]) -> Book:
        """The same book with ``more`` records after the stored ones."""
        return Book(self.plan, self.updates + more, self.settings, self.bundled)


@functools.lru_cache(maxsize=8)
def _histories(book: Book) -> Mapping[str, History]:
    return histories(book.updates)  # once per book: books compare by identity


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
    return Snapshot(as_of, items, {p.item.id: p for p in items})


def progress_after(book: Book, more: Sequence[Update]) -> list[Progress]:
    """Each of ``more`` (records after the book's) with its item evaluated on the record's
    own date, as ``snapshot(book.with_updates(more), date)`` would: the echo of a recording,
    which rebuilds only the histories of the items recorded."""
    ids = {u.id for u in more}
    grouped: dict[str, list[Update]] = {i: [] for i in ids}
    for update in (*(u for u in book.updates if u.id in ids), *more):
        grouped[update.id].append(update)
    after = {i: History(group) for i, group in grouped.items()}
    return [evaluate(book.plan.items_by_id[u.id], after[u.id], u.date, book.settings) for u in more]
