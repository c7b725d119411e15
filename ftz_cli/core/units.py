"""责任单位: which departments own which items, as the office assigns them in ``ftz.yaml``.

The document names only the 专班 and their leads; the office assigns units to items, to
groups of items (a design part, a window) or to whole areas::

    units:
      市商务局: [trade, capital.window.2]
      义乌海关: [trade.import-export-2021]

An item may have several units. An item no unit owns answers to its area's 专班.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ftz_cli.core.errors import Diagnostic, UsageProblem

if TYPE_CHECKING:  # every command reads the settings, which hold assignments: not the model
    from ftz_cli.core.model import Item, Plan

__all__ = ["Assignment", "check_assignments", "check_units", "known_units", "owners", "responsible",
           "unit_names"]


class Assignment(NamedTuple):
    """One entry under a unit in ``units:``: an item, group or area id (or an area's name)."""

    unit: str
    ref: str
    line: int | None = None
    column: int | None = None


def _ancestors(plan: Plan) -> dict[str, list[str]]:
    """Each item's id, its parents' ids (items or groups, up the chain) and its area's id and name."""
    parent: dict[str, str | None] = {g.id: g.parent for g in plan.groups}
    parent.update({i.id: i.parent for i in plan.items})
    found: dict[str, list[str]] = {}
    for item in plan.items:
        chain = [item.id]
        step = item.parent
        while step is not None and step not in chain:  # the plan refuses a cycle (E121): guard only
            chain.append(step)
            step = parent.get(step)
        area = plan.area(item.area)
        found[item.id] = [*chain, area.id, area.name]
    return found


def owners(plan: Plan, assignments: Sequence[Assignment]) -> dict[str, tuple[str, ...]]:
    """Item id → the units that own it, in the order ``units:`` names them (items no unit owns
    are left out)."""
    if not assignments:
        return {}
    by_ref: dict[str, list[str]] = {}
    for a in assignments:
        by_ref.setdefault(a.ref, []).append(a.unit)
    result: dict[str, tuple[str, ...]] = {}
    order = {name: n for n, name in enumerate(unit_names(assignments))}
    for item_id, refs in _ancestors(plan).items():
        units = {unit for ref in refs for unit in by_ref.get(ref, ())}
        if units:
            result[item_id] = tuple(sorted(units, key=order.__getitem__))
    return result


def unit_names(assignments: Iterable[Assignment]) -> tuple[str, ...]:
    """The units in the order ``units:`` lists them."""
    return tuple(dict.fromkeys(a.unit for a in assignments))


def known_units(plan: Plan, assignments: Sequence[Assignment]) -> list[str]:
    """The units of ``units:`` in order, then the 专班 (who answer for items no unit owns)."""
    order = list(unit_names(assignments))
    return order + [a.team for a in plan.areas if a.team not in order]


def check_units(plan: Plan, assignments: Sequence[Assignment], given: Iterable[str]) -> None:
    """Refuse a --unit that is neither a unit of ``units:`` nor a 专班 (exit 2)."""
    known = known_units(plan, assignments)
    for unit in given:
        if unit not in known:
            raise UsageProblem(f"未知的责任单位“{unit}”", hint="可用的单位：" + "、".join(known)
                               + "。单位在工作区的 ftz.yaml 的 units: 中设置；没有指定单位的事项由所在专班负责。")


def responsible(plan: Plan, assigned: Mapping[str, tuple[str, ...]], item: Item) -> tuple[str, ...]:
    """Who answers for ``item``: its units, else its area's 专班 (贸易自由专班)."""
    return assigned.get(item.id) or (plan.area(item.area).team,)


def check_assignments(plan: Plan, assignments: Sequence[Assignment], path: str) -> list[Diagnostic]:
    """E216 for every entry that names no item, group or area of the plan."""
    import difflib

    known = set(plan.items_by_id) | {g.id for g in plan.groups}
    known |= {a.id for a in plan.areas} | {a.name for a in plan.areas}
    problems = []
    for a in assignments:
        if a.ref in known:
            continue
        close = difflib.get_close_matches(a.ref, sorted(known), n=3, cutoff=0.6)
        problems.append(Diagnostic(
            "E216", f"责任单位“{a.unit}”下的“{a.ref}”不是计划中的指标、分组或领域", path, a.line,
            a.column, ("是不是：" + "、".join(close) + "？" if close else "")
            + "写指标编号（ftz list 可查看）、分组编号或领域编号（如 trade），每个单位一个列表。"))
    return problems
