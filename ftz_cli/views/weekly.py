"""``ftz weekly``: one brief per ISO week and an index, from one load of the workspace.

Each week is as of its Sunday (or ``--to`` when that comes first). The plan and updates
are read once; every item's history is built once, each week is one snapshot (each item
evaluated once), and a week's "较上周" compares with the snapshot of the week before, so a
year of briefs costs about as much as a handful of single reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ftz_cli.core.errors import UsageProblem
from ftz_cli.core.outlook import outlook_of
from ftz_cli.core.selection import area_ids
from ftz_cli.core.snapshot import Book, Snapshot, snapshot
from ftz_cli.core.status import Progress
from ftz_cli.views.briefing import LIGHT_ORDER, Context, build_context, item_row, render_report
from ftz_cli.views.charts import LIGHT_KEYS
from ftz_cli.views.formats import cn_week

FORMATS = ("md", "html")  # rendered from templates; docx by views/docx_weekly.py
ALL_FORMATS = ("md", "html", "docx", "pdf")  # pdf: the HTML, printed by the command
MAX_WEEKS = 530  # about ten years: a typo in --to should not write thousands of files
RED = frozenset({"severely_behind", "overdue"})
SHOWN = 8  # lines of a list in the body; the rest in 附件
NAMED = 3  # items named in a sentence (本周进展 per area, the largest moves)


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


def _this_week(book: Book, week: Week, now: Sequence[Progress]) -> list[dict[str, Any]]:
    """What was reported in the week, by area."""
    since = week.monday - dt.timedelta(days=1)
    out = []
    for area in book.plan.areas:
        entries = [{"id": p.item.id, "title": p.item.title, "kind": p.item.kind,
                    "unit": p.item.unit, "date": u.date, "value": u.value, "state": u.status,
                    "note": u.note, "by": u.by}
                   for p in now if p.item.area == area.id
                   for u in book.history(p.item.id).between(since, week.as_of)]
        if entries:
            entries.sort(key=lambda e: (e["date"], e["id"]))
            out.append({"id": area.id, "name": area.name, "updates": entries})
    return out


def _changes(rows: dict[str, dict[str, Any]], now: Sequence[Progress],
             before: Snapshot) -> dict[str, Any]:
    """What moved since the week before: new 已完成, new red and yellow lights, completions
    (a figure held for checking, 待核实, counts for nothing: the completions are those before it)."""
    moved = []
    for p in now:
        old = before.get(p.item.id)
        if p.item.quantitative and p.completion is not None and p.completion != old.completion:
            moved.append({**rows[p.item.id], "previous_completion": old.completion,
                          "previous_status": old.status,
                          "change": p.completion - (old.completion or 0.0)})
    before_rows = [before.get(p.item.id) for p in now]
    lights_now, lights_before = _light_counts(now), _light_counts(before_rows)
    return {
        "new_done": [rows[p.item.id] for p in now
                     if p.status == "done" and before.get(p.item.id).status != "done"],
        "new_red": [rows[p.item.id] for p in now
                    if p.status in RED and before.get(p.item.id).status not in RED],
        # turned yellow from green or grey: a red light that eases to yellow is no alarm
        "new_yellow": [rows[p.item.id] for p in now if p.light == "黄灯"
                       and before.get(p.item.id).light not in ("黄灯", "红灯")],
        "moved": moved,
        "lights": [{"light": light, "count": lights_now.get(light, 0),
                    "change": lights_now.get(light, 0) - lights_before.get(light, 0)}
                   for light in LIGHT_ORDER],
    }


def _body(context: Context) -> dict[str, Any]:
    """What the body (at most two A4 pages) shows of each list: the first ``SHOWN`` lines,
    the rest in 附件 (``more``: how many wait there)."""
    changes = context["changes"]
    turned = changes["new_red"] + changes["new_yellow"]
    # the largest moves first; a first report (no change to speak of) after them
    moved = sorted(changes["moved"], key=lambda r: (r["previous_completion"] is None,
                                                    -abs(r["change"]), r["id"]))
    areas = [{"name": a["name"], "count": len(a["updates"]),
              "items": list(dict.fromkeys(u["title"] for u in a["updates"]))}
             for a in context["this_week"]]
    return {
        "areas": [{**a, "shown": a["items"][:NAMED], "more": len(a["items"]) - NAMED}
                  for a in areas],
        "done": changes["new_done"][:SHOWN], "done_more": len(changes["new_done"]) - SHOWN,
        "turned": turned[:SHOWN], "turned_more": len(turned) - SHOWN, "turned_all": turned,
        "moved_top": moved[:NAMED],
        "moved_up": sum(1 for r in moved if r["change"] > 0),
        "moved_down": sum(1 for r in moved if r["change"] < 0),
        "next": context["next_week"][:SHOWN], "next_more": len(context["next_week"]) - SHOWN,
        "annex": _annex(context, len(turned), len(context["next_week"])),
    }


def _annex(context: Context, turned: int, due: int) -> dict[str, int]:
    """The 附件 of a week with news, numbered in order: the week's records, the moves of
    completion, the lists too long for the body, 数据说明. A quiet week has none."""
    if context["quiet_week"]:
        return {}
    wanted = [("updates", bool(context["this_week"])), ("moved", bool(context["changes"]["moved"])),
              ("turned", turned > SHOWN), ("next", due > SHOWN), ("notes", True)]
    return {key: n for n, key in enumerate((k for k, on in wanted if on), 1)}


def _week_extras(book: Book, week: Week, now: Sequence[Progress], before: Snapshot
                 ) -> dict[str, Any]:
    rows = {p.item.id: item_row(book.plan, p, outlook_of(book, p)) for p in now}
    this_week = _this_week(book, week, now)
    next_week_end = week.as_of + dt.timedelta(days=7)
    return {
        "week": {"name": week.name, "year": week.year, "number": week.number,
                 "monday": week.monday, "sunday": week.sunday, "label": cn_week(week.monday)},
        "this_week": this_week,
        "this_week_count": sum(len(a["updates"]) for a in this_week),
        "changes": _changes(rows, now, before),
        "next_week": sorted((rows[p.item.id] for p in now
                             if p.status != "done" and not p.item.ongoing
                             and week.as_of < p.item.deadline <= next_week_end),
                            key=lambda r: (r["deadline"], r["id"])),
    }


def _light_counts(states: Sequence[Progress]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in states:
        counts[p.light] = counts.get(p.light, 0) + 1
    return counts


def contexts(book: Book, weeks: Sequence[Week], areas: Sequence[str] = (), *,
             title: str | None = None, org: str | None = None,
             numbers: Sequence[int] | None = None) -> list[Context]:
    """The context of every week's brief: one snapshot a week, compared with the last.

    ``numbers`` are the weeks' 期号 (from the issue log); without them, the ISO week.
    """
    chosen = area_ids(book.plan, areas)
    before = snapshot(book, weeks[0].monday - dt.timedelta(days=1)) if weeks else None
    out = []
    for i, week in enumerate(weeks):
        snap = snapshot(book, week.as_of)
        context = build_context(book, week.as_of, areas, title=title or _weekly_title(book),
                                org=org, snap=snap, issue=numbers[i] if numbers else week.number)
        assert before is not None
        context.update(_week_extras(book, week, snap.select(chosen), before))
        changes = context["changes"]
        # a week with nothing new is one short page: the cumulative tables wait for news
        context["quiet_week"] = not (context["this_week"] or changes["new_done"]
                                     or changes["new_red"] or changes["new_yellow"]
                                     or changes["moved"])
        context["body"] = _body(context)
        out.append(context)
        before = snap
    return out


def _weekly_title(book: Book) -> str:
    return book.settings.title.replace("简报", "周报")


@dataclass(frozen=True, slots=True)
class Folder:
    """What the output folder already holds: briefs of weeks not made again this time (each
    with its 期号 and the formats on disk), and the formats of its index."""

    weeks: Sequence[Week] = ()
    numbers: Sequence[int] = ()
    files: dict[str, tuple[str, ...]] | None = None  # week name → formats on disk
    index_formats: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rendered:
    """A run's files, rendered (nothing written yet): the pages, and the HTML of each PDF,
    which the command prints (one browser start for all of them)."""

    pages: list[tuple[Path, bytes]]
    to_print: list[tuple[Path, str]]


def render_all(book: Book, weeks: Sequence[Week], out: Path, formats: Sequence[str],
               areas: Sequence[str], template_dirs: Sequence[Path], *, title: str | None,
               org: str | None, step: Callable[[str], None] = lambda _: None,
               cache: Path | None = None, numbers: Sequence[int] | None = None,
               folder: Folder | None = None, reference: Path | None = None,
               outdated: Callable[[Week, Mapping[Path, bytes]], Collection[str]] = lambda w, p: ()
               ) -> Rendered:
    """Every week in every format, then the index. The index lists every brief in the
    folder (``folder``: those of earlier runs too), in every format found there, but those
    ``outdated`` says go (given a week and its new pages: the formats of it on disk to remove)."""
    done = Rendered([], [])
    summaries = []
    going: dict[str, Collection[str]] = {}
    for week, context in zip(weeks, contexts(book, weeks, areas, title=title, org=org,
                                             numbers=numbers), strict=True):
        first = len(done.pages)
        for fmt in formats:
            _render_week(done, out / f"{week.name}.{fmt}", context, template_dirs, cache, reference)
        going[week.name] = outdated(week, dict(done.pages[first:]))
        summaries.append(_index_entry(context))
        step(week.name)
    folder = folder or Folder()
    summaries += [_index_entry(c) for c in _contexts_apart(book, folder, areas, title, org)]
    on_disk = folder.files or {}
    for s in summaries:
        made = formats if any(s["name"] == w.name for w in weeks) else ()
        kept = [f for f in on_disk.get(s["name"], ()) if f not in going.get(s["name"], ())]
        s["formats"] = [f for f in ALL_FORMATS if f in made or f in kept]
    summaries.sort(key=lambda s: s["name"])
    index = {"title": title or _weekly_title(book), "org": org or book.settings.org,
             "weeks": summaries, "formats": list(formats),
             "first": min((s["as_of"] for s in summaries), default=None),
             "last": max((s["as_of"] for s in summaries), default=None),
             "sample": book.settings.sample}
    for fmt in index_formats(formats, folder.index_formats):
        text = render_report(index, fmt, template_dirs, "index", cache)
        done.pages.append((out / f"index.{fmt}", text.encode("utf-8")))
    return done


def index_formats(formats: Sequence[str], on_disk: Sequence[str]) -> list[str]:
    """The index's formats: those of the run that have one (md, html) and those already in
    the folder; a run of only Word or PDF briefs into a new folder gets an HTML index."""
    wanted = [f for f in formats if f in FORMATS] + list(on_disk)
    return list(dict.fromkeys(wanted or ["html"]))


def _render_week(done: Rendered, path: Path, context: Context, template_dirs: Sequence[Path],
                 cache: Path | None, reference: Path | None) -> None:
    fmt = path.suffix[1:]
    if fmt == "docx":
        from ftz_cli.views.docx_weekly import render_weekly_docx

        done.pages.append((path, render_weekly_docx(context, template_dirs, reference, cache)))
    elif fmt == "pdf":
        done.to_print.append((path, render_report(context, "html", template_dirs, "weekly", cache)))
    else:
        done.pages.append((path, render_report(context, fmt, template_dirs, "weekly", cache).encode("utf-8")))


def _contexts_apart(book: Book, folder: Folder, areas: Sequence[str], title: str | None,
                    org: str | None) -> list[Context]:
    """The contexts of the folder's other weeks, each run of consecutive weeks at once."""
    out: list[Context] = []
    run: list[int] = []
    for i, week in enumerate(folder.weeks):
        if run and folder.weeks[run[-1]].monday + dt.timedelta(days=7) != week.monday:
            out += contexts(book, [folder.weeks[j] for j in run], areas, title=title, org=org,
                            numbers=[folder.numbers[j] for j in run])
            run = []
        run.append(i)
    if run:
        out += contexts(book, [folder.weeks[j] for j in run], areas, title=title, org=org,
                        numbers=[folder.numbers[j] for j in run])
    return out


def _index_entry(context: Context) -> dict[str, Any]:
    week = context["week"]
    return {"name": week["name"], "label": week["label"], "as_of": context["as_of"],
            "issue": context["issue"], "quiet": context["quiet_week"],
            # each light with the pattern the pictures draw it in (views/charts.py)
            "lights": [{**light, "key": LIGHT_KEYS[light["light"]]} for light in context["summary"]["lights"]],
            "updates": context["this_week_count"],
            "new_done": len(context["changes"]["new_done"]),
            "new_red": len(context["changes"]["new_red"])}
