"""What people type in Chinese, as the codes ftz uses: statuses and lights, kinds, and an
item named by its title (or part of it) instead of its id."""

from __future__ import annotations

from collections.abc import Iterable

from ftz_cli.core.model import KIND_LABELS, Item, Plan

__all__ = ["kind_code", "matching_items", "status_codes"]

# a light stands for every status shown in its colour
STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    "已完成": ("done",), "正常推进": ("on_track",), "进度滞后": ("behind",),
    "严重滞后": ("severely_behind",), "逾期未完成": ("overdue",), "逾期未报送": ("overdue",), "逾期": ("overdue",),
    "逾期完成": ("done",),
    "未报送": ("no_data",), "未开始": ("not_started",),
    "绿灯": ("on_track",), "黄灯": ("behind",), "红灯": ("severely_behind", "overdue"),
    "灰灯": ("no_data", "not_started"),
}
KIND_ALIASES = {label: kind for kind, label in KIND_LABELS.items()}


def status_codes(given: Iterable[str]) -> list[str]:
    """--status values as status codes (红灯 → severely_behind, overdue); unknown ones kept,
    for the filter check to name."""
    found: list[str] = []
    for value in given:
        found.extend(STATUS_ALIASES.get(value.strip(), (value,)))
    return list(dict.fromkeys(found))


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
