"""``ftz remind``: 催办, per unit: what is unreported, stale, overdue or due soon."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ftz_cli.commands.output import emit, say
from ftz_cli.core.snapshot import Book
from ftz_cli.core.status import Progress
from ftz_cli.parse.dates import cn_date, today
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace


def run(ws: Workspace, *, units: Sequence[str], as_of: dt.date, within: int | None, fmt: str,
        bom: bool, output: str | None, force: bool, quiet: bool) -> None:
    from ftz_cli.core.chase import chases
    from ftz_cli.core.selection import progress
    from ftz_cli.core.units import check_units, owners, unit_names

    loaded = loaded_or_fail(ws, today())
    settings = loaded.book.settings
    days = settings.due_soon_days if within is None else within
    assigned = owners(loaded.plan, settings.units)
    order = unit_names(settings.units)
    check_units(loaded.plan, settings.units, units)
    evaluated = progress(loaded.book, as_of)
    returned = _returned(ws, loaded.book, evaluated)
    chased = [c for c in chases(loaded.plan, assigned, evaluated, order, days, returned)
              if not units or c.unit in units]
    if fmt == "text" and not chased:
        say(f"截至{cn_date(as_of)}，{'、'.join(units) or '各单位'}没有需要催办的事项。", quiet)
        return
    from ftz_cli.views import remind
    from ftz_cli.views.rows import to_csv, to_json

    if fmt == "json":
        text = to_json(remind.rows(chased))
    elif fmt == "csv":
        text = to_csv(remind.rows(chased), remind.COLUMNS, bom)
    else:
        text = remind.notices(chased, as_of, settings.org, settings.stale_days, days, returned)
        if settings.sample:  # never to be sent as a real notice
            text = "【示例数据】以下通知由示例进度生成，不是真实进度，请勿发送。\n\n" + text
    emit(text, output, force=force, quiet=quiet)



def _returned(ws: Workspace, book: Book, evaluated: Sequence[Progress]) -> dict[str, str]:
    """The items whose 已完成 the office sent back, with its reason."""
    from ftz_cli.commands.closure import states

    return {item_id: c.returned.note for item_id, c in states(ws, book, evaluated).items()
            if c.returned is not None}
