"""Choosing items: the ``--area``, ``--kind`` and ``--status`` filters, checked in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from ftz_cli.core.aliases import STATUS_ALIASES, kind_code
from ftz_cli.core.errors import UsageProblem
from ftz_cli.core.model import KIND_LABELS, KINDS, Area, Plan
from ftz_cli.core.snapshot import Book, snapshot
from ftz_cli.core.status import CHECK_MARK, STALE_MARK, STATUS_LABELS, STATUSES, SUBLABELS, Progress

# the labels that name one case of a status, matched exactly: 逾期未完成 is not 逾期未报送
# nor 今日到期未完成; 已完成 names every done item (逾期完成 is a mark on some of them)
_EXACT = frozenset({*SUBLABELS, STATUS_LABELS["overdue"]})
_BY_LABEL = {label: code for code, label in STATUS_LABELS.items()}


def area_names(area: Area) -> set[str]:
    """What ``--area`` may call an area: its id, its name, its 专班 with or without 专班, and
    the short name of the 5+2 teams (贸易 for 贸易自由)."""
    team = area.team.removesuffix("专班")
    return {area.id, area.name, area.team, team, area.name.removesuffix("自由"), team.removesuffix("自由")} - {""}


def check_filters(plan: Plan, areas: Sequence[str], kind: str | None,
                  statuses: Sequence[str] = ()) -> None:
    for area in areas:
        if not any(area.strip() in area_names(a) for a in plan.areas):
            raise UsageProblem(f"未知的领域“{area}”", hint="可用的领域：" + "、".join(
                f"{a.id}（{a.name}、{a.team}）" for a in plan.areas))
    if kind is not None and kind not in KINDS:
        raise UsageProblem(f"未知的类型“{kind}”", hint="可用的类型：" + "、".join(KINDS)
                           + "，或写中文：" + "、".join(KIND_LABELS.values()))
    for status in statuses:
        status_test(status)


def status_test(word: str) -> Callable[[Progress], bool]:
    """Whether an item is in the ``--status`` named: a code, a label (exactly: 逾期未报送 is
    not 逾期未完成), a mark (超期未更新, 待核实), or a light (红灯: 严重滞后 and 逾期)."""
    word = word.strip()
    if word in STATUSES:
        return lambda p: p.status == word
    if word in _EXACT:
        return lambda p: p.label == word
    if word == STALE_MARK:
        return lambda p: p.stale
    if word == CHECK_MARK:
        return lambda p: p.needs_check
    codes = STATUS_ALIASES.get(word) or ((_BY_LABEL[word],) if word in _BY_LABEL else ())
    if not codes:
        raise UsageProblem(f"未知的状态“{word}”", hint="可用的状态：" + "、".join(STATUSES) + "，或写中文："
                           + "、".join(dict.fromkeys([*STATUS_LABELS.values(), *SUBLABELS, STALE_MARK, CHECK_MARK,
                                                      *STATUS_ALIASES])))
    return lambda p: p.status in codes


def area_ids(plan: Plan, areas: Sequence[str]) -> set[str] | None:
    """The ids of the areas named (see ``area_names``); None, meaning all, when none is named."""
    check_filters(plan, areas, None)
    if not areas:
        return None
    wanted = {a.strip() for a in areas}
    return {a.id for a in plan.areas if wanted & area_names(a)}


def progress(book: Book, as_of: dt.date, areas: Sequence[str] = (),
             kind: str | None = None, statuses: Sequence[str] = ()) -> tuple[Progress, ...]:
    """Every trackable item (filtered) with its status on ``as_of``, in plan order; an item is
    kept when it is in any of ``statuses``."""
    kind = kind_code(kind)  # 年度累计 as people type it
    check_filters(book.plan, areas, kind, statuses)
    tests = [status_test(s) for s in statuses]
    chosen = snapshot(book, as_of).select(area_ids(book.plan, areas), kind)
    return tuple(p for p in chosen if not tests or any(test(p) for test in tests))
