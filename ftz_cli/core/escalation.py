"""督办: items yellow or red in N consecutive issued briefs (``report.escalate_after``, 2).

Each issued brief records the lights it printed (``store.briefs``); an item on the 督办 list
was yellow or red in each of the last N briefs — the brief being issued counts as the last
one when it is issued. A brief issued before its lights were recorded breaks the chain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ftz_cli.core.status import Progress

__all__ = ["LAGGING", "escalated", "lights_of"]

LAGGING = frozenset({"behind", "severely_behind", "overdue"})  # yellow and red


def lights_of(progress: Sequence[Progress]) -> dict[str, str]:
    """The yellow and red items of one brief: item id → status."""
    return {p.item.id: p.status for p in progress if p.status in LAGGING}


def escalated(briefs: Sequence[Mapping[str, str] | None], after: int) -> list[str]:
    """The items yellow or red in each of the last ``after`` briefs (oldest first; None: a
    brief whose lights were not recorded), in the order the last brief lists them."""
    last = list(briefs[-after:])
    if after < 1 or len(last) < after or any(b is None for b in last):
        return []
    chosen = [b for b in last if b is not None]
    return [item for item in chosen[-1] if all(item in b for b in chosen)]
