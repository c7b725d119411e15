"""Choosing items: the ``--area``, ``--kind`` and ``--status`` filters, checked in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ftz_cli.core.aliases import STATUS_ALIASES, kind_code, status_codes
from ftz_cli.core.errors import UsageProblem
from ftz_cli.core.model import KIND_LABELS, KINDS, Plan
from ftz_cli.core.snapshot import Book, snapshot
from ftz_cli.core.status import STATUSES, Progress


def check_filters(plan: Plan, areas: Sequence[str], kind: str | None,
                  statuses: Sequence[str] = ()) -> None:
    known = {a.id for a in plan.areas} | {a.name for a in plan.areas}
    for area in areas:
        if area not in known:
            raise UsageProblem(f"未知的领域“{area}”",
                               hint="可用的领域：" + "、".join(a.id for a in plan.areas))
    if kind is not None and kind not in KINDS:
        raise UsageProblem(f"未知的类型“{kind}”", hint="可用的类型：" + "、".join(KINDS)
                           + "，或写中文：" + "、".join(KIND_LABELS.values()))
    for status in statuses:
        if status not in STATUSES:
            raise UsageProblem(f"未知的状态“{status}”", hint="可用的状态：" + "、".join(STATUSES)
                               + "，或写中文：" + "、".join(STATUS_ALIASES))


def area_ids(plan: Plan, areas: Sequence[str]) -> set[str] | None:
    """The ids of the areas named (by id or name); None, meaning all, when none is named."""
    check_filters(plan, areas, None)
    if not areas:
        return None
    wanted = set(areas)
    return {a.id for a in plan.areas if a.id in wanted or a.name in wanted}


def progress(book: Book, as_of: dt.date, areas: Sequence[str] = (),
             kind: str | None = None, statuses: Sequence[str] = ()) -> tuple[Progress, ...]:
    """Every trackable item (filtered) with its status on ``as_of``, in plan order."""
    statuses, kind = status_codes(statuses), kind_code(kind)  # 红灯, 年度累计 as people type them
    check_filters(book.plan, areas, kind, statuses)
    return snapshot(book, as_of).select(area_ids(book.plan, areas), kind, statuses)
