"""Items with their progress as rows: the JSON, CSV and table forms of ``list`` and ``show``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ftz_cli.core.closure import Closure, label
from ftz_cli.core.model import VERDICTS, Plan, Update, Verdict
from ftz_cli.core.outlook import Outlook
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date
from ftz_cli.parse.values import clean_number
from ftz_cli.views.formats import cn_number, pct, ratio, target_text

COLUMNS = (
    "id", "area", "area_name", "title", "kind", "metric", "unit", "comparator", "target",
    "target_text", "start", "deadline", "horizon", "value", "progress", "value_date",
    "completion", "time_progress", "status", "status_label", "light", "late", "stale",
    "needs_check", "held_value", "held_date", "last_reported", "parent", "outcome", "speaker", "lead", "source",
    "units", "data_time_progress", "verdict", "projection", "projected_completion", "outlook",
    "outlook_label", "unit_outlook", "closure", "confirmed", "evidence", "returned",
)


def _num(value: float | None) -> int | float | None:
    return None if value is None else clean_number(value)


def _ratio(value: float | None) -> float | None:
    return None if value is None else ratio(value)


def row(plan: Plan, p: Progress, units: Mapping[str, Sequence[str]] | None = None,
        outlook: Outlook | None = None) -> dict[str, Any]:
    """One item as a flat mapping: the contract's fields and a few more (``units``: its 责任单位;
    with ``outlook``, its 全年预期)."""
    item = p.item
    area = plan.area(item.area)
    speaker = plan.speakers.get(item.source.speaker)
    return {
        "id": item.id,
        "area": item.area,
        "area_name": area.name,
        "title": item.title,
        "kind": item.kind,
        "metric": item.metric or None,
        "unit": item.unit or None,
        "comparator": item.comparator or None,
        "target": _num(item.target),
        "target_text": target_text(item) if item.quantitative else None,
        "start": item.start.isoformat(),
        "deadline": item.deadline.isoformat(),
        "horizon": item.horizon,
        "value": _num(p.value),
        "progress": p.state,
        "value_date": p.value_date.isoformat() if p.value_date else None,
        "completion": _ratio(p.completion),
        "time_progress": _ratio(p.time_progress),
        "status": p.status,
        "status_label": p.status_label,
        "light": p.light,
        "late": p.late,
        "stale": p.stale,
        "needs_check": p.needs_check,
        "held_value": _num(p.held.value) if p.held else None,  # the figure held for checking (待核实)
        "held_date": p.held.date.isoformat() if p.held else None,
        "last_reported": p.reported.date.isoformat() if p.reported else None,
        "parent": item.parent,
        "outcome": item.outcome,
        "speaker": speaker.name if speaker else None,
        "lead": f"{area.lead.title} {area.lead.name}" if area.lead else None,
        "source": item.source.text,
        "units": list((units or {}).get(item.id, ())),
        "data_time_progress": _ratio(p.data_time_progress),
        "verdict": verdict_json(p.verdict),
    } | (outlook_fields(outlook) if outlook is not None else {})


def outlook_fields(o: Outlook) -> dict[str, Any]:
    """全年预期 for scripts: the projection in the target's unit, fractions to four decimals."""
    return {
        "projection": None if o.projection is None else clean_number(round(o.projection, 2)),
        "projected_completion": _ratio(o.projected_completion),
        "outlook": o.code,
        "outlook_label": o.label,
        "unit_outlook": o.unit_view,
    }


def verdict_json(verdict: Verdict | None) -> dict[str, Any] | None:
    """The office's verdict as scripts get it (CSV: its word)."""
    if verdict is None:
        return None
    return {"outcome": verdict.outcome, "label": VERDICTS[verdict.outcome],
            "date": verdict.date.isoformat(), "reason": verdict.reason, "by": verdict.by,
            "carried_into": verdict.carried_into or None, "recorded_at": verdict.recorded_at.isoformat()}


def judged_time_progress(p: Progress) -> float:
    """The 序时进度 a view prints beside a figure: that of the figure's own date, which the
    light compares with; the as-of date's when nothing was reported."""
    return p.time_progress if p.data_time_progress is None else p.data_time_progress


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_default) + "\n"


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], bom: bool = False) -> str:
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _cell(r.get(k)) for k in columns})
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A CSV cell; text that a spreadsheet would run as a formula is written as text, and true
    and false as JSON writes them (a spreadsheet reads either as a truth value)."""
    from ftz_cli.views.safe import formula_safe

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):  # units; evidence files by name
        value = "、".join(v["name"] if isinstance(v, dict) else v for v in value)
    if isinstance(value, dict):  # the verdict: its word
        value = value["label"]
    return "" if value is None else formula_safe(value) if isinstance(value, str) else value


def table_cells(plan: Plan, rows: Iterable[Progress],
                closures: Mapping[str, Closure] | None = None) -> list[list[str]]:
    """A table's cells per item; with ``closures``, its status says 待确认 or 已退回."""
    cells = []
    for p in rows:
        item = p.item
        current = cn_number(p.value, item.unit) if item.quantitative else (p.state or "—")
        cells.append([item.id, plan.area(item.area).name, item.title, target_text(item), current,
                      completion_text(p) or "—", pct(judged_time_progress(p)), as_of_text(p),
                      label(p.status_label, (closures or {}).get(item.id))])
    return cells


def completion_text(p: Progress) -> str | None:
    """完成率 as people read it: a number's, 86.3% ("—" before any figure); a milestone or a
    goal has none (None: its state, 推进中 or 已完成, says where it stands), so 0.0% never
    stands beside 正常推进. JSON and CSV keep the fraction (cli.md)."""
    return pct(p.completion) if p.item.quantitative else None


def as_of_text(p: Progress) -> str:
    """数据截至: the date the figure is as of (5月31日; with the year when not the as-of's)."""
    day = p.value_date
    if day is None:
        return "—"
    return f"{day.month}月{day.day}日" if day.year == p.as_of.year else cn_date(day)


TABLE_HEADERS = ["编号", "领域", "事项", "目标", "当前", "完成率", "序时进度", "数据截至", "状态"]


def as_json(update: Update) -> dict[str, Any]:
    return {
        "id": update.id,
        "date": update.date.isoformat(),
        "value": None if update.value is None else clean_number(update.value),
        "status": update.status,
        "note": update.note,
        "by": update.by,
        "recorded_at": update.recorded_at.isoformat(),
        "replace": update.replace,
        "progress_note": update.progress_note,
        "problems": update.problems,
        "next_steps": update.next_steps,
        "verdict": update.verdict or None,
        "carried_into": update.carried_into or None,
        "confirmed": update.confirmed,
        "outlook": update.outlook,
    }


def verdict_words(update: Update) -> str:
    """A verdict record in words: 认定未完成, 认定转入年度任务（trade.digital-reform）."""
    into = f"（{update.carried_into}）" if update.carried_into else ""
    return f"认定{VERDICTS[update.verdict]}{into}" if update.verdict else "—"
