"""``ftz update``, ``ftz import`` and ``ftz verdict``: check records, append them, say what was recorded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ftz_cli.commands.closure import attach, evidence_by_record, read_evidence
from ftz_cli.commands.output import emit, print_diagnostics, say
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.history import History
from ftz_cli.core.model import Update
from ftz_cli.core.snapshot import Book
from ftz_cli.parse.dates import today
from ftz_cli.parse.records import Raw
from ftz_cli.store.append import record
from ftz_cli.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Request:
    """Records to check and append (``dry_run``: only check), with evidence files for each
    (``evidence``) or, for an import, its 佐证材料 column read from the folder ``base``."""

    workspace: Workspace
    raws: tuple[Raw, ...]
    replace: bool = False
    dry_run: bool = False
    confirm: bool = False
    evidence: tuple[Path, ...] = ()
    base: Path | None = None
    unread: tuple[Diagnostic, ...] = ()  # an import's rows that could not be read (E309, E305)


@dataclass(frozen=True, slots=True)
class Result:
    """The records appended (or that would be), the warnings, what was said of the evidence
    kept, and the book they were checked against."""

    updates: tuple[Update, ...]
    problems: tuple[Diagnostic, ...]
    kept: tuple[str, ...]
    book: Book
    dry_run: bool
    after: Mapping[str, History]  # the items' histories with the records


def run(request: Request) -> Result:
    """Check and append the records (nothing printed: ``render`` says what was recorded)."""
    r, ws = request, request.workspace
    if r.unread:
        _refuse(r)
    # every evidence file readable before anything is recorded (``base``: an import's folder)
    by_record = evidence_by_record(ws, r.raws, read_evidence(ws, r.evidence), r.base)
    updates, problems, loaded, after = record(ws, r.raws, today(), replace=r.replace, dry_run=r.dry_run,
                                              confirm=r.confirm)
    kept = [] if r.dry_run else attach(ws, loaded.book, updates, by_record)
    return Result(tuple(updates), tuple(problems), tuple(kept), loaded.book, r.dry_run, after)


def _refuse(r: Request) -> None:
    """Rows that could not be read refuse the import; the other rows are checked first (nothing
    is written), so that one run lists every problem of the sheet."""
    found = list(r.unread)
    try:
        evidence_by_record(r.workspace, r.raws, read_evidence(r.workspace, r.evidence), r.base)
        found += record(r.workspace, r.raws, today(), replace=r.replace, dry_run=True, confirm=r.confirm)[1]
    except FtzError as err:  # E306 (nothing to record) would only be for want of the rows unread
        found += [d for d in err.diagnostics if d.code != "E306"]
    sheet = {d.path for d in r.unread}
    raise FtzError(sorted(found, key=lambda d: (d.path not in sheet, d.line or 0, d.column or 0)))


def render(result: Result, *, fmt: str = "text", color: bool = False) -> None:
    """The warnings and the evidence kept on standard error; what was recorded, as text or JSON."""
    from ftz_cli.views.echo import as_rows, summary_lines

    print_diagnostics(result.problems, color)
    for line in result.kept:
        say(line, fmt == "json")
    if fmt == "json":
        from ftz_cli.views.rows import to_json

        emit(to_json(as_rows(result.book, result.updates, result.after)))
        return
    dry_run, updates = result.dry_run, result.updates
    head = "检查通过，将录入" if dry_run else "已录入"
    lines = summary_lines(result.book, updates, result.after)
    colon = "：" if lines else "。"  # all skipped as already stored: nothing to list
    emit(f"{head} {len(updates)} 条{'（未写入）' if dry_run else ''}{colon}\n"
         + "".join(f"  {line}\n" for line in lines), people=True)
