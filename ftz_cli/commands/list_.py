"""``ftz list``: every trackable item with its progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ftz_cli.commands.output import SAMPLE_NOTE, emit, is_stdout, say
from ftz_cli.core.selection import progress
from ftz_cli.core.snapshot import Book
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import today
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace


def run(ws: Workspace, *, as_of: dt.date, areas: Sequence[str], kind: str | None,
        statuses: Sequence[str], fmt: str, bom: bool, output: str | None, force: bool,
        color: bool, quiet: bool, wide: bool = False, zh: bool = False,
        units: Sequence[str] = ()) -> None:
    loaded = loaded_or_fail(ws, today())
    rows = progress(loaded.book, as_of, areas, kind, statuses)
    if units:
        rows = _of_units(loaded.book, rows, units)
    sample = ws.settings.sample
    from ftz_cli.commands.closure import states

    closed = states(ws, loaded.book, rows)  # 已完成（待确认） and 已退回, in every format
    if fmt in ("json", "csv"):
        from ftz_cli.core.outlook import outlook_of
        from ftz_cli.core.units import owners
        from ftz_cli.views.closing import with_closure
        from ftz_cli.views.rows import COLUMNS, row, to_csv, to_json

        assigned = owners(loaded.plan, loaded.book.settings.units)
        records = [with_closure(row(loaded.plan, p, assigned, outlook_of(loaded.book, p)), closed)
                   for p in rows]
        if zh and fmt == "csv":
            from ftz_cli.views import people

            text = to_csv(people.people_rows(records, rows), people.COLUMNS, bom)
        else:
            text = to_json(records) if fmt == "json" else to_csv(records, COLUMNS, bom)
        emit(text, output, force=force, quiet=quiet)
        if sample:  # the rows carry the contract's fields only: the person reading is told
            say(SAMPLE_NOTE, quiet)
    elif is_stdout(output) and not wide:
        from ftz_cli.views.listing import print_listing

        print_listing(loaded.plan, rows, as_of, color=color and output is None, sample=sample,
                      closures=closed)
    elif is_stdout(output):
        from ftz_cli.views.tables import print_progress

        print_progress(loaded.plan, rows, as_of, color=color and output is None, sample=sample,
                       closures=closed)
    else:
        from ftz_cli.views.tables import progress_text

        emit(progress_text(loaded.plan, rows, as_of, sample, closed), output, force=force, quiet=quiet)


def _of_units(book: Book, rows: Sequence[Progress], units: Sequence[str]) -> tuple[Progress, ...]:
    """The rows of the items ``units`` answer for (a 专班: its area's items no unit owns)."""
    from ftz_cli.core.units import check_units, owners, responsible

    check_units(book.plan, book.settings.units, units)
    assigned = owners(book.plan, book.settings.units)
    return tuple(p for p in rows if set(units) & set(responsible(book.plan, assigned, p.item)))
