"""What people type in Chinese, as the codes ftz uses: statuses and lights, kinds, and an
item named by its title (or part of it) instead of its id."""

from __future__ import annotations

import difflib
import unicodedata

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.model import KIND_LABELS, Item, Plan

__all__ = ["STATUS_ALIASES", "by_title", "kind_code", "matching_items", "suggest_ids"]

# words that stand for several statuses: 逾期 for every overdue item, and each light
# (red is 严重滞后 and 逾期; grey is 未报送 and 未开始)
STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    "逾期": ("overdue",), "绿灯": ("on_track",), "黄灯": ("behind",),
    "红灯": ("severely_behind", "overdue"), "灰灯": ("no_data", "not_started"),
    "待认定": ("awaiting_verdict",), "已转入": ("carried",),
}
KIND_ALIASES = {label: kind for kind, label in KIND_LABELS.items()}


def kind_code(given: str | None) -> str | None:
    """--kind as a kind code: 年度累计 → flow; anything else as typed, spaces aside."""
    return None if given is None else KIND_ALIASES.get(given.strip(), given.strip())


def matching_items(plan: Plan, text: str, partial: bool = True) -> list[Item]:
    """The items ``text`` names when it is not an id: the one whose title is exactly it, else
    (``partial``) those whose title or metric contains it."""
    wanted = text.strip()
    if not wanted or wanted in plan.items_by_id:
        return []
    exact = [item for item in plan.items if item.title == wanted]
    if exact or not partial:
        return exact
    return [item for item in plan.items if wanted in item.title or (item.metric and wanted in item.metric)]


def by_title(plan: Plan, text: str, partial: bool = True) -> tuple[Item | None, Diagnostic | None]:
    """The one item whose title (or, ``partial``, part of it) is ``text``; E217 listing them
    when several are."""
    found = matching_items(plan, text, partial)
    if len(found) <= 1:
        return (found[0] if found else None), None
    listed = "；".join(f"{item.id}（{item.title}）" for item in found[:8])
    return None, Diagnostic("E217", f"“{text}”对应 {len(found)} 个事项，请用编号指明是哪一个",
                            hint=listed + ("……" if len(found) > 8 else ""))


def suggest_ids(plan: Plan, wrong: str) -> str:
    """E201's hint: the items whose title ``wrong`` is part of (a file names an item by its id
    or whole title, where ``update`` also takes part of one), else the ids close to it."""
    if named := matching_items(plan, wrong):
        listed = "；".join(f"{item.id}（{item.title}）" for item in named[:3])
        return f"“{wrong.strip()}”是事项名称的一部分：{listed}{'……' if len(named) > 3 else ''}。请填写指标编号或完整的名称。"
    key = unicodedata.normalize("NFKC", wrong).casefold().strip()  # Caps Lock, full width: ＴＲＡＤＥ．…
    close = [key] if key in plan.items_by_id else difflib.get_close_matches(key, list(plan.items_by_id), n=3, cutoff=0.5)
    if close:
        return "是不是：" + "、".join(close) + "？用 ftz list 可查看所有编号。"
    return "用 ftz list 可查看所有指标编号。"
