"""销号 as every view prints it: 已完成（待确认）, the evidence, a return's reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ftz_cli.core.closure import Closure, label
from ftz_cli.parse.dates import cn_date


def fields(c: Closure | None) -> dict[str, Any]:
    """``confirmed``, ``closure``, ``evidence`` and ``returned`` for JSON and CSV rows
    (``confirmed`` is 销号's; a record's ``confirmed`` in ``show``'s updates is 已核实)."""
    return {
        "confirmed": None if c is None else c.confirmed,
        "closure": None if c is None else c.state,
        "evidence": [] if c is None else [{"name": e.name, "sha256": e.sha256, "path": e.path,
                                           "date": day.isoformat()} for day, e in c.evidence],
        "returned": None if c is None or c.returned is None else c.returned.note,
    }


def with_closure(row: dict[str, Any], closures: Mapping[str, Closure]) -> dict[str, Any]:
    """A list/show row with its 销号 fields, its label saying 待确认 or 已退回."""
    c = closures.get(row["id"])
    return {**row, "status_label": label(row["status_label"], c), **fields(c)}


def lines(c: Closure | None) -> list[str]:
    """``show``'s lines about 销号."""
    if c is None:
        return []
    found = []
    if c.pending:
        found.append("销号：待确认（ftz confirm 确认，或 ftz return --reason 退回）")
    elif c.decision is not None:
        d = c.decision
        what = "已确认销号" if d.action == "confirm" else "已退回"
        who = f"，{d.by}" if d.by else ""
        why = f"，理由：{d.note}" if d.action == "return" else (f"，{d.note}" if d.note else "")
        found.append(f"销号：{what}（{cn_date(d.at.date())}{who}{why}）")
    found += [f"佐证材料：{e.name}（{cn_date(day)}报送，{e.path}）" for day, e in c.evidence]
    return found
