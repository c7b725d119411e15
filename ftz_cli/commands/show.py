"""``ftz show``: one item, its source, history and status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ftz_cli.commands.output import Text
from ftz_cli.parse.dates import today
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.show import show


@dataclass(frozen=True, slots=True)
class Request:
    """What ``ftz show`` is asked: one item (an id, or a title or part of one), as of a day."""

    workspace: Workspace
    item_id: str
    as_of: dt.date
    fmt: str = "text"


def run(request: Request) -> Text:
    """One item's page (nothing printed: ``output.render_text`` shows it)."""
    from ftz_cli.core.aliases import by_title
    from ftz_cli.core.errors import FtzError

    ws, item_id = request.workspace, request.item_id
    loaded = loaded_or_fail(ws, today())
    if item_id not in loaded.plan.items_by_id:
        item, several = by_title(loaded.plan, item_id)  # ftz show 进出口额
        if several is not None:
            raise FtzError(several)
        item_id = item.id if item is not None else item_id
    from ftz_cli.commands.closure import states
    from ftz_cli.core.snapshot import snapshot

    closed = states(ws, loaded.book, [snapshot(loaded.book, request.as_of).get(item_id)]) \
        if item_id in loaded.plan.items_by_id else {}
    text = show(loaded.book, item_id, request.as_of, request.fmt, closed)
    if request.fmt == "text" and ws.settings.sample:
        text = "【示例数据】以下进度是 ftz init --example 生成的示例，不是真实进度。\n" + text
    return Text(text, request.fmt == "text", ws.settings.sample)
