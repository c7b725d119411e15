"""The reporting scoreboard (``ftz units``, and the brief's 报送情况 table): rows for scripts,
a plain-text table for people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ftz_cli.core.scoreboard import UnitScore
from ftz_cli.parse.dates import cn_date
from ftz_cli.views.formats import pct, ratio

COLUMNS = ("unit", "period", "due", "asked", "reported", "on_time", "late", "missing", "stale",
           "needs_check", "corrected", "report_rate", "on_time_rate", "rank", "rank_change")
HEADERS = ("排名", "单位", "应报", "已报", "按时", "逾期报送", "未报", "超期未更新", "待核实", "更正",
           "报送率", "按时报送率", "名次变化")


def ranked(scores: Sequence[UnitScore]) -> list[UnitScore]:
    """By rank; units of equal rank in the order ``units:`` lists them."""
    return sorted(scores, key=lambda s: s.rank if s.rank is not None else len(scores) + 1)


def rows(scores: Sequence[UnitScore]) -> list[dict[str, Any]]:
    """The scoreboard as flat mappings (the contract's fields, rates as fractions to 4 places)."""
    return [{
        "unit": s.unit, "period": str(s.period), "due": s.due.isoformat(), "asked": s.asked,
        "reported": s.reported, "on_time": s.on_time, "late": s.late, "missing": s.missing,
        "stale": s.stale, "needs_check": s.needs_check, "corrected": s.corrected,
        "report_rate": None if s.report_rate is None else ratio(s.report_rate),
        "on_time_rate": None if s.on_time_rate is None else ratio(s.on_time_rate),
        "rank": s.rank, "rank_change": s.rank_change,
    } for s in ranked(scores)]


def change_text(change: int | None) -> str:
    """↑2, ↓1, —, or 新 (not ranked last month)."""
    if change is None:
        return "新"
    return "—" if change == 0 else (f"↑{change}" if change > 0 else f"↓{-change}")


def cells(s: UnitScore) -> list[str]:
    """One unit's row as people read it (the order of HEADERS)."""
    return [str(s.rank or "—"), s.unit, str(s.asked), str(s.reported), str(s.on_time), str(s.late),
            str(s.missing), str(s.stale), str(s.needs_check), str(s.corrected), pct(s.report_rate),
            pct(s.on_time_rate), change_text(s.rank_change)]


BRIEF_HEADERS = ("排名", "单位", "应报", "按时", "逾期报送", "未报", "报送率", "按时报送率", "名次变化")


def brief_table(scores: Sequence[UnitScore]) -> dict[str, Any] | None:
    """The brief's short table (``report.scoreboard``): its title, headers and rows of text, and
    the sums the body gives (the table is in a 附件)."""
    if not scores:
        return None
    first = scores[0]
    return {"title": f"各单位{first.period.month}月进展报送情况（应于{cn_date(first.due)}前报送）",
            "units": len(scores), "asked": sum(s.asked for s in scores),
            "on_time": sum(s.on_time for s in scores), "late": sum(s.late for s in scores),
            "missing": sum(s.missing for s in scores),
            "head": list(BRIEF_HEADERS),
            "rows": [[str(s.rank or "—"), s.unit, str(s.asked), str(s.on_time), str(s.late),
                      str(s.missing), pct(s.report_rate), pct(s.on_time_rate), change_text(s.rank_change)]
                     for s in ranked(scores)]}


def title(scores: Sequence[UnitScore], sample: bool = False) -> str:
    first = scores[0] if scores else None
    head = "【示例数据】" if sample else ""
    if first is None:
        return head + "报送情况通报"
    return (f"{head}{first.period.year}年{first.period.month}月报送情况通报"
            f"（应于{cn_date(first.due)}前报送）")


def text_table(scores: Sequence[UnitScore], sample: bool = False) -> str:
    """The scoreboard as an aligned plain-text table (no colour codes)."""
    import io

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title(scores, sample))
    for header in HEADERS:
        table.add_column(header, no_wrap=True, justify="left" if header == "单位" else "right")
    for s in ranked(scores):
        table.add_row(*(escape(c) for c in cells(s)))
    out = io.StringIO()
    Console(file=out, color_system=None, highlight=False, soft_wrap=False, emoji=False,
            width=200).print(table)
    return out.getvalue()
