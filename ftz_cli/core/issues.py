"""The issue log's entries (one per issued brief) and its rules: which 期号 a brief takes, which
brief came before, which two took one number (read and written by ``store/briefs.py``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issued:
    """One brief in the log."""

    series: str  # "report" or "weekly"
    number: int
    date: dt.date  # when it was issued
    as_of: dt.date
    file: str


def same_number(log: list[Issued]) -> list[tuple[Issued, Issued]]:
    """Pairs of briefs of one series and year that took one 期号 for two as-of dates (two
    desks issued at once, then merged in git)."""
    first: dict[tuple[str, int, int], Issued] = {}
    pairs = []
    for entry in log:
        seen = first.setdefault((entry.series, entry.as_of.year, entry.number), entry)
        if seen.as_of != entry.as_of:
            pairs.append((seen, entry))
    return pairs


def next_number(log: list[Issued], series: str, as_of: dt.date) -> int:
    """The number for a brief of ``series`` as of ``as_of``: the one it already has, else next.

    Writing the same brief again (another format, a correction) keeps its number; numbers
    run per year of the as-of date (2021年第N期).
    """
    same = [e for e in log if e.series == series and e.as_of.year == as_of.year]
    for entry in reversed(same):
        if entry.as_of == as_of:
            return entry.number
    return max((e.number for e in same), default=0) + 1


def previous(log: list[Issued], series: str, as_of: dt.date) -> Issued | None:
    """The latest brief of ``series`` issued as of a day before ``as_of``."""
    before = [e for e in log if e.series == series and e.as_of < as_of]
    return max(before, key=lambda e: (e.as_of, e.number), default=None)
