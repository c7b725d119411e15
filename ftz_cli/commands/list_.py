"""``ftz list``: every trackable item with its progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ftz_cli.commands.output import Text, emit, is_stdout, render_text
from ftz_cli.core.closure import Closure
from ftz_cli.core.model import Plan
from ftz_cli.core.selection import progress
from ftz_cli.core.snapshot import Book
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import today
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Request:
    """What ``ftz list`` is asked: the items of some areas, kind, statuses and units, as of a day,
    as a table, JSON or CSV (``zh``: CSV with Chinese headers, for people)."""

    workspace: Workspace
    as_of: dt.date
    areas: tuple[str, ...] = ()
    kind: str | None = None
    statuses: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    fmt: str = "table"
    bom: bool = False
    zh: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    """The items evaluated; for JSON and CSV, the text (a table is drawn by ``render``)."""

    plan: Plan
    rows: tuple[Progress, ...]
    as_of: dt.date
    text: str | None
    sample: bool
    closures: Mapping[str, Closure]  # 已完成（待确认） and 已退回


def run(request: Request) -> Result:
    """The items asked for (nothing printed: ``render`` shows them)."""
    r, ws = request, request.workspace
    loaded = loaded_or_fail(ws, today())
    rows = progress(loaded.book, r.as_of, r.areas, r.kind, r.statuses)
    if r.units:
        rows = _of_units(loaded.book, rows, r.units)
    from ftz_cli.commands.closure import states

    closed = states(ws, loaded.book, rows)  # 已完成（待确认） and 已退回, in every format
    text = _data(loaded.book, rows, closed, r) if r.fmt in ("json", "csv") else None
    return Result(loaded.plan, tuple(rows), r.as_of, text, ws.settings.sample, closed)


def _data(book: Book, rows: Sequence[Progress], closed: Mapping[str, Closure], r: Request) -> str:
    """The rows as JSON or CSV (the contract's fields; ``zh``: the people's columns)."""
    from ftz_cli.core.outlook import outlook_of
    from ftz_cli.core.units import owners
    from ftz_cli.views.closing import with_closure
    from ftz_cli.views.rows import COLUMNS, row, to_csv, to_json

    assigned = owners(book.plan, book.settings.units)
    records = [with_closure(row(book.plan, p, assigned, outlook_of(book, p)), closed) for p in rows]
    if r.zh and r.fmt == "csv":
        from ftz_cli.views import people

        return to_csv(people.people_rows(records, rows), people.COLUMNS, r.bom)
    return to_json(records) if r.fmt == "json" else to_csv(records, COLUMNS, r.bom)


def render(result: Result, *, output: str | None = None, force: bool = False, color: bool = False,
           quiet: bool = False, wide: bool = False) -> None:
    """JSON or CSV as they are; a table in blocks at a terminal (a row per item when ``wide``),
    or as plain text into a file."""
    plan, rows, as_of, sample, closed = result.plan, result.rows, result.as_of, result.sample, result.closures
    if result.text is not None:
        render_text(Text(result.text, False, sample), output, force=force, quiet=quiet)
    elif is_stdout(output) and not wide:
        from ftz_cli.views.listing import print_listing

        print_listing(plan, rows, as_of, color=color and output is None, sample=sample, closures=closed)
    elif is_stdout(output):
        from ftz_cli.views.tables import print_progress

        print_progress(plan, rows, as_of, color=color and output is None, sample=sample, closures=closed)
    else:
        from ftz_cli.views.tables import progress_text

        emit(progress_text(plan, rows, as_of, sample, closed), output, force=force, quiet=quiet)


def _of_units(book: Book, rows: Sequence[Progress], units: Sequence[str]) -> tuple[Progress, ...]:
    """The rows of the items ``units`` answer for (a 专班: its area's items no unit owns)."""
    from ftz_cli.core.units import check_units, owners, responsible

    check_units(book.plan, book.settings.units, units)
    assigned = owners(book.plan, book.settings.units)
    return tuple(p for p in rows if set(units) & set(responsible(book.plan, assigned, p.item)))
