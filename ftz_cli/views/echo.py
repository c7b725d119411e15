"""What ``ftz update`` and ``ftz import`` say back: each record and where its item now stands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ftz_cli.core.model import Update
from ftz_cli.core.status import Progress, evaluate, histories
from ftz_cli.parse.dates import cn_date
from ftz_cli.parse.values import clean_number
from ftz_cli.store.updates import Loaded, as_json
from ftz_cli.views.rows import percent, row


def _progress(loaded: Loaded, updates: Sequence[Update], today: dt.date) -> list[Progress]:
    by_item = histories([*loaded.updates, *updates])
    settings = loaded.workspace.settings
    # as of each record's own date: what the entered figure means for its item
    return [evaluate(loaded.plan.items_by_id[u.id], by_item[u.id], u.date, settings)
            for u in updates]


def summary_lines(loaded: Loaded, updates: Sequence[Update], today: dt.date) -> list[str]:
    lines = []
    for u, p in zip(updates, _progress(loaded, updates, today), strict=True):
        shown = f"{clean_number(u.value)}{p.item.unit}" if u.value is not None else u.status
        tail = f"完成率 {percent(p.completion)}，" if p.completion is not None else ""
        lines.append(f"{u.id}  {cn_date(u.date)}  {shown}{'（更正）' if u.replace else ''}"
                     f" → 截至当日{tail}时序进度 {percent(p.time_progress)}，{p.label}")
    return lines


def as_rows(loaded: Loaded, updates: Sequence[Update], today: dt.date) -> list[dict[str, Any]]:
    """JSON for scripts: each recorded update with its item's new progress."""
    out = []
    for u, p in zip(updates, _progress(loaded, updates, today), strict=True):
        fields = row(loaded.plan, p)
        out.append({**as_json(u), "completion": fields["completion"],
                    "time_progress": fields["time_progress"], "item_status": p.status,
                    "item_status_label": p.label})
    return out
