"""销号: evidence with ``ftz update --evidence``, and ``ftz confirm`` / ``ftz return``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ftz_cli.commands.output import say
from ftz_cli.core.closure import Closure, Event, Evidence
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.model import Update
from ftz_cli.core.snapshot import Book
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date, today
from ftz_cli.parse.records import Raw
from ftz_cli.store.workspace import Workspace

Files = list[tuple[Evidence, bytes]]


def read_evidence(ws: Workspace, paths: Sequence[Path]) -> Files:
    """Every file read, hashed and checked against what the workspace keeps, before anything
    is recorded (E501, E502 stop the command)."""
    if not paths:
        return []
    from ftz_cli.store.closures import evidence_of, stored

    files = [evidence_of(path) for path in paths]
    for evidence, _ in files:
        stored(ws, evidence)
    return files


def attach(ws: Workspace, updates: Sequence[Update], files: Files, quiet: bool,
           by_record: Mapping[tuple[str, dt.date], Files] | None = None) -> None:
    """Keep the files and note them against each record just made (``files``: for every
    record; ``by_record``: an import's 佐证材料, by item id and date)."""
    from ftz_cli.store.closures import keep, now, record

    kept: dict[str, Evidence] = {}
    for update in updates:
        mine = [*files, *(by_record or {}).get((update.id, update.date), [])]
        for evidence, data in mine:
            keep(ws, evidence, data)
            kept[evidence.path] = evidence
        if mine:
            record(ws, Event(update.id, "evidence", update.date, now(), update.by, "",
                             tuple(e for e, _ in mine)))
    if kept:
        say("已保存佐证材料：" + "、".join(f"{e.name} → {e.path}" for e in kept.values()), quiet)


def sheet_evidence(ws: Workspace, raws: Sequence[Raw], base: Path) -> dict[tuple[str, dt.date], Files]:
    """An import's 佐证材料 column: file names (separated by 、；; or new lines), relative to
    the imported file's folder, read before anything is recorded; by item id and date."""
    import re

    from ftz_cli.parse.dates import DateError, parse_date
    from ftz_cli.parse.records import by_title

    found: dict[tuple[str, dt.date], Files] = {}
    plan = None
    for raw in raws:
        names = [n.strip() for n in re.split(r"[、；;\n]", str(raw.fields.get("evidence") or "")) if n.strip()]
        if not names:
            continue
        if plan is None:
            from ftz_cli.store.load import load_plan

            plan = load_plan(ws)[0]
        item_id = str(raw.fields.get("id") or "").strip()
        item = plan.items_by_id.get(item_id) if plan else None
        if item is None and plan is not None:
            item = by_title(plan, item_id, False)[0]
        try:
            day = parse_date(raw.fields.get("date"), bounded=False)
        except DateError:
            continue  # the record's own check says what is wrong with it
        if item is not None:
            found.setdefault((item.id, day), []).extend(read_evidence(ws, [base / n for n in names]))
    return found


def states(ws: Workspace, book: Book, progress: Iterable[Progress]) -> Mapping[str, Closure]:
    """Each item's 销号 (evidence, 待确认, a decision), for the views."""
    from ftz_cli.core.closure import closures
    from ftz_cli.store.closures import read

    events, _ = read(ws)  # a broken event file is validate's to report
    return closures(progress, events, book.settings.confirm_done)


def decide(ws: Workspace, item_id: str, action: str, *, by: str, note: str, quiet: bool) -> None:
    """确认销号 (``confirm``) or 退回 (``return``) the item's latest record of 已完成."""
    from ftz_cli.core.snapshot import snapshot
    from ftz_cli.parse.records import by_title
    from ftz_cli.store.closures import now, record
    from ftz_cli.store.load import loaded_or_fail

    ws.require_writable()
    loaded = loaded_or_fail(ws, today())
    item = loaded.plan.items_by_id.get(item_id)
    if item is None:
        item, several = by_title(loaded.plan, item_id)
        if several is not None or item is None:
            raise FtzError(several or Diagnostic("E201", f"未知的指标编号“{item_id}”",
                                                 hint="用 ftz list 可查看所有编号。"))
    p = snapshot(loaded.book, today()).get(item.id)
    day = _decided(ws, loaded.book, p, action)
    record(ws, Event(item.id, action, day, now(), by, note))
    what = "已确认销号" if action == "confirm" else "已退回"
    say(f"{what}：{item.title}（{item.id}，{cn_date(day)}报送已完成）"
        + (f"；理由：{note}" if action == "return" else ""), quiet)


def _decided(ws: Workspace, book: Book, p: Progress, action: str) -> dt.date:
    """The date of the record decided on: the latest, which makes the item 已完成; or, to
    confirm after all, the one sent back (E505 otherwise)."""
    if p.status == "done" and p.latest is not None:
        return p.latest.date
    sent = states(ws, book, [p]).get(p.item.id)
    if action == "confirm" and sent is not None and sent.returned is not None:
        return sent.returned.date
    raise FtzError(Diagnostic("E505", f"“{p.item.title}”（{p.item.id}）现在是{p.status_label}，"
                              "不是已完成，不能确认销号或退回",
                              hint="单位报送“已完成”（可附 --evidence 佐证材料）后再确认。"))
