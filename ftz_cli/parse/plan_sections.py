"""The plan's sections other than items: each entry checked, then built (None on errors)."""

from __future__ import annotations

from typing import Any

from ftz_cli.core.model import (
    COMPARATORS,
    Achievement,
    Area,
    Campaign,
    Design,
    DesignPart,
    Event,
    Figure,
    Group,
    Problem,
    Speaker,
    Zone,
)
from ftz_cli.parse.plan_context import PlanContext, Pos
from ftz_cli.parse.plan_fields import (
    ACHIEVEMENT,
    AREA,
    CAMPAIGN,
    DESIGN,
    EVENT,
    FIGURE,
    GROUP,
    PART,
    PROBLEM,
    SPEAKER,
    TERMS,
    ZONE,
)
from ftz_cli.parse.ytree import YMap


def speakers(ctx: PlanContext, raw: Any) -> None:
    if not isinstance(raw, YMap):
        return
    for key, value in raw.items():
        got = ctx.check.fields(value, SPEAKER, f"发言人“{key}”", raw.value_pos.get(key))
        if got is not None:
            ctx.speakers[str(key)] = Speaker(str(key), got["name"], got["title"], got["speech"])


def _design(ctx: PlanContext, raw: YMap) -> Design | None:
    d = ctx.check.fields(raw["design"], DESIGN, "顶层设计", raw.value_pos.get("design"))
    if d is None:
        return None
    parts: list[DesignPart] = []

    def part(entry: Any, pos: tuple[int, int]) -> None:
        got = ctx.check.fields(entry, PART, "顶层设计的组成", pos)
        if got is not None:
            parts.append(DesignPart(got["key"], got["text"]))

    ctx.check.each(d["parts"], "parts", None, part)
    return Design(d["code"], tuple(parts))


def area(ctx: PlanContext, raw: Any, pos: tuple[int, int]) -> Area | None:
    got = ctx.check.fields(raw, AREA, "领域", pos)
    if got is None:
        return None
    assert isinstance(raw, YMap)
    if got["id"] in ctx.area_ids:
        ctx.check.at("E114", raw.value_pos.get("id"), f"领域编号“{got['id']}”重复")
        return None
    ctx.area_ids.add(got["id"])
    lead = None
    if got["lead"] is not None:
        lead = ctx.speakers.get(got["lead"])
        if lead is None:
            ctx.check.at("E123", raw.value_pos.get("lead"), f"未知的发言人“{got['lead']}”",
                         "可用的发言人：" + "、".join(ctx.speakers))
    design = _design(ctx, raw) if got["design"] is not None else None
    return Area(got["id"], got["name"], got["team"], lead, design, got["note"] or "")


def campaign(ctx: PlanContext, raw: Any, pos: tuple[int, int]) -> Campaign | None:
    got = ctx.check.fields(raw, CAMPAIGN, "攻坚行动", pos)
    if got is None or not ctx.new_id(raw, got["id"]):
        return None
    inferred = ctx.inferred(raw, got["inferred"], ("start", "end"))
    if not ctx.start_deadline(raw, got["start"], got["end"], "end") or inferred is None:
        return None
    return Campaign(got["id"], got["name"], got["start"], got["end"], got["note"] or "",
                    inferred)


def zone(ctx: PlanContext, raw: Any, pos: tuple[int, int]) -> Zone | None:
    got = ctx.check.fields(raw, ZONE, "区域范围", pos)
    if got is None or not ctx.new_id(raw, got["id"]):
        return None
    source = ctx.source(raw, "区域范围")
    if not ctx.unit(raw, got["unit"]) or source is None:
        return None
    return Zone(got["id"], got["name"], float(got["value"]), got["unit"], source, got["note"] or "")


def group(ctx: PlanContext, raw: Any, pos: tuple[int, int]) -> Group | None:
    got = ctx.check.fields(raw, GROUP, "分组", pos)
    if got is None or not ctx.new_id(raw, got["id"]):
        return None
    source = ctx.source(raw, "分组")
    ctx.group_parent[got["id"]] = got["parent"]
    ctx.parent(raw, got["id"], got["parent"])
    if not ctx.area(raw, got["area"]) or source is None:
        return None
    return Group(got["id"], got["area"], got["title"], source, got["parent"], got["deadline"],
                 got["note"] or "")


def event(ctx: PlanContext, raw: Any, pos: tuple[int, int]) -> Event | None:
    got = ctx.check.fields(raw, EVENT, "事件", pos)
    if got is None or not ctx.new_id(raw, got["id"]):
        return None
    source = ctx.source(raw, "事件")
    if source is None:
        return None
    return Event(got["id"], got["date"], got["title"], source, got["note"] or "")


def _figure(ctx: PlanContext, entry: Any, pos: Pos) -> Figure | None:
    f = ctx.check.fields(entry, FIGURE, "数据", pos)
    if f is None or not ctx.unit(entry, f["unit"]):
        return None
    comparator = f["comparator"] or "="
    if comparator not in ("=", *COMPARATORS):
        ctx.check.at("E118", entry.value_pos.get("comparator"), f"未知的比较方式“{comparator}”",
                     "可用：=、>、>=")
        return None
    return Figure(f["label"], float(f["value"]), f["unit"], comparator)


def achievement(ctx: PlanContext, raw: Any, pos: tuple[int, int]) -> Achievement | None:
    got = ctx.check.fields(raw, ACHIEVEMENT, "成效", pos)
    if got is None or not ctx.new_id(raw, got["id"]):
        return None
    source = ctx.source(raw, f"成效“{got['id']}”")
    ctx.parent(raw, got["id"], got["parent"])
    ok = ctx.area(raw, got["area"]) and source is not None
    figures: list[Figure | None] = []
    ctx.check.each(got["figures"], "figures", raw.value_pos.get("figures"),
                   lambda entry, fpos: figures.append(_figure(ctx, entry, fpos)))
    if not ok or source is None or None in figures:
        return None
    return Achievement(got["id"], got["area"], got["title"], got["as_of"],
                       tuple(f for f in figures if f is not None), source, got["parent"],
                       got["note"] or "")


def problem(ctx: PlanContext, raw: Any, pos: tuple[int, int]) -> Problem | None:
    got = ctx.check.fields(raw, PROBLEM, "存在问题", pos)
    if got is None or not ctx.new_id(raw, got["id"]):
        return None
    source = ctx.source(raw, "存在问题")
    ok = ctx.area(raw, got["area"]) and source is not None
    if got["term"] not in TERMS:
        ctx.check.at("E124", raw.value_pos.get("term"), f"未知的期限“{got['term']}”",
                     "可用：近期、中长期")
        ok = False
    if not ok or source is None:
        return None
    return Problem(got["id"], got["area"], got["title"], got["term"], source, got["note"] or "")
