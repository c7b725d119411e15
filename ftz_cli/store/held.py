"""Records that look like a slip (待核实): the values ``plausible`` warns about, by item and date."""

from __future__ import annotations

import datetime as dt

from ftz_cli.core.snapshot import Book
from ftz_cli.store.plausible import flagged


def held_records(book: Book) -> set[tuple[str, dt.date]]:
    """(item id, data date) of every effective value ``plausible.flagged`` finds unlikely."""
    effective: dict[str, dict[dt.date, float]] = {}
    for update in book.updates:  # in recording order: a later record of a date wins
        if update.value is not None:
            effective.setdefault(update.id, {})[update.date] = update.value
    found: set[tuple[str, dt.date]] = set()
    for item_id, values in effective.items():
        days = sorted(values)
        item = book.plan.items_by_id[item_id]
        for index, _before, _top in flagged(item, [values[d] for d in days], [d.year for d in days]):
            found.add((item_id, days[index]))
    return found
