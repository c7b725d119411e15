"""The edges of the small core modules (units, names, characters, files, the issue log…), written
to kill what survived their mutation runs (docs/development.md, 变异测试): each test pins what a
user sees at a boundary, a name rule one character either way, a message word for word."""

from __future__ import annotations

import datetime as dt

import pytest

from ftz_cli.core.errors import Diagnostic, UsageProblem
from ftz_cli.core.model import Area, Group, Item, Plan, Source
from ftz_cli.core.units import Assignment, check_assignments, check_units, owners

D = dt.date
SRC = Source("", "测试", "测试")
YEAR = (D(2021, 1, 1), D(2021, 12, 31))
AREAS = (Area("trade", "贸易自由", "贸易自由专班", None), Area("money", "金融自由", "金融自由专班", None))


def _item(item_id: str, parent: str | None = None, area: str = "trade") -> Item:
    return Item(item_id, area, "milestone", f"事项{item_id}", "2021", *YEAR, SRC, parent=parent)


def _plan(items: tuple[Item, ...], groups: tuple[Group, ...] = ()) -> Plan:
    return Plan("测试", "测试", YEAR[0], "", {}, AREAS, (), (), groups, (), items, (), (),
                {i.id: i for i in items})


# --- core/units.py -------------------------------------------------------------------------


def test_a_unit_of_a_group_owns_every_item_under_it_however_deep():
    """A unit named on the outermost of 70 nested groups owns the item at the bottom, and on a
    group between them too: ownership climbs every parent, not just the first."""
    groups = tuple(Group(f"g{n}", "trade", f"分组{n}", SRC, parent=f"g{n - 1}" if n else None)
                   for n in range(70))
    plan = _plan((_item("deep", "g69"), _item("top", "g0"), _item("other", area="money")), groups)
    assigned = [Assignment("市商务局", "g0"), Assignment("义乌海关", "g35"), Assignment("市金融办", "money")]
    assert owners(plan, assigned) == {"deep": ("市商务局", "义乌海关"), "top": ("市商务局",),
                                      "other": ("市金融办",)}
    # in the order units: lists them, not the order they are found climbing
    assert owners(plan, assigned[::-1])["deep"] == ("义乌海关", "市商务局")


def test_an_unknown_unit_is_refused_naming_every_unit_and_team():
    plan = _plan((_item("a"),))
    with pytest.raises(UsageProblem) as refused:
        check_units(plan, [Assignment("市商务局", "a")], ["市商务局", "外星局"])
    assert refused.value.diagnostics == [Diagnostic(
        "E407", "未知的责任单位“外星局”", hint="可用的单位：市商务局、贸易自由专班、金融自由专班。"
        "单位在工作区的 ftz.yaml 的 units: 中设置；没有指定单位的事项由所在专班负责。")]


def test_an_entry_naming_nothing_of_the_plan_suggests_three_ids_at_most():
    plan = _plan(tuple(_item(f"trade.port-{n}") for n in range(1, 5)) + (_item("trade.zzz"),))
    found = check_assignments(plan, [Assignment("市商务局", "trade.port-9", 3, 7),
                                     Assignment("市商务局", "trade"), Assignment("海关", "贸易自由"),
                                     Assignment("海关", "完全无关的名字", 4, 7)], "ftz.yaml")
    tail = "写指标编号（ftz list 可查看）、分组编号或领域编号（如 trade），每个单位一个列表。"
    assert found == [
        Diagnostic("E216", "责任单位“市商务局”下的“trade.port-9”不是计划中的指标、分组或领域", "ftz.yaml", 3, 7,
                   "是不是：trade.port-4、trade.port-3、trade.port-2？" + tail),
        Diagnostic("E216", "责任单位“海关”下的“完全无关的名字”不是计划中的指标、分组或领域", "ftz.yaml", 4, 7, tail)]
