"""``ftz weekly``: one brief per ISO week and an index, from one load of the workspace.

Each week is as of its Sunday (or ``--to`` when that comes first). The plan and updates
are read once; every item's history is built once, and each week's state is a bisect into
it, so a year of briefs costs about as much as a handful of single reports. A week's
"较上周" compares with the state carried over from the week before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import UsageProblem
from ftz_cli.core.selection import area_ids, check_filters
from ftz_cli.core.status import EMPTY, History, Progress, evaluate, histories
from ftz_cli.store.updates import Loaded
from ftz_cli.views.briefing import Context, build_context, item_row, render_report
from ftz_cli.views.formats import cn_week

MAX_WEEKS = 530  # about ten years: a typo in --to should not write thousands of files
RED = frozenset({"severely_behind", "overdue"})


@dataclass(frozen=True, slots=True)
class Week:
    year: int
    number: int
    monday: dt.date
    sunday: dt.date
    as_of: dt.date

    @property
    def name(self) -> str:
        return f"{self.year}-W{self.number:02d}"


def weeks_between(first: dt.date, last: dt.date) -> list[Week]:
    """The ISO weeks (Monday first) that overlap ``first``..``last``."""
    if last < first:
        raise UsageProblem(f"--to（{last}）早于 --from（{first}）", hint="请检查两个日期的先后。")
    monday = first - dt.timedelta(days=first.weekday())
    found = []
    while monday <= last:
        year, number, _ = monday.isocalendar()
        sunday = monday + dt.timedelta(days=6)
        found.append(Week(year, number, monday, sunday, min(sunday, last)))
        monday += dt.timedelta(days=7)
        if len(found) > MAX_WEEKS:
            raise UsageProblem(f"时间跨度超过 {MAX_WEEKS} 周", hint="请缩小 --from 和 --to 的范围。")
    return found


def _states(loaded: Loaded, chosen: set[str], by_item: dict[str, History],
            as_of: dt.date) -> dict[str, Progress]:
    settings = loaded.workspace.settings
    return {item.id: evaluate(item, by_item.get(item.id, EMPTY), as_of, settings)
            for item in loaded.plan.items if item.area in chosen}


def _week_extras(loaded: Loaded, week: Week, by_item: dict[str, History],
                 now: dict[str, Progress], before: dict[str, Progress]) -> dict[str, Any]:
    plan = loaded.plan
    since = week.monday - dt.timedelta(days=1)
    this_week = []
    for area in plan.areas:
        entries = []
        for item_id, p in now.items():
            if p.item.area != area.id:
                continue
            for update in by_item.get(item_id, EMPTY).between(since, week.as_of):
                entries.append({"id": item_id, "title": p.item.title, "kind": p.item.kind,
                                "unit": p.item.unit, "date": update.date, "value": update.value,
                                "state": update.status, "note": update.note, "by": update.by})
        if entries:
            entries.sort(key=lambda e: (e["date"], e["id"]))
            this_week.append({"id": area.id, "name": area.name, "updates": entries})
    rows = {item_id: item_row(plan, p) for item_id, p in now.items()}
    moved = []
    for item_id, p in now.items():
        old = before[item_id]
        if p.item.quantitative and p.completion is not None and p.completion != old.completion:
            moved.append({**rows[item_id], "previous_completion": old.completion,
                          "previous_status": old.status,
                          "change": p.completion - (old.completion or 0.0)})
    lights_now = _light_counts(now)
    lights_before = _light_counts(before)
    next_week_end = week.as_of + dt.timedelta(days=7)
    return {
        "week": {"name": week.name, "year": week.year, "number": week.number,
                 "monday": week.monday, "sunday": week.sunday, "label": cn_week(week.monday)},
        "this_week": this_week,
        "this_week_count": sum(len(a["updates"]) for a in this_week),
        "changes": {
            "new_done": [rows[i] for i, p in now.items()
                         if p.status == "done" and before[i].status != "done"],
            "new_red": [rows[i] for i, p in now.items()
                        if p.status in RED and before[i].status not in RED],
            "moved": moved,
            "lights": [{"light": light, "count": lights_now.get(light, 0),
                        "change": lights_now.get(light, 0) - lights_before.get(light, 0)}
                       for light in ("已完成", "绿灯", "黄灯", "红灯", "灰灯")],
        },
        "next_week": sorted((rows[i] for i, p in now.items()
                             if p.status != "done" and week.as_of < p.item.deadline <= next_week_end),
                            key=lambda r: (r["deadline"], r["id"])),
    }


def _light_counts(states: dict[str, Progress]) -> dict[str, int]:
    from ftz_cli.core.status import LIGHTS

    counts: dict[str, int] = {}
    for p in states.values():
        counts[LIGHTS[p.status]] = counts.get(LIGHTS[p.status], 0) + 1
    return counts


def contexts(loaded: Loaded, weeks: Sequence[Week], areas: Sequence[str] = (), *,
             title: str | None = None, org: str | None = None) -> list[Context]:
    """The context of every week's brief, derived incrementally from one load."""
    check_filters(loaded.plan, areas, None)
    chosen = area_ids(loaded.plan, areas) if areas else {a.id for a in loaded.plan.areas}
    by_item = histories(loaded.updates)
    before = _states(loaded, chosen, by_item, weeks[0].monday - dt.timedelta(days=1)) if weeks else {}
    out = []
    for week in weeks:
        now = _states(loaded, chosen, by_item, week.as_of)
        context = build_context(loaded, week.as_of, areas, title=title or _weekly_title(loaded),
                                org=org, by_item=by_item)
        context.update(_week_extras(loaded, week, by_item, now, before))
        out.append(context)
        before = now
    return out


def _weekly_title(loaded: Loaded) -> str:
    return loaded.workspace.settings.title.replace("简报", "周报")


def render_all(loaded: Loaded, weeks: Sequence[Week], out: Path, formats: Sequence[str],
               areas: Sequence[str], template_dirs: Sequence[Path], *, title: str | None,
               org: str | None, step: Callable[[str], None] = lambda _: None
               ) -> list[tuple[Path, bytes]]:
    """Every week in every format, then the index, rendered: nothing is written here."""
    pages: list[tuple[Path, str]] = []
    summaries = []
    for week, context in zip(weeks, contexts(loaded, weeks, areas, title=title, org=org),
                             strict=True):
        for fmt in formats:
            pages.append((out / f"{week.name}.{fmt}",
                          render_report(context, fmt, template_dirs, name="weekly")))
        summaries.append(_index_entry(context))
        step(week.name)
    index = {"title": title or _weekly_title(loaded), "org": org or loaded.workspace.settings.org,
             "weeks": summaries, "formats": list(formats),
             "first": weeks[0].monday if weeks else None, "last": weeks[-1].as_of if weeks else None}
    for fmt in formats:
        pages.append((out / f"index.{fmt}", render_report(index, fmt, template_dirs, name="index")))
    return [(path, text.encode("utf-8")) for path, text in pages]


def _index_entry(context: Context) -> dict[str, Any]:
    week = context["week"]
    return {"name": week["name"], "label": week["label"], "as_of": context["as_of"],
            "lights": context["summary"]["lights"], "updates": context["this_week_count"],
            "new_done": len(context["changes"]["new_done"]),
            "new_red": len(context["changes"]["new_red"])}
