"""What people type in Chinese, as the codes ftz uses: statuses and lights, kinds, and an
item named by its title (or part of it) instead of its id."""

from __future__ import annotations

from ftz_cli.core.model import KIND_LABELS, Item, Plan

__all__ = ["STATUS_ALIASES", "kind_code", "matching_items"]

# words that stand for several statuses: 逾期 for every overdue item, and each light
# (red is 严重滞后 and 逾期; grey is 未报送 and 未开始)
STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    "逾期": ("overdue",), "绿灯": ("on_track",), "黄灯": ("behind",),
    "红灯": ("severely_behind", "overdue"), "灰灯": ("no_data", "not_started"),
    "待认定": ("awaiting_verdict",), "已转入": ("carried",),
}
KIND_ALIASES = {label: kind for kind, label in KIND_LABELS.items()}


def kind_code(given: str | None) -> str | None:
    """--kind as a kind code: 年度累计 → flow; anything else unchanged."""
    return None if given is None else KIND_ALIASES.get(given.strip(), given)


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
