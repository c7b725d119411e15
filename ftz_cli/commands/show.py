"""``ftz show``: one item, its source, history and status."""

from __future__ import annotations

import datetime as dt

from ftz_cli.commands.output import SAMPLE_NOTE, emit, say
from ftz_cli.parse.dates import today
from ftz_cli.store.load import loaded_or_fail
from ftz_cli.store.workspace import Workspace
from ftz_cli.views.show import show


def run(ws: Workspace, item_id: str, *, as_of: dt.date, fmt: str, quiet: bool = False) -> None:
    from ftz_cli.core.errors import FtzError
    from ftz_cli.parse.records import by_title

    loaded = loaded_or_fail(ws, today())
    if item_id not in loaded.plan.items_by_id:
        item, several = by_title(loaded.plan, item_id)  # ftz show 进出口额
        if several is not None:
            raise FtzError(several)
        item_id = item.id if item is not None else item_id
    from ftz_cli.commands.closure import states
    from ftz_cli.core.snapshot import snapshot

    closed = states(ws, loaded.book, [snapshot(loaded.book, as_of).get(item_id)]) \
        if item_id in loaded.plan.items_by_id else {}
    text = show(loaded.book, item_id, as_of, fmt, closed)
    if fmt == "text" and ws.settings.sample:
        text = "【示例数据】以下进度是 ftz init --example 生成的示例，不是真实进度。\n" + text
    emit(text, people=fmt == "text")
    if fmt == "json" and ws.settings.sample:
        say(SAMPLE_NOTE, quiet)
