"""The body of the short brief a leader reads (domain.md, "How Chinese briefings look").

总体情况 → 本期主要进展 (since the previous issued brief) → 需关注事项 (red and yellow,
grouped by 专班 with its lead; items never reported fold into counts) → 存在问题和下一步工作
(the office's own text, and the deadlines ahead) → 附件 (the full tables of ``build_context``).

``brief_context`` adds these to ``build_context``; every count comes from the same rows
(one snapshot), so 需关注事项 agrees with 总体情况 and with ``ftz list``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ftz_cli.core.chase import book_rates
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.model import Plan
from ftz_cli.core.outlook import outlook_of
from ftz_cli.core.selection import area_ids
from ftz_cli.core.snapshot import Book, Snapshot, snapshot
from ftz_cli.core.status import DUE_TODAY, DUE_TODAY_UNREPORTED, OVERDUE_UNREPORTED, STATUS_LABELS
from ftz_cli.views import annexes
from ftz_cli.views.briefing import LABEL_ORDER, Context, build_context, item_row
from ftz_cli.views.reporting import CONCERNS, SILENT, silent, unit_rates, unreported, urgency

RED = ("overdue", "severely_behind")
# the red of the overview, in the order a reader asks: what was missed, then what is behind
RED_LABELS = (STATUS_LABELS["overdue"], OVERDUE_UNREPORTED, DUE_TODAY, DUE_TODAY_UNREPORTED,
              STATUS_LABELS["severely_behind"])
# a 专班's two most urgent items are listed, in the order of reporting.urgency (逾期 before 今日到期);
# the rest are counted by label, so the body keeps to 2–4 pages at year end (all are in 附件1): with
# three, the Word brief's 4号 type ran onto a fifth page on 12月31日 (tests/test_brief.py)
CONCERNS_LISTED = 2
UPCOMING_LISTED = 5  # deadlines of one day with more items than this are counted per 专班


@dataclass(frozen=True, slots=True)
class Issue:
    """Where a brief stands in the log: its number, whether it is a draft, the one before."""

    number: int
    draft: bool = False
    previous_as_of: dt.date | None = None
    previous_number: int | None = None


@dataclass(frozen=True, slots=True)
class Imprint:
    """版记 and marks from the settings (all optional)."""

    to: str = ""  # 报
    cc: str = ""  # 送
    send: str = ""  # 发
    internal: bool = False  # 内部资料
    printed: dt.date | None = None  # 印发日期: --issued, else the day it is made
    copies: int | None = None  # 共印X份
    issued: bool = False  # the office set the issue date (--issued): the masthead carries it
    headline: str = ""  # a line under the masthead: --headline, else the notes' headline


def brief_context(book: Book, as_of: dt.date, areas: Sequence[str] = (), *, issue: Issue,
                  notes: Mapping[str, Any] | None = None, imprint: Imprint | None = None,
                  body_only: bool = False, title: str | None = None,
                  org: str | None = None, held: Collection[tuple[str, dt.date]] = (),
                  closures: Mapping[str, Any] | None = None, escalated: Sequence[str] = ()) -> Context:
    """``build_context`` plus the short brief's body, for the chosen areas (``held``: the
    records 待核实, for the scoreboard)."""
    snap = snapshot(book, as_of)
    context = build_context(book, as_of, areas, title=title, issue=issue.number, org=org, snap=snap)
    plan = book.plan
    chosen = area_ids(plan, areas)
    picked = [a for a in plan.areas if chosen is None or a.id in chosen]
    rates, assigned = book_rates(book, as_of) if book.settings.units else ([], {})
    rows = [{**item_row(plan, p, outlook_of(book, p)), "units": list(assigned.get(p.item.id, ()))} for p in snap.select(chosen)]
    imprint = imprint or Imprint()
    concerns = _concerns(rows, picked)
    context.update({
        "year": as_of.year,
        "by_status": {c["status"]: c["count"] for c in context["summary"]["counts"]},
        "by_label": {label: 0 for _, label in LABEL_ORDER} | {
            c["label"]: c["count"] for c in context["summary"]["labels"]},
        "red_parts": sorted((c for c in context["summary"]["labels"] if c["status"] in RED),
                            key=lambda c: RED_LABELS.index(c["label"])),
        "draft": issue.draft,
        "body_only": body_only,
        "since": {"date": issue.previous_as_of, "issue": issue.previous_number},
        "progress": _progress(book, rows, picked, issue.previous_as_of, as_of),
        "concerns": concerns,
        "unreported": [{**_team(a), **u} for a in picked if (u := unreported(rows, a))],
        "rates": unit_rates(rates, rows),
        "scoreboard": annexes.scoreboard(book, as_of, held),
        "pending": _pending(rows, closures or {}),
        "returned": _returned(rows, closures or {}),
        "escalated": annexes.escalated(rows, escalated, book.settings.escalate_after),
        "checking": [r for r in rows if r["needs_check"]],  # 待核实: listed, never counted done
        "notes": _notes(plan, notes, picked, concerns, _record_words(
            plan, snap, chosen, _period_start(issue.previous_as_of, as_of))),
        "upcoming": _upcoming(context["attention"]["due_soon"], picked),
        "inferred": _inferred(plan, rows),
        "imprint": {"to": imprint.to, "cc": imprint.cc, "send": imprint.send,
                    "internal": imprint.internal, "printed": imprint.printed or as_of,
                    "copies": imprint.copies},
        "dated": imprint.printed if imprint.issued and imprint.printed else as_of,  # the masthead's date
        "headline": imprint.headline or (notes or {}).get("headline", ""),
    })
    context["rates_listed"] = annexes.lowest_rates(context["rates"])
    context["outlook_annex"] = annexes.outlook(context["outlook"])
    context["closures_named"] = annexes.CLOSURES_LISTED
    context["annexes"] = annexes.numbered(context)
    return context


def _returned(rows: list[dict[str, Any]], closures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """销号被退回: the records of 已完成 the office sent back (they count for nothing) until the
    unit reports again."""
    found = []
    for r in rows:
        back = closures[r["id"]].returned if r["id"] in closures else None
        if back is not None:
            found.append({"id": r["id"], "title": r["title"], "units": r["units"], "date": back.date,
                          "reason": back.note})
    return found


def _pending(rows: list[dict[str, Any]], closures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """待确认销号: items a unit reported 已完成 that the office has not confirmed yet."""
    return [{"id": r["id"], "title": r["title"], "units": r["units"], "date": r["value_date"],
             # a file given again with a later record is one file (by content)
             "evidence": list({e.path: e.name for _, e in closures[r["id"]].evidence}.values())}
            for r in rows if r["id"] in closures and closures[r["id"]].pending]


def _inferred(plan: Plan, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dates the data inferred, grouped by what and which date: one line for 40 items due 2035."""
    groups: dict[tuple[str, dt.date], list[str]] = {}
    for r in rows:
        for what in plan.items_by_id[r["id"]].inferred:
            if what not in ("start", "deadline"):  # a draft's other guesses are not dates
                continue
            groups.setdefault((what, r[what]), []).append(r["title"])
    return [{"what": what, "date": day, "titles": titles, "count": len(titles)}
            for (what, day), titles in sorted(groups.items(), key=lambda g: (g[0][0] != "start", g[0][1]))]


def _team(area: Any) -> dict[str, Any]:
    return {"id": area.id, "name": area.name, "team": area.team,
            "lead": f"{area.lead.title} {area.lead.name}" if area.lead else None}


def _progress(book: Book, rows: list[dict[str, Any]], picked: list[Any],
              since: dt.date | None, as_of: dt.date) -> dict[str, Any]:
    """What changed since the previous brief: what was reported, what was done, what turned red."""
    start = _period_start(since, as_of)
    fresh = [r for r in rows if r["value_date"] is not None and start < r["value_date"] <= as_of]
    before = snapshot(book, start) if since is not None else None
    done, red = [], []
    for r in rows:
        old = before.get(r["id"]) if before is not None else None
        if r["status"] == "done" and r["value_date"] is not None and r["value_date"] > start and (
                old is None or old.status != "done"):
            done.append(r)
        if r["status"] in RED and before is not None and old is not None and old.status not in RED:
            red.append(r)
    # a figure of an earlier month than the brief's says its date (截至5月31日); the most common
    # month of the others is said once in the lead when it is not the brief's (除注明外为5月数据)
    dates = [r["value_date"] for r in fresh if r["kind"] in ("flow", "level", "count") and r["value"] is not None]
    months = Counter(dt.date(d.year, d.month, 1) for d in dates)
    return {
        "start": start + dt.timedelta(days=1),
        "reported": len(fresh),
        "data_month": max(months, key=lambda m: (months[m], m)) if months else as_of.replace(day=1),
        "areas": [_area_progress(a, [r for r in fresh if r["area"] == a.id])
                  for a in picked if any(r["area"] == a.id for r in fresh)],
        "done": done,
        "red": red,
    }


# a leader reads a paragraph per 专班, not a log: the figures and what was finished first,
# then what came with words; the rest is counted (every record is in the 附件). Three keep the
# Word body, in its 4号 type, within four pages at year end
PROGRESS_PER_AREA = 3


def _area_progress(area: Any, fresh: list[dict[str, Any]]) -> dict[str, Any]:
    def weight(r: dict[str, Any]) -> int:
        if r["kind"] in ("flow", "level", "count") and r["value"] is not None:
            return 0
        return 1 if r["status"] == "done" else 2 if r["note"] else 3
    ranked = sorted(fresh, key=weight)  # stable: plan order within a weight
    shown = {r["id"] for r in ranked[:PROGRESS_PER_AREA]}
    return {**_team(area), "rows": [r for r in fresh if r["id"] in shown],
            "more": len(fresh) - len(shown)}


def _period_start(since: dt.date | None, as_of: dt.date) -> dt.date:
    """The last day before this brief's period: the previous brief's as-of, else the year's eve."""
    return since if since is not None else dt.date(as_of.year, 1, 1) - dt.timedelta(days=1)


def _concerns(rows: list[dict[str, Any]], picked: list[Any]) -> list[dict[str, Any]]:
    """Red and yellow items by 专班; those never reported are only counted (listed in 附件)."""
    out = []
    for area in picked:
        mine = [r for r in rows if r["area"] == area.id and r["status"] in CONCERNS]
        listed = [r for r in mine if r["label"] not in SILENT]
        listed.sort(key=urgency)
        counts = {s: sum(r["status"] == s for r in mine) for s in CONCERNS}
        rest = Counter(r["label"] for r in listed[CONCERNS_LISTED:])
        if mine:
            out.append({**_team(area), "rows": listed[:CONCERNS_LISTED], "counts": counts,
                        "more": [{"label": label, "count": n} for label, n in rest.items()],
                        "red": counts["overdue"] + counts["severely_behind"],
                        "yellow": counts["behind"], "awaiting": counts["awaiting_verdict"],
                        "unreported": len(mine) - len(listed), "silent": silent(mine)})
    return out


def _notes(plan: Plan, notes: Mapping[str, Any] | None, picked: list[Any],
           concerns: list[dict[str, Any]], records: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The office's text, areas resolved by id or name and put in plan order.

    An item's text goes beside it in 需关注事项 when it is listed there (``by_item``, by id),
    else in 四、 (``other_items``). Beside a listed item also go the words of its latest
    record (进展情况, 存在问题, 下步计划 from a department's sheet), where the notes file
    says nothing of its own.
    """
    listed = {r["id"] for g in concerns for r in g["rows"]}
    office = _office(plan, notes or {}, picked)
    by_item = {k: v for k, v in records.items() if k in listed}
    for key, words in office.pop("items").items():
        base = by_item.get(key, {})
        by_item[key] = {**base, **words, **{f: words[f] or base.get(f, []) for f in _ITEM_FIELDS}}
    return {**office, "given": notes is not None,
            "by_item": by_item,  # not "items": templates would see the dict method of that name
            "other_items": [v for k, v in by_item.items() if k not in listed]}


_ITEM_FIELDS = ("progress", "problems", "next_steps")


def _areas_by_key(plan: Plan) -> dict[str, Any]:
    return {a.id: a for a in plan.areas} | {a.name: a for a in plan.areas} | {a.team: a for a in plan.areas}


def unknown_in_notes(plan: Plan, notes: Mapping[str, Any]) -> list[Diagnostic]:
    """The areas and items of a notes file (``parse.briefs.notes``) that the plan does not
    have, each named at its line (E460)."""
    by_key = _areas_by_key(plan)
    where = notes.get("where", {})
    unknown = [("areas", k, f"领域“{k}”") for k in notes.get("areas", {}) if k not in by_key] + [
        ("items", k, f"指标编号“{k}”") for k in notes.get("items", {}) if k not in plan.items_by_id]
    out = []
    for level, key, what in unknown:
        line, column = where.get(level, {}).get(key, (None, None))
        out.append(Diagnostic("E460", f"简报文字文件中有未知的{what}", where.get("file", ""), line, column,
                              hint="领域用编号或名称（如 trade、贸易自由），事项用 ftz list 中的编号。"))
    return out


def _office(plan: Plan, notes: Mapping[str, Any], picked: list[Any]) -> dict[str, Any]:
    """The notes file, checked against the plan: unknown areas and items are E460."""
    unknown = unknown_in_notes(plan, notes)
    if unknown:
        raise FtzError(unknown)
    by_key = _areas_by_key(plan)
    given = {by_key[k].id: v for k, v in notes.get("areas", {}).items()}
    chosen = {a.id for a in picked}
    return {
        "problems": list(notes.get("problems", [])),
        "next_steps": list(notes.get("next_steps", [])),
        "areas": [{**_team(a), "problems": given[a.id]["problems"],
                   "next_steps": given[a.id]["next_steps"]}
                  for a in picked if a.id in given
                  and (given[a.id]["problems"] or given[a.id]["next_steps"])],
        "items": {k: {**v, **_named(plan, k)} for k, v in notes.get("items", {}).items()
                  if plan.items_by_id[k].area in chosen and any(v.values())},
    }


def _named(plan: Plan, item_id: str) -> dict[str, str]:
    item = plan.items_by_id[item_id]
    return {"id": item_id, "title": item.title, "area_name": plan.area(item.area).name}


def _record_words(plan: Plan, snap: Snapshot, chosen: set[str] | None,
                  since: dt.date) -> dict[str, dict[str, Any]]:
    """进展情况, 存在问题, 下步计划 of each item's latest record, when it came in this period."""
    out = {}
    for p in snap.select(chosen):
        u = p.latest
        if u is not None and u.date > since and (u.progress_note or u.problems or u.next_steps):
            out[p.item.id] = {**_named(plan, p.item.id), "progress": [u.progress_note] if u.progress_note else [],
                              "problems": [u.problems] if u.problems else [],
                              "next_steps": [u.next_steps] if u.next_steps else []}
    return out


def _upcoming(due: list[dict[str, Any]], picked: list[Any]) -> list[dict[str, Any]]:
    """Deadlines ahead, by day: a few items by name, many as counts per 专班."""
    days = sorted({r["deadline"] for r in due})
    out = []
    for day in days:
        rows = [r for r in due if r["deadline"] == day]
        teams = [{"team": a.team, "count": sum(r["area"] == a.id for r in rows)}
                 for a in picked if any(r["area"] == a.id for r in rows)]
        out.append({"deadline": day, "due": rows[0]["due"], "count": len(rows),
                    "rows": rows if len(rows) <= UPCOMING_LISTED else [], "teams": teams})
    return out
