"""``ftz report``: the briefing (简报), in Markdown, HTML, Word or PDF; at a terminal, a summary.

A brief written to a file is issued: it takes the next 期号 of the year from the workspace's
log (``issued/``) and is logged there, unless it is a ``--draft``. A brief printed to
standard output, or made from the read-only bundled plan, is never logged.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ftz_cli.commands.escalate import on_list
from ftz_cli.commands.output import emit, is_stdout, say, write_files
from ftz_cli.core.errors import UsageProblem
from ftz_cli.core.escalation import lights_of
from ftz_cli.core.issues import Issued, next_number, previous
from ftz_cli.core.settings import Settings
from ftz_cli.core.snapshot import Book, snapshot
from ftz_cli.parse.dates import today
from ftz_cli.store.briefs import (
    SERIES,
    check_loggable,
    log_issued,
    notes_path,
    read_log,
    read_notes,
    record_lights,
)
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.private import private_dir
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.briefing import Context, build_context, render_report, report_format
from ftz_cli.views.digest import Imprint, Issue, brief_context


@dataclass(frozen=True, slots=True)
class Request:
    """What ``ftz report`` is asked: the brief as of a day, of some areas, in a format, for
    ``output`` (None or ``-``: standard output), with the options of its masthead and 版记."""

    workspace: Workspace
    as_of: dt.date
    areas: tuple[str, ...] = ()
    fmt: str | None = None
    output: str | None = None
    templates: Path | None = None
    title: str | None = None
    issue: int | None = None
    org: str | None = None
    draft: bool = False
    body_only: bool = False
    reference_doc: Path | None = None
    issued_on: dt.date | None = None
    headline: str = ""


@dataclass(frozen=True, slots=True)
class Result:
    """The brief made, not yet written: its kind (md, html, docx, pdf; ``summary`` for a person
    at a terminal), its content (for a PDF, the HTML to print), where it goes, the hints to say
    first, and the log entry and lights to record once it is written (None: not issued)."""

    workspace: Workspace
    kind: str
    content: str | bytes
    output: str | None
    notes: tuple[str, ...] = ()
    issued: Issued | None = None
    lights: Mapping[str, str] = field(default_factory=dict)


def run(request: Request) -> Result:
    """The brief (nothing printed or written: ``render`` writes it and logs the issue)."""
    r, ws = request, request.workspace
    kind = report_format(r.fmt, r.output)
    if kind in ("docx", "pdf") and is_stdout(r.output):
        raise UsageProblem(f"{kind.upper()} 简报要写入文件，不能输出到终端",
                           hint=f"用 -o 指定文件名，例如 -o 简报.{kind}")
    loaded = loaded_or_fail(ws, today())
    if r.output is None and r.fmt is None and on_terminal():
        # a person typed ``ftz report``: hundreds of lines of Markdown would tell them nothing
        return Result(ws, "summary", _summary(ws, loaded.book, r), None)
    lights = lights_of(snapshot(loaded.book, r.as_of).items)  # recorded at issue, for 督办
    context, number, notes = _brief(ws, loaded.book, r, hint=not is_stdout(r.output), lights=lights)
    dirs = template_dirs(r.templates, loaded.workspace)
    content: str | bytes
    if kind == "docx":
        from ftz_cli.views.docx import render_docx

        reference = r.reference_doc or ws.setting_path(loaded.book.settings.reference_doc, "report.reference_doc")
        content = render_docx(context, dirs, reference, private_dir())
    else:
        content = render_report(context, "html" if kind == "pdf" else kind, dirs, cache=private_dir())
    issued = not (r.draft or is_stdout(r.output) or ws.readonly)  # only a file, and not a draft
    entry = Issued(SERIES, number, today(), r.as_of, _shown(ws, r.output)) if issued else None
    return Result(ws, kind, content, r.output, notes, entry, lights)


def render(result: Result, *, force: bool = False, quiet: bool = False) -> None:
    """Say the hints, write the brief (standard output, or a file under the output policy),
    then log an issued brief and its lights."""
    for note in result.notes:
        say(note, quiet)
    kind, content, output = result.kind, result.content, result.output
    if kind == "summary":
        emit(str(content), people=True)
        return
    if result.issued is not None:
        check_loggable(result.workspace)  # a read-only workspace: said before the brief is out
    if isinstance(content, bytes):
        write_files([(Path(str(output)), content)], force=force, quiet=quiet)
    elif kind == "pdf":
        from ftz_cli.commands.pdf import write_pdf

        write_pdf(content, Path(str(output)), force=force, quiet=quiet)
    else:
        emit(content, output, force=force, quiet=quiet, people=kind == "md")  # HTML declares its charset: UTF-8
    if result.issued is not None:
        log_issued(result.workspace, [result.issued])
        record_lights(result.workspace, result.issued, result.lights)


def _summary(ws: Workspace, book: Book, r: Request) -> str:
    """The brief in a screen, with the command that writes it."""
    from ftz_cli.views.listing import terminal_width
    from ftz_cli.views.summary import summary_text

    # the 期号 the issued brief will carry, not the ISO week
    number = r.issue if r.issue is not None else _number([] if ws.readonly else read_log(ws), r.as_of,
                                                         book.settings)
    context = build_context(book, r.as_of, r.areas, title=r.title, issue=number, org=r.org)
    command = " ".join(["ftz report", f"--as-of {r.as_of.isoformat()}", *(f'--area "{a}"' for a in r.areas)])
    return summary_text(context, limit=terminal_width(), command=command)


def _brief(ws: Workspace, book: Book, r: Request, *, hint: bool,
           lights: Mapping[str, str]) -> tuple[Context, int, tuple[str, ...]]:
    """The brief's context and its 期号, from the workspace's log and the office's notes; and a
    hint when there are no notes (``hint``: the brief goes to a file)."""
    settings, as_of = book.settings, r.as_of
    log = [] if ws.readonly else read_log(ws)
    number = r.issue if r.issue is not None else _number(log, as_of, settings)
    before = previous(log, SERIES, as_of)
    notes = None if ws.readonly else read_notes(ws, as_of)
    said = (f"提示：没有 {ws.rel(notes_path(ws, as_of))}，“存在问题和下一步工作”只列近期到期事项"
            "（写法见 ftz 文档 docs/reports.md）。",) if notes is None and not ws.readonly and hint else ()
    context = brief_context(
        book, as_of, r.areas, title=r.title, org=r.org, body_only=r.body_only,
        issue=Issue(number, r.draft, before.as_of if before else None, before.number if before else None),
        notes=notes, imprint=imprint(settings, r.issued_on, r.headline), held=_held(book),
        closures=_closures(ws, book, as_of), escalated=on_list(ws, as_of, settings.escalate_after, lights))
    return context, number, said


def _held(book: Book) -> set[tuple[str, dt.date]]:
    """The records 待核实, for the scoreboard the brief shows (``report.scoreboard``)."""
    if not book.settings.scoreboard:
        return set()
    return book.held()


def _closures(ws: Workspace, book: Book, as_of: dt.date) -> Mapping[str, Any]:
    """Each item's 销号, for 待确认销号 (only where the office confirms, or evidence was given)."""
    if ws.readonly or not (book.settings.confirm_done or (ws.root / "closures").is_dir()):
        return {}
    from ftz_cli.commands.closure import states
    from ftz_cli.core.snapshot import snapshot

    return states(ws, book, snapshot(book, as_of).items)


def on_terminal() -> bool:
    return sys.stdout.isatty()


def _number(log: list[Issued], as_of: dt.date, settings: Settings) -> int:
    number = next_number(log, SERIES, as_of)
    if number == 1 and settings.issue is not None:
        return settings.issue  # an office that began numbering before it used ftz
    return number


def imprint(settings: Settings, issued: dt.date | None = None, headline: str = "") -> Imprint:
    """The 版记 and marks: the settings', dated ``issued`` (--issued) or today."""
    return Imprint(settings.to, settings.cc, settings.send, settings.internal, issued or today(),
                   settings.copies, issued is not None, headline.strip())


def _shown(ws: Workspace, output: str | None) -> str:
    path = Path(str(output)).resolve()
    return ws.rel(path)


def template_dirs(user: Path | None, workspace: Workspace) -> list[Path]:
    """Where templates are looked for before the built-in ones: --templates, else the setting
    (report.templates); never a workspace's templates/ folder by itself (issue 14)."""
    if user is not None and not user.is_dir():
        raise UsageProblem(f"--templates 指定的文件夹“{user}”不存在",
                           hint="给出一个包含 report.md.j2 等模板文件的文件夹。")
    return [user] if user is not None else workspace.template_dirs()
