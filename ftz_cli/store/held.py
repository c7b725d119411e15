"""Records that look like a slip and nobody confirmed (待核实), by item and date."""

from __future__ import annotations

import datetime as dt

from ftz_cli.core.snapshot import Book


def held_records(book: Book) -> set[tuple[str, dt.date]]:
    """(item id, data date) of every effective figure held for checking (core/slips.py) and
    not confirmed."""
    found: set[tuple[str, dt.date]] = set()
    for item in book.plan.items:
        if item.quantitative:
            history = book.history(item.id)
            found.update((item.id, update.date) for update in history.held_updates(item))
    return found
