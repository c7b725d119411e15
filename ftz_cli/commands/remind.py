"""``ftz remind``: 催办, per unit: what is unreported, stale, overdue or due soon, the 督办 list
first; as text, JSON or CSV, one 督办通知 .docx per unit, or sent to the units' group robots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ftz_cli.commands.output import Page, emit, say
from ftz_cli.core.snapshot import Book
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date, today
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.remind import Escalated

SAMPLE_HEAD = "【示例数据】以下通知由示例进度生成，不是真实进度，请勿发送。\n\n"


@dataclass(frozen=True, slots=True)
class Request:
    """What ``ftz remind`` is asked: the notices of some units (all when none) as of a day, items
    due ``within`` days (default: the settings'), as text, JSON, CSV or .docx into the folder
    ``output``; or sent to the units' group robots (``send``; ``dry_run``: shown, not sent)."""

    workspace: Workspace
    as_of: dt.date
    units: tuple[str, ...] = ()
    within: int | None = None
    fmt: str = "text"
    bom: bool = False
    output: str | None = None
    send: str | None = None
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    """The notices by unit, and what to show: ``text`` (notices, JSON or CSV) for standard output
    or ``output``, or ``pages`` (.docx), or ``note`` when there is nothing to chase; or the
    notices to send."""

    workspace: Workspace
    notices: Mapping[str, str]
    text: str | None = None
    pages: tuple[Page, ...] = ()
    note: str = ""
    output: str | None = None
    send: str | None = None
    dry_run: bool = False


def run(request: Request) -> Result:
    """The notices (nothing printed, written or sent: ``render`` does it)."""
    from ftz_cli.core.chase import chases
    from ftz_cli.core.selection import progress
    from ftz_cli.core.units import check_units, owners, unit_names
    from ftz_cli.views import remind

    r, ws = request, request.workspace
    loaded = loaded_or_fail(ws, today())
    settings = loaded.book.settings
    days = settings.due_soon_days if r.within is None else r.within
    assigned = owners(loaded.plan, settings.units)
    check_units(loaded.plan, settings.units, r.units)
    evaluated = progress(loaded.book, r.as_of)
    returned = _returned(ws, loaded.book, evaluated)
    chased = [c for c in chases(loaded.plan, assigned, evaluated, unit_names(settings.units), days, returned)
              if not r.units or c.unit in r.units]
    pressed = _escalated(ws, loaded.book, evaluated, r.units)
    if r.fmt not in ("text", "docx") and not r.send:
        from ftz_cli.views.rows import to_csv, to_json

        rows = remind.rows(chased, returned)
        return Result(ws, {}, to_json(rows) if r.fmt == "json" else to_csv(rows, remind.COLUMNS, r.bom), output=r.output)
    texts = remind.unit_notices(chased, r.as_of, settings.org, settings.stale_days, days, returned, pressed)
    if r.send:
        return Result(ws, texts, send=r.send, dry_run=r.dry_run)
    if r.fmt == "docx":
        pages = _docx(ws, texts, pressed, r)
        return Result(ws, texts, pages=pages, note="" if pages else
                      f"截至{cn_date(r.as_of)}，没有需要催办的事项，没有生成文件。")
    if not texts:
        return Result(ws, texts, note=f"截至{cn_date(r.as_of)}，{'、'.join(r.units) or '各单位'}没有需要催办的事项。")
    text = ("\n" + "─" * 30 + "\n\n").join(texts.values())
    return Result(ws, texts, (SAMPLE_HEAD if settings.sample else "") + text, output=r.output)


def render(result: Result, *, force: bool = False, quiet: bool = False) -> None:
    """Send the notices, or write the .docx notices, or show the text (or say there is nothing)."""
    if result.send:
        from ftz_cli.commands.send import send_notices

        send_notices(result.workspace, result.notices, result.send, dry_run=result.dry_run, quiet=quiet)
    elif result.pages:
        from ftz_cli.commands.output import write_files

        write_files(result.pages, force=force, quiet=quiet, make_folders=True)
    elif result.text is not None:
        emit(result.text, result.output, force=force, quiet=quiet)
    else:
        say(result.note, quiet)


def _returned(ws: Workspace, book: Book, evaluated: Sequence[Progress]) -> dict[str, str]:
    """The items whose 已完成 the office sent back, with its reason."""
    from ftz_cli.commands.closure import states

    return {item_id: c.returned.note for item_id, c in states(ws, book, evaluated).items()
            if c.returned is not None}


def _escalated(ws: Workspace, book: Book, evaluated: Sequence[Progress], units: Sequence[str]) -> Escalated:
    """The 督办 list by unit: items yellow or red in the last issued briefs, still behind."""
    from ftz_cli.commands.escalate import on_list
    from ftz_cli.core.escalation import LAGGING
    from ftz_cli.core.units import owners, responsible

    after = book.settings.escalate_after
    ids = set(on_list(ws, evaluated[0].as_of, after)) if evaluated else set()
    assigned = owners(book.plan, book.settings.units)
    by_unit: dict[str, list[Progress]] = {}
    for p in evaluated:
        if p.item.id in ids and p.status in LAGGING:
            for unit in responsible(book.plan, assigned, p.item):
                if not units or unit in units:
                    by_unit.setdefault(unit, []).append(p)
    return Escalated(by_unit, after)


def _docx(ws: Workspace, texts: dict[str, str], pressed: Escalated, r: Request) -> tuple[Page, ...]:
    """One 督办通知 (or 催办通知) per unit, as .docx files for the folder ``-o``."""
    from ftz_cli.views.docx_notice import notice_docx
    from ftz_cli.views.safe import file_part

    folder = Path(r.output or "督办通知")
    settings = ws.settings
    reference = ws.setting_path(settings.reference_doc, "report.reference_doc")
    by_unit = pressed.by_unit
    return tuple((folder / f"{'督办' if by_unit.get(unit) else '催办'}通知-{file_part(unit)}.docx",
                  notice_docx(unit, text, settings.org, r.as_of, reference, settings.sample))
                 for unit, text in texts.items())
