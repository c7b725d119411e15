"""销号: evidence with ``ftz update --evidence``, and ``ftz confirm`` / ``ftz return``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ftz_cli.core.closure import Closure, Event, Evidence, entered
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.model import Plan, Update
from ftz_cli.core.snapshot import Book
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date, now, today
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


def attach(ws: Workspace, book: Book, updates: Sequence[Update],
           by_record: Mapping[tuple[str, dt.date], Files]) -> list[str]:
    """Keep the files and note them against their records (``by_record``: by item id and
    date, from ``evidence_by_record``): records just made, or records already there that a
    re-sent sheet or the same 已完成 again brought more files for. A file already noted
    against its record is not noted again, so a sheet imported twice is noted once. What to
    say about it, in lines."""
    from ftz_cli.store.closures import keep, read, record

    made = {(u.id, u.date): u.by for u in updates}
    there = {(u.id, u.date): u.by for u in book.records_of({i for i, _ in by_record}) if not u.verdict}
    noted: dict[tuple[str, dt.date], set[str]] = {}
    for event in read(ws)[0]:
        noted.setdefault((event.id, event.date), set()).update(e.sha256 for e in event.evidence)
    kept: dict[str, Evidence] = {}
    added: list[tuple[str, dt.date]] = []
    for key, files in by_record.items():
        if key not in made and key not in there:
            continue  # no such record: the row was not recorded
        mine = {e.sha256: (e, data) for e, data in files if e.sha256 not in noted.get(key, set())}
        for evidence, data in mine.values():
            keep(ws, evidence, data)
            kept[evidence.path] = evidence
        if mine:
            record(ws, Event(key[0], "evidence", key[1], now(), made.get(key, there.get(key, "")), "",
                             tuple(e for e, _ in mine.values())))
            added.append(key)
    said = ["已保存佐证材料：" + "、".join(f"{e.name} → {e.path}" for e in kept.values())] if kept else []
    return said + [f"{item_id} {cn_date(day)}报送的“已完成”曾被退回，现补充了佐证材料：核实后可用 ftz confirm {item_id} "
                   "确认销号（或由单位重新报送）。"
                   for item_id, day in added if (item_id, day) not in made and day in book.returned.get(item_id, {})]


def evidence_by_record(ws: Workspace, raws: Sequence[Raw], files: Files, base: Path | None
                       ) -> dict[tuple[str, dt.date], Files]:
    """The files for each record, by item id and date: ``files`` (``--evidence``) for every
    record, and an import's 佐证材料 column (``base``: the imported file's folder)."""
    found = sheet_evidence(ws, raws, base) if base is not None else {}
    if files:
        from ftz_cli.store.load import load_plan

        plan = load_plan(ws)[0]
        for raw in raws:
            key = _key(plan, raw, typed_day=today())
            if key is not None:
                found[key] = [*files, *found.get(key, [])]
    return found


def sheet_evidence(ws: Workspace, raws: Sequence[Raw], base: Path) -> dict[tuple[str, dt.date], Files]:
    """An import's 佐证材料 column: file names (separated by 、；; or new lines), relative to
    the imported file's folder, read before anything is recorded; by item id and date."""
    import re

    found: dict[tuple[str, dt.date], Files] = {}
    problems: list[Diagnostic] = []
    plan = None
    for raw in raws:
        names = [n.strip() for n in re.split(r"[、；;\n]", str(raw.fields.get("evidence") or "")) if n.strip()]
        if not names:
            continue
        if plan is None:
            from ftz_cli.store.load import load_plan

            plan = load_plan(ws)[0]
        key = _key(plan, raw)
        if key is not None:
            try:
                found.setdefault(key, []).extend(read_evidence(ws, [_beside(base, n) for n in names]))
            except FtzError as err:  # said at the row's 佐证材料 cell; every row's problems at once
                problems += [raw.at("evidence", d.code, d.message, _sheet_hint(d, base)) for d in err.diagnostics]
    if problems:
        raise FtzError(problems)
    return found


def _beside(base: Path, name: str) -> Path:
    """The file a sheet's 佐证材料 cell names: one in the sheet's own folder, by its name alone.
    A sheet comes from a department: a path (/home/…/.ssh/id_rsa, ../x) or a link that leads
    out of the folder would copy a file of this computer into the shared workspace (E025)."""
    path = base / name
    if Path(name).name != name or name in (".", "..") or not path.resolve().is_relative_to(base.resolve()):
        raise FtzError(Diagnostic("E025", f"佐证材料“{name}”不是表格所在文件夹（{base}）中的文件，不会读取", name,
                                  hint="佐证材料只写随表交回的文件的文件名（不带路径），并把文件放在表格所在的"
                                       "文件夹；其他位置的文件请用 ftz update --evidence 文件 逐个附上。"))
    return path


def _key(plan: Plan | None, raw: Raw, typed_day: dt.date | None = None) -> tuple[str, dt.date] | None:
    """The item id and date of the record ``raw`` makes (None when its own check will say what
    is wrong with it); ``typed_day``: the date of a record typed without one (today)."""
    from ftz_cli.core.aliases import by_title
    from ftz_cli.parse.dates import DateError, parse_date

    item_id = str(raw.fields.get("id") or "").strip()
    item = plan.items_by_id.get(item_id) if plan else None
    if item is None and plan is not None:
        item = by_title(plan, item_id, raw.typed)[0]
    given = raw.fields.get("date")
    try:
        day = typed_day if typed_day is not None and given in (None, "") else parse_date(given, bounded=False)
    except DateError:
        return None
    return None if item is None or day is None else (item.id, day)


def _sheet_hint(problem: Diagnostic, base: Path) -> str:
    if problem.code != "E501":
        return problem.hint
    return (f"“佐证材料”写的文件应随表交回，放在表格所在的文件夹（{base}），文件名与表中所写一致；"
            "多个文件用“；”分隔。")


def states(ws: Workspace, book: Book, progress: Iterable[Progress]) -> Mapping[str, Closure]:
    """Each item's 销号 (evidence, 待确认, a decision), for the views."""
    from ftz_cli.core.closure import closures
    from ftz_cli.store.closures import read

    events, _ = read(ws)  # a broken event file is validate's to report
    return closures(progress, events, book.settings.confirm_done)


@dataclass(frozen=True, slots=True)
class DecideRequest:
    """What ``ftz confirm`` (``action`` confirm) or ``ftz return`` (return) is asked: the item's
    latest record of 已完成, by whom, and why."""

    workspace: Workspace
    item_id: str
    action: str
    by: str = ""
    note: str = ""


def decide(request: DecideRequest) -> str:
    """确认销号 or 退回 the item's latest record of 已完成: the event recorded, and what to say."""
    from ftz_cli.core.aliases import by_title
    from ftz_cli.core.snapshot import snapshot
    from ftz_cli.store.closures import record
    from ftz_cli.store.load import loaded_or_fail

    ws, item_id, action, note = request.workspace, request.item_id, request.action, request.note
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
    at = now()
    if p.latest is not None and p.latest.date == day:
        # a correction is stamped after the record it corrects, which can be a second ahead of
        # the clock (parse/incoming.corrected): a decision on it is never stamped before it
        at = max(at, entered(p.latest))
    record(ws, Event(item.id, action, day, at, request.by, note))
    what = "已确认销号" if action == "confirm" else "已退回"
    return f"{what}：{item.title}（{item.id}，{cn_date(day)}报送已完成）" + (f"；理由：{note}" if action == "return" else "")


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
