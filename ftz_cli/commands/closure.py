"""销号: evidence with ``ftz update --evidence``, and ``ftz confirm`` / ``ftz return``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ftz_cli.commands.output import say
from ftz_cli.core.closure import Closure, Event, Evidence
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.model import Update
from ftz_cli.core.snapshot import Book
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date, today
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


def attach(ws: Workspace, updates: Sequence[Update], files: Files, quiet: bool) -> None:
    """Keep the files and note them against each record just made."""
    if not files or not updates:
        return
    from ftz_cli.store.closures import keep, now, record

    for evidence, data in files:
        keep(ws, evidence, data)
    for update in updates:
        record(ws, Event(update.id, "evidence", update.date, now(), update.by, "",
                         tuple(e for e, _ in files)))
    say("已保存佐证材料：" + "、".join(f"{e.name} → {e.path}" for e, _ in files), quiet)


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
    if p.status != "done" or p.latest is None:
        raise FtzError(Diagnostic("E505", f"“{item.title}”（{item.id}）现在是{p.status_label}，"
                                  "不是已完成，不能确认销号或退回",
                                  hint="单位报送“已完成”（可附 --evidence 佐证材料）后再确认。"))
    record(ws, Event(item.id, action, p.latest.date, now(), by, note))
    what = "已确认销号" if action == "confirm" else "已退回"
    say(f"{what}：{item.title}（{item.id}，{cn_date(p.latest.date)}报送已完成）"
        + (f"；理由：{note}" if action == "return" else ""), quiet)
