"""Who reported and who did not, in the brief's body: the 未报送 counts per 专班, those under
需关注事项 and each unit's 报送率, in the same words (未报送, 今日到期未报送, 逾期未报送,
超期未更新) so that no sentence contradicts another (domain.md: counts in one section of a brief
agree with every other)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ftz_cli.core.status import DUE_TODAY_UNREPORTED, OVERDUE_UNREPORTED

__all__ = ["CONCERNS", "SILENT", "silent", "unit_rates", "unreported", "urgency"]

# red with nothing ever reported: counted under its own label, never listed in the body
SILENT = (DUE_TODAY_UNREPORTED, OVERDUE_UNREPORTED)
# 需关注事项 in the body, in the order a reader takes them; each list is one status (goals due
# wait for the office's verdict: 需认定事项)
CONCERNS: tuple[str, ...] = ("overdue", "severely_behind", "behind", "awaiting_verdict")


def urgency(row: dict[str, Any]) -> tuple[int, Any, str]:
    """The body's order of concern, wherever it names the first few of a list: the lights as
    ``CONCERNS`` orders them, then earlier deadlines (逾期 before 今日到期), then the id."""
    return CONCERNS.index(row["status"]), row["deadline"], row["id"]


def silent(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """"今日到期未报送3项、逾期未报送2项": the labels of the red items nobody reported on."""
    return [{"label": label, "count": n} for label in SILENT
            if (n := sum(r["label"] == label for r in rows))]


def unit_rates(rates: Sequence[Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """报送率 per unit (when the office assigns units), over the items of the chosen areas, with
    what the rate leaves out in the words the body uses (超期未更新, 未报送, 逾期未报送), so
    that a unit's rate and the body's 未报送 counts add up."""
    shown = {r["id"]: r for r in rows}
    out = []
    for rate in rates:
        items = [shown[i] for i in rate.items if i in shown]
        if items:
            reported = sum(r["id"] in rate.reported for r in items)
            missing = [r for r in items if r["id"] not in rate.reported]
            out.append({"unit": rate.unit, "asked": len(items), "reported": reported,
                        "rate": reported / len(items),
                        "stale": sum(r["value_date"] is not None for r in missing),
                        "no_data": sum(r["status"] == "no_data" for r in missing),
                        "silent": silent(missing)})
    return out


def unreported(rows: list[dict[str, Any]], area: Any) -> dict[str, Any] | None:
    """One 专班's items with nothing reported, before (未报送) and at or after the deadline
    (今日到期未报送, 逾期未报送), and the units other than the 专班 whose items they are: the
    专班's own 报送率 counts only its own, so the two add up."""
    mine = [r for r in rows if r["area"] == area.id]
    quiet = [r for r in mine if _unreported(r) or r["label"] in SILENT]
    if not quiet:
        return None
    labels = silent(mine)
    units = Counter(u for r in quiet for u in r["units"] if u != area.team)
    return {"no_data": sum(map(_unreported, mine)), "silent": labels,
            "overdue": sum(s["count"] for s in labels), "total": len(quiet),
            "units": [{"unit": u, "count": n} for u, n in units.items()]}


def _unreported(row: dict[str, Any]) -> bool:
    """未报送: grey with nothing reported (a figure held for checking is a report: 待核实)."""
    return row["status"] == "no_data" and not row["needs_check"]
