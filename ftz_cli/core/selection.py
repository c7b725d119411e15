"""The core operations behind the commands: load a workspace, evaluate, filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ftz_cli.core.errors import UsageProblem
from ftz_cli.core.model import KINDS, Plan
from ftz_cli.core.status import EMPTY, STATUSES, Progress, evaluate, histories
from ftz_cli.store.updates import Loaded


def check_filters(plan: Plan, areas: Sequence[str], kind: str | None,
                  statuses: Sequence[str] = ()) -> None:
    known = {a.id for a in plan.areas} | {a.name for a in plan.areas}
    for area in areas:
        if area not in known:
            raise UsageProblem(f"未知的领域“{area}”",
                               hint="可用的领域：" + "、".join(a.id for a in plan.areas))
    if kind is not None and kind not in KINDS:
        raise UsageProblem(f"未知的类型“{kind}”", hint="可用的类型：" + "、".join(KINDS))
    for status in statuses:
        if status not in STATUSES:
            raise UsageProblem(f"未知的状态“{status}”", hint="可用的状态：" + "、".join(STATUSES))


def area_ids(plan: Plan, areas: Sequence[str]) -> set[str]:
    wanted = set(areas)
    return {a.id for a in plan.areas if a.id in wanted or a.name in wanted}


def progress(loaded: Loaded, as_of: dt.date, areas: Sequence[str] = (),
             kind: str | None = None, statuses: Sequence[str] = ()) -> list[Progress]:
    """Every trackable item (filtered) with its status on ``as_of``, in plan order."""
    plan = loaded.plan
    check_filters(plan, areas, kind, statuses)
    chosen = area_ids(plan, areas) if areas else None
    settings = loaded.workspace.settings
    by_item = histories(loaded.updates)
    result = []
    for item in plan.items:
        if (chosen is not None and item.area not in chosen) or (kind and item.kind != kind):
            continue
        p = evaluate(item, by_item.get(item.id, EMPTY), as_of, settings)
        if not statuses or p.status in statuses:
            result.append(p)
    return result
