"""What the brief's body leaves to a 附件, and the numbers of the 附件 (domain.md: a leader
reads two to four A4 pages; the full tables follow in the 附件).

A list that grows through the year is named in the body only as far as its most urgent few
(``reporting.urgency``, the order of 需关注事项) and counted past them, and the body says which
附件 lists it in full (（见附件2）). Numbers are decided here once, so the Markdown, HTML and
Word briefs name the same 附件 for the same list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from ftz_cli.core.snapshot import Book
from ftz_cli.views.reporting import urgency

__all__ = ["CLOSURES_LISTED", "ESCALATED_LISTED", "OUTLOOK_LISTED", "RATES_LISTED", "escalated", "lowest_rates", "numbered", "outlook",
           "scoreboard"]

# 督办 grows with every issued brief an item stays yellow or red: by year end it can be most of
# the plan. The body names the most urgent few, as 需关注事项 does, and counts the rest.
ESCALATED_LISTED = 3
# 报送率 is a line per 责任单位, and an office may name dozens: the body names the lowest few
RATES_LISTED = 3
# 全年预期难以完成 / 有风险 and the units' views that differ: three named a sentence
OUTLOOK_LISTED = 3
# 待确认销号, 销号被退回, 待核实数据: a line each, three named, the rest in 附件 销号和数据核实
CLOSURES_LISTED = 3
_ANNEXES = ("areas", "escalated", "outlook", "reporting", "closures", "campaign", "notes")
_WATCHED = ("unlikely", "at_risk")
_FIELDS = ("id", "title", "units", "status", "status_label", "light", "area_name", "deadline")


def escalated(rows: list[dict[str, Any]], ids: Sequence[str], after: int) -> dict[str, Any] | None:
    """督办: the items yellow or red in ``after`` issued briefs in a row (this one the last).

    ``rows``: the most urgent reported ones, for the body; ``more``: the reported ones past them;
    ``unreported``: those never reported (counted in the body, as in 需关注事项); ``all``: every
    item on the list, most urgent first, for the 附件."""
    wanted = set(ids)
    chosen = sorted((r for r in rows if r["id"] in wanted), key=urgency)
    if not chosen:
        return None
    everyone = [{**{k: r.get(k) for k in _FIELDS}, "reported": r["value_date"] is not None} for r in chosen]
    reported = [e for e in everyone if e["reported"]]
    return {"after": after, "count": len(reported), "rows": reported[:ESCALATED_LISTED],
            "more": max(len(reported) - ESCALATED_LISTED, 0),
            "unreported": len(everyone) - len(reported), "all": everyone}


def scoreboard(book: Book, as_of: dt.date, held: Collection[tuple[str, dt.date]]) -> dict[str, Any] | None:
    """The 报送情况 table of the last month due, when the office publishes it (``report.scoreboard``):
    summed up in the body, a row a unit in its 附件."""
    if not book.settings.scoreboard:
        return None
    from ftz_cli.core.scoreboard import default_period
    from ftz_cli.core.scoreboard import scoreboard as board
    from ftz_cli.views.scoreboard import brief_table

    return brief_table(board(book, default_period(as_of, book.settings.due_day), as_of, held))


def outlook(forecast: Mapping[str, Any]) -> dict[str, Any]:
    """全年预期 in 需关注事项: ``named`` a sentence; ``rows``, every item of those sentences
    (难以完成, 有风险, then where the unit's view differs), for the 附件 when a sentence names
    only some."""
    groups = [[r for r in forecast["watch"] if r["outlook"] == code] for code in _WATCHED]
    groups.append([r for r in forecast["disagree"] if r["outlook"] not in _WATCHED])
    cut = any(len(g) > OUTLOOK_LISTED for g in groups)
    return {"named": OUTLOOK_LISTED, "rows": [r for g in groups for r in g] if cut else []}


def lowest_rates(rates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The units the body names: the lowest 报送率 first (units of equal rate in the order
    ``units:`` lists them), all of them when they are few."""
    if len(rates) <= RATES_LISTED:
        return rates
    return sorted(rates, key=lambda u: u["rate"])[:RATES_LISTED]


def numbered(context: Mapping[str, Any]) -> dict[str, int | None]:
    """The 附件 of the brief and their numbers: 附件1 the tables per area; the 督办 list when
    the body leaves some of it out; 全年预期 when a sentence names only some; 各责任单位报送情况 (every unit's 报送率 when the body names
    only the lowest, the 报送情况 table); 销号和数据核实 when a line of them names only some; the first campaign's results; 数据说明.
    A 附件 the brief has not is None."""
    names = ["areas"]
    board = context["escalated"]
    if board and (board["more"] or board["unreported"]):
        names.append("escalated")
    if context["outlook_annex"]["rows"]:
        names.append("outlook")
    if context["scoreboard"] or len(context["rates_listed"]) < len(context["rates"]):
        names.append("reporting")
    if any(len(context[k]) > CLOSURES_LISTED for k in ("pending", "returned", "checking")):
        names.append("closures")
    if context["campaign"] and context["achievements"]:
        names.append("campaign")
    names.append("notes")
    return {name: names.index(name) + 1 if name in names else None for name in _ANNEXES}
