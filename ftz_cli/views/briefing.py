"""The briefing (简报): what it says, as plain data, and its rendering through templates.

``build_context`` computes everything a briefing shows and returns plain dicts, lists,
numbers, strings and dates (the keys are documented in docs/templates.md, since users
write templates against them). Wording and layout live in the templates; formatting in
the filters of ``formats``. Every figure comes from one ``Snapshot`` (one evaluation of
each item on the as-of date); ``ftz weekly`` passes the week's snapshot in. Nothing here
reads files.

The issue number (期号) comes from the caller (the workspace's issue log, see
``store.briefs``); without one, ``report.issue`` in ftz.yaml, else the ISO week number.
The short brief's body is added by ``views.digest.brief_context``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import UsageProblem
from ftz_cli.core.model import KIND_LABELS, Achievement, Area, Item, Plan
from ftz_cli.core.outlook import OUTLOOK_LABELS, OUTLOOKS, WHOLE_UNITS, Outlook, outlook_of
from ftz_cli.core.selection import area_ids
from ftz_cli.core.snapshot import Book, Snapshot, snapshot
from ftz_cli.core.status import (
    CHECK_MARK,
    DUE_TODAY,
    DUE_TODAY_UNREPORTED,
    LATE_DONE,
    OVERDUE_UNREPORTED,
    STATUS_LABELS,
    STATUSES,
    Progress,
    year_progress,
)
from ftz_cli.views.charts import lights_by_area, trend
from ftz_cli.views.formats import days_left_text, projection_text, shortfall_text, target_text, unit_view_text
from ftz_cli.views.rows import judged_time_progress, verdict_json

FORMATS: tuple[str, ...] = ("md", "html")  # rendered from templates (weekly too)
REPORT_FORMATS: tuple[str, ...] = (*FORMATS, "docx", "pdf")
LIGHT_ORDER: tuple[str, ...] = ("已完成", "已转入", "绿灯", "黄灯", "红灯", "待认定", "灰灯")
# a status each light is drawn in (red: 严重滞后 and 逾期 alike)
LIGHT_STATUS = {"已完成": "done", "已转入": "carried", "绿灯": "on_track", "黄灯": "behind",
                "红灯": "overdue", "待认定": "awaiting_verdict", "灰灯": "no_data"}
# each label a status is printed with, in the order a count lists them
LABEL_ORDER: tuple[tuple[str, str], ...] = (
    ("done", STATUS_LABELS["done"]), ("done", LATE_DONE), ("carried", STATUS_LABELS["carried"]),
    ("on_track", STATUS_LABELS["on_track"]), ("behind", STATUS_LABELS["behind"]),
    ("severely_behind", STATUS_LABELS["severely_behind"]), ("overdue", DUE_TODAY),
    ("overdue", DUE_TODAY_UNREPORTED), ("overdue", STATUS_LABELS["overdue"]),
    ("overdue", OVERDUE_UNREPORTED), ("awaiting_verdict", STATUS_LABELS["awaiting_verdict"]),
    ("no_data", STATUS_LABELS["no_data"]), ("no_data", CHECK_MARK), ("not_started", STATUS_LABELS["not_started"]))
LAGGING = frozenset({"behind", "severely_behind", "overdue"})

Context = dict[str, Any]


def build_context(book: Book, as_of: dt.date, areas: Sequence[str] = (), *,
                  title: str | None = None, issue: int | None = None, org: str | None = None,
                  snap: Snapshot | None = None) -> Context:
    """Everything the briefing for ``as_of`` shows, for the chosen areas (all when empty).

    Raises UsageProblem for an unknown area. ``snap`` is ``snapshot(book, as_of)``, computed
    here when not given.
    """
    plan, settings = book.plan, book.settings
    chosen = area_ids(plan, areas)
    snap = snap if snap is not None else snapshot(book, as_of)
    rows = [item_row(plan, p, outlook_of(book, p)) for p in snap.select(chosen)]
    picked = chosen if chosen is not None else {a.id for a in plan.areas}
    sections = [_area_section(area, [r for r in rows if r["area"] == area.id])
                for area in plan.areas if area.id in picked]
    _add_trends(book, sections, as_of)
    summary = _summary(rows)
    return {
        "title": title or settings.title,
        "issue": issue if issue is not None else (
            settings.issue if settings.issue is not None else as_of.isocalendar().week),
        "org": org or settings.org,
        "sample": settings.sample,
        "as_of": as_of,
        "year_progress": year_progress(as_of),
        "plan": {"name": plan.name, "short_name": plan.short_name, "began": plan.began,
                 "document_title": plan.document_title,
                 "carried": sum(1 for i in plan.items if i.carried_from)},  # 结转X项
        "selected_areas": [a.name for a in plan.areas if a.id in picked] if areas else [],
        "summary": summary,
        "outlook": _outlook(rows),
        "lights_picture": lights_by_area(sections, rows, summary["lights"]),
        "areas": [s for s in sections if s["targets"] or s["tasks"]],
        "empty_areas": [{k: s[k] for k in ("id", "name", "team", "total")}
                        for s in sections if not (s["targets"] or s["tasks"])],
        "attention": _attention(rows, as_of, settings.due_soon_days),
        "campaign": _campaign(plan),
        "achievements": _achievements(plan, picked),
        "sources": _sources(book, picked, as_of),
        "rules": {"on_track_tolerance": settings.on_track_tolerance,
                  "behind_tolerance": settings.behind_tolerance,
                  "stale_days": settings.stale_days, "due_soon_days": settings.due_soon_days},
    }


def _attention(rows: list[dict[str, Any]], as_of: dt.date, due_soon_days: int
               ) -> dict[str, list[dict[str, Any]]]:
    """需关注事项: each of the first three lists is one status, so its count is the overview's
    count of that status; "stale" and "due_soon" hold only items in none of them."""
    due_by = as_of + dt.timedelta(days=due_soon_days)
    # what is due within the window, stale or not (a deadline is news however old the figure),
    # and what is due today (今日到期), whatever its light: due, not yet 逾期
    due_soon = sorted((r for r in rows if not r["ongoing"] and (
        r["status"] in ("on_track", "no_data", "not_started") and as_of <= r["deadline"] <= due_by
        or r["deadline"] == as_of and r["status"] not in ("done", "carried"))),
        key=lambda r: (r["deadline"], r["id"]))
    due = {r["id"] for r in due_soon}
    return {
        "overdue": [r for r in rows if r["status"] == "overdue"],
        "severely_behind": [r for r in rows if r["status"] == "severely_behind"],
        "behind": [r for r in rows if r["status"] == "behind"],
        "stale": [r for r in rows if r["stale"] and r["status"] in ("on_track", "no_data")
                  and r["id"] not in due],
        "due_soon": due_soon,
    }


def item_row(plan: Plan, p: Progress, o: Outlook) -> dict[str, Any]:
    """One item, where it stands and its 全年预期 (``o``); numbers raw, for the templates' filters."""
    item: Item = p.item
    latest = p.latest
    return {
        "id": item.id, "title": item.title, "area": item.area,
        "area_name": plan.area(item.area).name, "kind": item.kind,
        "kind_label": KIND_LABELS[item.kind], "horizon": item.horizon,
        "metric": item.metric, "unit": item.unit, "comparator": item.comparator,
        "target": item.target, "target_text": target_text(item), "start": item.start,
        "deadline": item.deadline, "value": p.value, "state": p.state, "value_date": p.value_date,
        "note": latest.note if latest else "", "confirmed": bool(latest and latest.confirmed), "by": latest.by if latest else "",
        # the light compares completion with the 序时进度 of the figure's own date; the gap is
        # from the shown (rounded) percentages, so the text adds up: 49.6% − 30.0% = 19.6
        "completion": p.completion, "time_progress": judged_time_progress(p), "gap": p.gap,
        "today_time_progress": p.time_progress, "data_time_progress": p.data_time_progress,
        "verdict": verdict_json(p.verdict),
        "status": p.status, "label": p.label, "status_label": p.status_label, "light": p.light,
        "stale": p.stale, "late": p.late, "needs_check": p.needs_check, "shortfall": shortfall_text(p),
        "held_value": p.held.value if p.held else None, "held_date": p.held.date if p.held else None,
        "due": days_left_text(p), "outcome": item.outcome, "ongoing": item.ongoing,
        "relative": item.relative,
        "outlook": o.code, "outlook_label": o.label, "projection": o.projection,
        "projected_completion": o.projected_completion, "projection_text": projection_text(item, o),
        "unit_view": o.unit_view, "unit_view_text": unit_view_text(o), "disagrees": o.disagrees,
        "chart": None,
    }


def _add_trends(book: Book, sections: list[dict[str, Any]], as_of: dt.date) -> None:
    """A trend chart for each reported numeric target in the areas' tables."""
    for section in sections:
        for r in section["targets"]:
            if r["value"] is not None:
                item = book.plan.items_by_id[r["id"]]
                history = book.history(item.id)
                r["chart"] = trend(item, history.until(as_of), _as_outlook(r), as_of, history.held_days(item))


def _as_outlook(r: dict[str, Any]) -> Outlook:
    return Outlook(r["outlook"], r["projection"], r["projected_completion"], r["unit_view"])


def _outlook(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """全年预期 counted by class (the counts ``list`` gives), and the items 难以完成 and 有风险
    with a projection or the unit's word (overdue items are listed under 逾期 already)."""
    counts = {code: sum(r["outlook"] == code for r in rows) for code in OUTLOOKS}
    watch = [r for code in ("unlikely", "at_risk") for r in rows
             if r["outlook"] == code and r["status"] != "overdue"]
    return {"counts": counts, "labels": OUTLOOK_LABELS, "watch": watch,
            "disagree": [r for r in rows if r["disagrees"]],
            # a forecast counted in whole things (19个, not 19.6个): 数据说明 says so
            "whole": any(r["projection"] is not None and r["unit"] in WHOLE_UNITS for r in rows)}


def _area_section(area: Area, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """An area's tables: targets already running; milestones; goals with something to say.

    Targets not yet started (2025 and 2035 figures) and goals nobody has reported on
    would fill the tables with dashes; they are counted instead.
    """
    running = [r for r in rows if r["status"] != "not_started"]
    targets = [r for r in running if r["kind"] in ("flow", "level", "count")]
    tasks = [r for r in running if r["kind"] == "milestone" or (
        r["kind"] == "qualitative" and (r["state"] is not None or r["status"] == "overdue"))]
    listed = {r["id"] for r in targets} | {r["id"] for r in tasks}
    unlisted = [r for r in rows if r["id"] not in listed]
    return {
        "id": area.id, "name": area.name, "team": area.team,
        "lead": f"{area.lead.title} {area.lead.name}" if area.lead else None,
        "design": area.design.code if area.design else None,
        "total": len(rows),
        "targets": targets,
        "tasks": tasks,
        "lagging": [r for r in targets if r["status"] in LAGGING and r["value"] is not None],
        "not_started": sum(r["status"] == "not_started" for r in unlisted),
        "unreported_goals": sum(r["status"] != "not_started" for r in unlisted),
    }


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_status = {s: 0 for s in STATUSES}
    by_light = {light: 0 for light in LIGHT_ORDER}
    by_label = Counter(r["label"] for r in rows)
    for r in rows:
        by_status[r["status"]] += 1
        by_light[r["light"]] += 1
    return {
        "total": len(rows),
        # the plan tracks a few outcomes twice (两国双园, 数字人民币试点 …): counted once here
        "outcomes": len({r["outcome"] or r["id"] for r in rows}),
        "quantitative": sum(r["kind"] in ("flow", "level", "count") for r in rows),
        "reported": sum(r["value_date"] is not None for r in rows),
        "counts": [{"status": s, "label": STATUS_LABELS[s], "count": n}
                   for s, n in by_status.items()],
        # by the words every view prints: 逾期未完成 apart from 逾期未报送 and 今日到期未完成
        "labels": [{"status": s, "label": label, "count": by_label[label]}
                   for s, label in LABEL_ORDER if by_label[label]],
        # the lights of a verdict's time are named only when some item has them
        "lights": [{"light": light, "count": n} for light, n in by_light.items()
                   if n or light not in ("已转入", "待认定")],
    }


def _campaign(plan: Plan) -> dict[str, Any] | None:
    if not plan.campaigns:
        return None
    first = min(plan.campaigns, key=lambda c: c.start)
    return {"name": first.name, "start": first.start, "end": first.end}


def _achievements(plan: Plan, chosen: set[str]) -> list[dict[str, Any]]:
    grouped: dict[str, list[Achievement]] = {}
    for achievement in plan.achievements:
        if achievement.area in chosen:
            grouped.setdefault(achievement.area, []).append(achievement)
    # not "items": templates would see the dict method of that name
    return [{"id": area.id, "name": area.name, "achievements": [
        {"id": a.id, "title": a.title, "as_of": a.as_of,
         "figures": [{"label": f.label, "value": f.value, "unit": f.unit,
                      "comparator": f.comparator} for f in a.figures]}
        for a in grouped[area.id]]} for area in plan.areas if area.id in grouped]


def _sources(book: Book, chosen: set[str], as_of: dt.date) -> dict[str, Any]:
    ids = {item.id for item in book.plan.items if item.area in chosen}
    count, first, last = book.dated(ids, as_of)
    return {
        "document_title": book.plan.document_title,
        "speakers": [{"name": s.name, "title": s.title, "speech": s.speech}
                     for s in book.plan.speakers.values()],
        "updates": count,
        "first_update": first,
        "last_update": last,
        "bundled_plan": book.bundled,
    }


# -- rendering ------------------------------------------------------------------------

def report_format(fmt: str | None, output: str | None) -> str:
    """``--format`` if given, else from the extension of ``-o`` (.md .html .docx .pdf), else Markdown."""
    if fmt is not None:
        if fmt not in REPORT_FORMATS:
            raise UsageProblem(f"--format 不能是“{fmt}”", hint="可用：" + "、".join(REPORT_FORMATS))
        return fmt
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    by_suffix = {".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf",
                 "": "md", ".md": "md", ".markdown": "md"}
    if suffix not in by_suffix:
        raise UsageProblem(f"-o 的扩展名“{suffix}”不是 ftz 能生成的格式",
                           hint="简报可以保存为 .md、.html、.docx（Word）或 .pdf；"
                                "其他扩展名请用 --format 指明格式。")
    return by_suffix[suffix]


def render_report(context: Context, fmt: str, templates_dirs: Iterable[Path] = (),
                  name: str = "report", cache: Path | None = None) -> str:
    """The briefing as Markdown or HTML, from ``<name>.<fmt>.j2`` (report, weekly, index).

    ``cache`` is a folder for compiled templates (the command's cache folder), or None.
    """
    from ftz_cli.views.templating import render

    return render(f"{name}.{fmt}.j2", context, tuple(templates_dirs), html=fmt == "html",
                  cache=cache)
