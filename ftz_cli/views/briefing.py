"""The briefing (简报): what it says, as plain data, and its rendering through templates.

``build_context`` computes everything a briefing shows and returns plain dicts, lists,
numbers, strings and dates (the keys are documented in docs/templates.md, since users
write templates against them). Wording and layout live in the templates; formatting in
the filters of ``cnfmt``. A caller that makes many briefs from one workspace (``ftz
weekly``) computes ``histories`` once and passes it in: nothing here reads files.

The issue number (期号) is ``--issue``, else ``report.issue`` in ftz.yaml, else the ISO
week number of the as-of date, so weekly briefs number themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import UsageProblem
from ftz_cli.core.model import KIND_LABELS, Achievement, Area, Item, Plan
from ftz_cli.core.selection import area_ids, check_filters
from ftz_cli.core.status import (
    EMPTY,
    LIGHTS,
    STATUS_LABELS,
    STATUSES,
    History,
    Progress,
    evaluate,
    histories,
    year_progress,
)
from ftz_cli.store.updates import Loaded
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.formats import tenths

FORMATS: tuple[str, ...] = ("md", "html")
LIGHT_ORDER: tuple[str, ...] = ("已完成", "绿灯", "黄灯", "红灯", "灰灯")
LAGGING = frozenset({"behind", "severely_behind", "overdue"})

Context = dict[str, Any]


def build_context(loaded: Loaded, as_of: dt.date, areas: Sequence[str] = (), *,
                  title: str | None = None, issue: int | None = None, org: str | None = None,
                  by_item: dict[str, History] | None = None) -> Context:
    """Everything the briefing for ``as_of`` shows, for the chosen areas (all when empty).

    Raises UsageProblem for an unknown area. ``by_item`` is ``histories(loaded.updates)``,
    computed here when not given.
    """
    plan = loaded.plan
    settings = loaded.workspace.settings
    check_filters(plan, areas, None)
    chosen = area_ids(plan, areas) if areas else {a.id for a in plan.areas}
    if by_item is None:
        by_item = histories(loaded.updates)
    rows = [item_row(plan, evaluate(item, by_item.get(item.id, EMPTY), as_of, settings))
            for item in plan.items if item.area in chosen]
    sections = [_area_section(area, [r for r in rows if r["area"] == area.id])
                for area in plan.areas if area.id in chosen]
    due_by = as_of + dt.timedelta(days=settings.due_soon_days)
    return {
        "title": title or settings.title,
        "issue": issue if issue is not None else (
            settings.issue if settings.issue is not None else as_of.isocalendar().week),
        "org": org or settings.org,
        "as_of": as_of,
        "year_progress": year_progress(as_of),
        "plan": {"name": plan.name, "short_name": plan.short_name, "began": plan.began,
                 "document_title": plan.document_title},
        "selected_areas": [a.name for a in plan.areas if a.id in chosen] if areas else [],
        "summary": _summary(rows),
        "areas": [s for s in sections if s["targets"] or s["tasks"]],
        "empty_areas": [{k: s[k] for k in ("id", "name", "team", "total")}
                        for s in sections if not (s["targets"] or s["tasks"])],
        "attention": {
            "overdue": [r for r in rows if r["status"] == "overdue"],
            "behind": [r for r in rows if r["status"] in ("behind", "severely_behind")],
            # data too old, or nothing ever reported for an item already past its deadline
            "stale": [r for r in rows if r["status"] not in ("done", "overdue") and (r["stale"] or (
                r["value_date"] is None and r["deadline"] < as_of and r["status"] == "no_data"))],
            "due_soon": sorted((r for r in rows if r["status"] != "done"
                                and as_of <= r["deadline"] <= due_by),
                               key=lambda r: r["deadline"]),
        },
        "campaign": _campaign(plan),
        "achievements": _achievements(plan, chosen),
        "sources": _sources(loaded, chosen, as_of),
        "rules": {"on_track_tolerance": settings.on_track_tolerance,
                  "behind_tolerance": settings.behind_tolerance,
                  "stale_days": settings.stale_days, "due_soon_days": settings.due_soon_days},
    }


def item_row(plan: Plan, p: Progress) -> dict[str, Any]:
    """One item and where it stands; numbers raw, for the templates' filters."""
    item: Item = p.item
    latest = p.latest
    gap = None
    if p.completion is not None:
        # from the shown (rounded) percentages, so the text adds up: 49.6% − 30.0% = 19.6
        gap = (tenths(p.time_progress) - tenths(p.completion)) / 1000
    return {
        "id": item.id, "title": item.title, "area": item.area,
        "area_name": plan.area(item.area).name, "kind": item.kind,
        "kind_label": KIND_LABELS[item.kind], "horizon": item.horizon,
        "metric": item.metric, "unit": item.unit, "comparator": item.comparator,
        "target": item.target, "start": item.start, "deadline": item.deadline,
        "value": p.value, "state": p.state, "value_date": p.value_date,
        "note": latest.note if latest else "", "by": latest.by if latest else "",
        "completion": p.completion, "time_progress": p.time_progress, "gap": gap,
        "status": p.status, "label": STATUS_LABELS[p.status], "light": LIGHTS[p.status],
        "stale": p.stale,
    }


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
    for r in rows:
        by_status[r["status"]] += 1
        by_light[r["light"]] += 1
    return {
        "total": len(rows),
        "quantitative": sum(r["kind"] in ("flow", "level", "count") for r in rows),
        "reported": sum(r["value_date"] is not None for r in rows),
        "counts": [{"status": s, "label": STATUS_LABELS[s], "count": n}
                   for s, n in by_status.items()],
        "lights": [{"light": light, "count": n} for light, n in by_light.items()],
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


def _sources(loaded: Loaded, chosen: set[str], as_of: dt.date) -> dict[str, Any]:
    items = loaded.plan.items_by_id
    dates = [u.date for u in loaded.updates if u.date <= as_of and items[u.id].area in chosen]
    return {
        "document_title": loaded.plan.document_title,
        "speakers": [{"name": s.name, "title": s.title, "speech": s.speech}
                     for s in loaded.plan.speakers.values()],
        "updates": len(dates),
        "first_update": min(dates, default=None),
        "last_update": max(dates, default=None),
        "bundled_plan": loaded.workspace.readonly,
    }


# -- rendering ------------------------------------------------------------------------

def report_format(fmt: str | None, output: str | None) -> str:
    """``--format`` if given, else HTML for ``-o x.html``, else Markdown; ``-o r.pdf`` is refused."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageProblem(f"--format 不能是“{fmt}”", hint="可用：" + "、".join(FORMATS))
        return fmt
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    if suffix in (".html", ".htm"):
        return "html"
    if suffix not in ("", ".md", ".markdown"):
        raise UsageProblem(f"-o 的扩展名“{suffix}”不是 ftz 能生成的格式",
                           hint="简报只能保存为 .md 或 .html；要 PDF，先生成 .html，再用浏览器打印为 PDF。")
    return "md"


def template_dirs(user: Path | None, workspace: Workspace) -> list[Path]:
    """Where templates are looked for before the built-in ones: --templates, then the workspace."""
    if user is not None and not user.is_dir():
        raise UsageProblem(f"--templates 指定的文件夹“{user}”不存在",
                           hint="给出一个包含 report.md.j2 等模板文件的文件夹。")
    return [d for d in (user, workspace.templates_dir) if d is not None and d.is_dir()]


def render_report(context: Context, fmt: str, templates_dirs: Iterable[Path] = (),
                  name: str = "report") -> str:
    """The briefing as Markdown or HTML, from ``<name>.<fmt>.j2`` (report, weekly, index)."""
    from ftz_cli.views.templating import render

    return render(f"{name}.{fmt}.j2", context, tuple(templates_dirs), html=fmt == "html")
