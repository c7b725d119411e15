"""``ftz plan carry FROM TO``: 结转, the items of one plan not done copied into the next;
``ftz plans``: the plans of a workspace with their periods and counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.store.workspace import Workspace

if TYPE_CHECKING:
    from ftz_cli.core.status import Progress



@dataclass(frozen=True, slots=True)
class CarryRequest:
    """What ``ftz plan carry`` is asked: the items of plan ``source`` open as of a day, into plan
    ``target`` (``dry_run``: only say which)."""

    workspace: Workspace
    source: str
    target: str
    as_of: dt.date
    dry_run: bool = False


def run_carry(request: CarryRequest) -> str:
    """Copy the source's open items into the target's file (checked first); what was (or would
    be) carried, in words for standard output."""
    from ftz_cli.commands.output import atomic_write
    from ftz_cli.core.snapshot import snapshot
    from ftz_cli.importers.carry import carried_entries, insert, insert_units
    from ftz_cli.store.load import load
    from ftz_cli.store.plans import choose

    ws, source, target, as_of, dry_run = (request.workspace, request.source, request.target, request.as_of,
                                          request.dry_run)
    if source == target:
        raise FtzError(Diagnostic("E608", "结转的两个计划不能相同", hint="例如 ftz plan carry 2021 2022。"))
    from_ws, to_ws = choose(ws, source), choose(ws, target)
    if not dry_run:
        to_ws.require_writable()
    book = load(from_ws, as_of).book
    to_plan = load(to_ws, as_of).plan
    picked = [(p.item, p.status_label) for p in snapshot(book, as_of).items if _open(p, as_of)]
    why = {item.id: f"截至{as_of.isoformat()}{label}" for item, label in picked}
    year = to_plan.began.year
    entries, areas = carried_entries(book.plan, source, [i for i, _ in picked], to_plan, year, why)
    original = to_ws.plan_path.read_text(encoding="utf-8")
    added = _units(book, entries)
    with_units = insert_units(original, to_plan, added)  # first: the units' lines are the file's
    text = insert(insert(with_units or original, "areas", areas), "items", entries)
    _check(to_ws, text)
    if not dry_run and entries:
        atomic_write(to_ws.plan_path, text.encode("utf-8"))
    said = _said(source, target, entries, len(picked), to_ws.rel(to_ws.plan_path), dry_run)
    if with_units is None:
        said += "\n结转事项的责任单位没有写入 units:（其中的列表不是每行一项），请手工补充：" + "；".join(
            f"{unit}: {'、'.join(ids)}" for unit, ids in added.items())
    return said


def _units(book: Any, entries: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The units of the carried items in their old plan, by unit, with the items' new ids."""
    from ftz_cli.core.units import owners

    assigned = owners(book.plan, book.settings.units)
    added: dict[str, list[str]] = {}
    for entry in entries:
        for unit in assigned.get(entry["carried_from"].split(":", 1)[1], ()):
            added.setdefault(unit, []).append(entry["id"])
    return added


def _open(p: Progress, as_of: dt.date) -> bool:
    """Due by ``as_of`` (or 长期坚持) and not done; a goal closed by the verdict 转入年度任务 (status
    ``carried``) is not done either: its work goes on, so it is carried too."""
    return p.status != "done" and (p.item.deadline <= as_of or p.item.ongoing)


def _check(ws: Workspace, text: str) -> None:
    """The plan file with the carried items still passes the plan's rules (else nothing is written)."""
    from ftz_cli.parse.plan import read_plan

    document = ws.document_path.read_text(encoding="utf-8") if ws.document_path.is_file() else None
    errors = [d for d in read_plan(text, ws.rel(ws.plan_path), document)[1] if d.severity == "error"]
    if errors:
        raise FtzError(errors)


def _said(source: str, target: str, entries: list[dict[str, Any]], picked: int, shown: str,
          dry_run: bool) -> str:
    lines = [f"从计划“{source}”结转到“{target}”：未完成 {picked} 项，结转{len(entries)}项"
             + (f"（{picked - len(entries)} 项此前已结转）" if picked > len(entries) else "") + "。"]
    lines += [f"  {e['carried_from']} → {e['id']}  {e['title']}" for e in entries]
    if dry_run:
        lines.append(f"（--dry-run：只检查，未写入 {shown}）")
    elif entries:
        lines.append(f"已写入：{shown}（完成时限暂定年底，标为推定，请按新计划核定）。")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class PlansRequest:
    """What ``ftz plans`` is asked: the workspace's plans as of a day, as text or JSON."""

    workspace: Workspace
    as_of: dt.date
    fmt: str = "text"


def run_plans(request: PlansRequest) -> list[dict[str, Any]]:
    """Each plan of the workspace: its name, file, period, items, records and carried items."""
    from ftz_cli.core.names import DEFAULT_PLAN
    from ftz_cli.store.load import load
    from ftz_cli.store.plans import choose, names

    ws = request.workspace
    rows = []
    for name in names(ws):
        one = choose(ws, name)
        loaded = load(one, request.as_of)
        plan, book = loaded.plan, loaded.book
        rows.append({
            "plan": name, "file": one.rel(one.plan_path), "name": plan.name,
            "start": min(i.start for i in plan.items).isoformat(),
            "end": max(i.deadline for i in plan.items).isoformat(),
            "items": len(plan.items), "records": len(book.records_of(list(plan.items_by_id))),
            "carried": sum(1 for i in plan.items if i.carried_from),
            "current": name == (ws.plan or DEFAULT_PLAN),
        })
    return rows


def render_plans(rows: list[dict[str, Any]], fmt: str) -> str:
    """The plans as the contract prints them: JSON, or a line each (* marks the current one)."""
    if fmt == "json":
        import json

        return json.dumps(rows, ensure_ascii=False, indent=2)
    return "\n".join(
        f"{'*' if r['current'] else ' '} {r['plan']}  {r['name']}（{r['file']}）  {r['start']} 至 {r['end']}  "
        f"{r['items']} 项，进度记录 {r['records']} 条" + (f"，结转 {r['carried']} 项" if r["carried"] else "")
        for r in rows)
