"""Shell completion: item ids and area names from the workspace's plan."""

from __future__ import annotations

from typing import Any

from ftz_cli.core.model import Plan


def _plan(ctx: Any) -> Plan | None:
    from ftz_cli.store.load import load_plan
    from ftz_cli.store.workspace import find

    try:
        root = ctx.find_root()
        plan, _, _ = load_plan(find(root.params.get("data")))
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return None
    return plan


def item_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Ids starting with what was typed, each with its title as the help text."""
    plan = _plan(ctx)
    if plan is None:
        return []
    return [(item.id, item.title) for item in plan.items if item.id.startswith(incomplete)]


def area_names(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    plan = _plan(ctx)
    if plan is None:
        return []
    return [(area.id, area.name) for area in plan.areas
            if area.id.startswith(incomplete) or area.name.startswith(incomplete)]
