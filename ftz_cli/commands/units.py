"""``ftz units``: the reporting scoreboard, per unit, for one month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ftz_cli.commands.output import Text
from ftz_cli.parse.dates import today
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Request:
    """What ``ftz units`` is asked: the scoreboard of a month (``period``, else the one due by
    ``as_of``), as a table, JSON or CSV."""

    workspace: Workspace
    as_of: dt.date
    period: tuple[int, int] | None = None
    fmt: str = "table"
    bom: bool = False


def run(request: Request) -> Text:
    """The scoreboard (nothing printed: ``output.render_text`` shows it)."""
    from ftz_cli.core.scoreboard import Period, default_period, scoreboard
    from ftz_cli.views import scoreboard as view
    from ftz_cli.views.rows import to_csv, to_json

    r = request
    loaded = loaded_or_fail(r.workspace, today())
    settings = loaded.book.settings
    month = Period(*r.period) if r.period is not None else default_period(r.as_of, settings.due_day)
    scores = scoreboard(loaded.book, month, r.as_of, loaded.book.held())
    if r.fmt == "json":
        text = to_json(view.rows(scores))
    elif r.fmt == "csv":
        text = to_csv(view.rows(scores), view.COLUMNS, r.bom)
    else:
        text = view.text_table(scores, settings.sample)
    return Text(text, r.fmt == "table", settings.sample)
