"""The plan file: checked field by field, then built into a frozen ``Plan``.

The field tables are in ``plan_fields``, the shared checks in ``plan_context``, items in
``plan_items`` and the other sections in ``plan_sections``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ftz_cli.core.errors import Diagnostic, has_errors
from ftz_cli.core.model import Plan
from ftz_cli.core.units import check_assignments
from ftz_cli.parse import plan_sections as sections
from ftz_cli.parse.plan_context import PlanContext
from ftz_cli.parse.plan_fields import DOCUMENT, PROGRAMME, TOP
from ftz_cli.parse.plan_items import item
from ftz_cli.parse.units import read_units
from ftz_cli.parse.ytree import YMap

__all__ = ["build_plan", "read_plan"]

Section = Callable[[PlanContext, Any, tuple[int, int]], Any]
# In this order: areas need speakers, entries need areas, links are checked at the end.
SECTIONS: tuple[tuple[str, Section], ...] = (
    ("areas", sections.area), ("campaigns", sections.campaign), ("zones", sections.zone),
    ("groups", sections.group), ("events", sections.event), ("items", item),
    ("achievements", sections.achievement), ("problems", sections.problem))


def _top(ctx: PlanContext, tree: Any) -> dict[str, Any] | None:
    """The top-level fields, or None when the file is not a mapping at all."""
    top = ctx.check.fields(tree, TOP, "计划文件", (1, 1))
    if top is None:
        if not isinstance(tree, YMap):
            return None
        top = {k: (tree.get(k) if k in tree else None) for k in TOP}
    if top["schema"] not in (None, 1):
        ctx.check.at("E124", tree.value_pos.get("schema"), f"不支持的 schema 版本 {top['schema']}",
                     "本版本的 ftz 读取 schema: 1。")
    return top


def _programme(ctx: PlanContext, tree: YMap, raw: Any) -> tuple[dict[str, Any] | None, str]:
    """The programme's fields and its document's title."""
    programme = ctx.check.fields(raw, PROGRAMME, "programme", tree.value_pos.get("programme"))
    if programme is None:
        return None, ""
    doc = ctx.check.fields(programme["document"], DOCUMENT, "document",
                           raw.value_pos.get("document"))
    return programme, doc["title"] if doc else ""


def _collect(ctx: PlanContext, tree: YMap, top: dict[str, Any], key: str, make: Section
             ) -> tuple[Any, ...]:
    out: list[Any] = []

    def one(raw: Any, pos: tuple[int, int]) -> None:
        built = make(ctx, raw, pos)
        if built is not None:
            out.append(built)

    ctx.check.each(top[key], key, tree.value_pos.get(key), one)
    return tuple(out)


def read_plan(data: bytes | str, path: str, document: str | None = None
              ) -> tuple[Plan | None, list[Diagnostic]]:
    """A plan file — its bytes as read, or a text ftz made — read by the one YAML reader and
    built (``build_plan``): the Plan (None when it is unusable) and every problem found."""
    from ftz_cli.parse import yamlio

    text, problems = yamlio.decode(data, path) if isinstance(data, bytes) else (data, [])
    if text is None:
        return None, problems
    tree, problems = yamlio.load(text, path)
    if has_errors(problems):
        return None, problems
    plan, more = build_plan(tree, path, document)
    return plan, problems + more


def build_plan(tree: Any, path: str, document: str | None = None
               ) -> tuple[Plan | None, list[Diagnostic]]:
    """Check the parsed plan; return the Plan (None when there are errors) and diagnostics."""
    ctx = PlanContext(path, document)
    top = _top(ctx, tree)
    if top is None:
        return None, ctx.check.diagnostics
    programme, document_title = _programme(ctx, tree, top["programme"])
    sections.speakers(ctx, top["speakers"])
    built = {key: _collect(ctx, tree, top, key, make) for key, make in SECTIONS}
    ctx.check_parents()
    ctx.check_outcomes()
    units = read_units(top["units"], ctx.check, tree.value_pos.get("units"))
    diagnostics = ctx.check.diagnostics
    if any(d.severity == "error" for d in diagnostics) or programme is None:
        return None, diagnostics
    items = built["items"]
    plan = Plan(programme["name"], programme["short_name"], programme["began"], document_title,
                dict(ctx.speakers), built["areas"], built["campaigns"], built["zones"],
                built["groups"], built["events"], items, built["achievements"],
                built["problems"], {i.id: i for i in items}, units)
    more = check_assignments(plan, units, path)  # a drafted plan's own units: named ids only
    return (None if has_errors(more) else plan), diagnostics + more
