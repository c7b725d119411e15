"""Figures that look like a slip (domain.md "Numbers held for checking", 待核实).

One rule, used by the checks that word it (parse/plausible.py), by ``update`` and ``import``
(which refuse such a figure unless confirmed) and by the lights (a figure held for checking
never makes an item 已完成). Each of an item's values in date order is compared with its
target and with the values before it:
- W205 more than 200% of the target (exactly 200% is not; not for a lower-is-better target,
  压缩至2小时以内, whose figures start above it);
- W204 ten times, or a tenth of, the value before (exactly ten times is), for a 年度累计
  (flow) target only within one year, since its total starts again each January;
- W203 a 年度累计 (flow) value lower than an earlier one of its year;
- W201 a level or count that falls (unless lower is better): a warning only, never held (a
  count can fall).
A figure held and not confirmed is no yardstick: the next is compared with the one before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ftz_cli.core.model import LOWER_IS_BETTER, Item

__all__ = ["HELD", "MOST_COMPLETION", "TENFOLD", "Finding", "compared_from", "findings", "held"]

TENFOLD = 10.0
MOST_COMPLETION = 2.0
HELD = frozenset({"W203", "W204", "W205"})  # the findings that hold a figure for checking

# an index into the values, the index of the value before (-1: none), of the highest
# earlier value of its year (-1: none), and what was found
Finding = tuple[int, int, int, frozenset[str]]


def findings(item: Item, values: Sequence[float], years: Sequence[int],
             confirmed: Sequence[bool] = ()) -> list[Finding]:
    """What looks unlikely in an item's values (in date order, with their years, and whether
    each is confirmed: none when not given). Plain comparisons: the common case, nothing
    found, for a million records."""
    found: list[Finding] = []
    lower = item.comparator in LOWER_IS_BETTER  # 压缩至2小时以内: a value above target, falling, is news
    most = item.target * MOST_COMPLETION if item.target and not lower else None
    falls, flow = item.kind in ("level", "count") and not lower, item.kind == "flow"
    highest = previous = -1  # the highest earlier value of the year (a flow's), the one before
    for index, now in enumerate(values):
        if highest >= 0 and years[highest] != years[index]:
            highest = -1
        before = values[previous] if previous >= 0 else None
        codes = set()
        if most is not None and now > most:
            codes.add("W205")
        if before is not None:
            if falls and now < before:
                codes.add("W201")
            if (before > 0 and now > 0 and not (flow and years[previous] != years[index])
                    and (now >= before * TENFOLD or now * TENFOLD <= before)):
                codes.add("W204")
        if highest >= 0 and flow and now < values[highest]:
            codes.add("W203")
        if codes:
            found.append((index, previous, highest, frozenset(codes)))
            if codes & HELD and not (confirmed and confirmed[index]):
                continue  # held: no yardstick for the figures after it
        previous = index
        if highest < 0 or values[highest] < now:
            highest = index
    return found


def held(item: Item, values: Sequence[float], years: Sequence[int],
         confirmed: Sequence[bool] = ()) -> list[int]:
    """The indexes of the values held for checking and not confirmed (待核实)."""
    if not item.quantitative:
        return []
    return [index for index, _, _, codes in findings(item, values, years, confirmed)
            if codes & HELD and not (confirmed and confirmed[index])]


def compared_from(day: dt.date) -> dt.date:
    """The first date of the figures whose findings a figure dated ``day`` depends on,
    besides the last figure before it not held (the one before: the yardstick a year starts
    from): its year's, whose highest figure (a 年度累计 total) starts again each January.
    The findings of the figures after it may change too."""
    return dt.date(day.year, 1, 1)
