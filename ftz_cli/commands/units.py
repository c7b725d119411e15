"""``ftz units``: the reporting scoreboard, per unit, for one month."""

from __future__ import annotations

import datetime as dt

from ftz_cli.commands.output import SAMPLE_NOTE, emit, say
from ftz_cli.parse.dates import today
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace


def run(ws: Workspace, *, as_of: dt.date, period: tuple[int, int] | None, fmt: str, bom: bool,
        output: str | None, force: bool, quiet: bool) -> None:
    from ftz_cli.core.scoreboard import Period, default_period, scoreboard
    from ftz_cli.views import scoreboard as view
    from ftz_cli.views.rows import to_csv, to_json

    loaded = loaded_or_fail(ws, today())
    settings = loaded.book.settings
    month = Period(*period) if period is not None else default_period(as_of, settings.due_day)
    scores = scoreboard(loaded.book, month, as_of, loaded.book.held())
    if fmt == "json":
        text = to_json(view.rows(scores))
    elif fmt == "csv":
        text = to_csv(view.rows(scores), view.COLUMNS, bom)
    else:
        text = view.text_table(scores, settings.sample)
    emit(text, output, force=force, quiet=quiet, people=fmt == "table")
    if settings.sample and fmt != "table":
        say(SAMPLE_NOTE, quiet)
