"""Items, the trackable entries of the plan: checked field by field, then built."""

from __future__ import annotations

import re
from typing import Any

from ftz_cli.core.model import COMPARATORS, HORIZONS, KINDS, QUANTITATIVE, Baseline, Item, Source
from ftz_cli.parse.plan_context import PlanContext
from ftz_cli.parse.plan_fields import BASELINE, ITEM, QUANT_FIELDS, QUANT_ONLY, squash
from ftz_cli.parse.ytree import YMap

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _quantities(ctx: PlanContext, raw: YMap, got: dict[str, Any]) -> bool:
    """A numeric target's metric, unit, comparator and target: present and valid."""
    ok = True
    for key in QUANT_FIELDS:
        if got[key] is None and key not in raw:
            ctx.check.at("E112", (raw.line, raw.column),
                         f"数量型指标“{got['id']}”缺少必填字段“{key}”")
            ok = False
    if got["unit"] is not None and not ctx.unit(raw, got["unit"]):
        ok = False
    if got["comparator"] is not None and got["comparator"] not in COMPARATORS:
        ctx.check.at("E118", raw.value_pos.get("comparator"), f"未知的比较方式“{got['comparator']}”",
                     "“超/突破”写 \">\"，“以上/达到”写 \">=\"。")
        ok = False
    if got["target"] is not None and got["target"] <= 0:
        ctx.check.at("E124", raw.value_pos.get("target"), "目标值应大于 0")
        ok = False
    return ok


def _no_quantities(ctx: PlanContext, raw: YMap, got: dict[str, Any]) -> bool:
    """A milestone or goal has none of a numeric target's fields."""
    ok = True
    for key in QUANT_ONLY:
        if got[key] is not None:
            ctx.check.at("E124", raw.key_pos.get(key), f"{got['kind']} 类事项不应有字段“{key}”",
                         "只有 flow、level、count 类指标有单位、目标值、原文表述和基数。")
            ok = False
    return ok


def _baseline(ctx: PlanContext, raw: YMap, value: Any) -> tuple[bool, Baseline | None]:
    if value is None:
        return True, None
    b = ctx.check.fields(value, BASELINE, "基数", raw.value_pos.get("baseline"))
    if b is None:
        return False, None
    return True, Baseline(float(b["value"]), b["date"], b["note"] or "")


def _wording(ctx: PlanContext, raw: YMap, got: dict[str, Any], source: Source) -> bool:
    """The document's words for the target stand in the source sentence and give the target."""
    wording, target = got["wording"], got["target"]
    if wording is None or target is None:
        return True
    numbers = {float(n) for n in _NUMBER.findall(wording)}
    if squash(wording) not in squash(source.text):
        problem = "不在本条的来源原文中"
    elif float(target) not in numbers:
        problem = f"中没有目标值 {float(target):g}"
    else:
        return True
    ctx.check.at("E128", raw.value_pos.get("wording"), f"原文表述“{wording}”{problem}",
                 "wording 从来源原文中逐字摘取写目标值的那几个字，例如“超3500亿元”“建设5组”。")
    return False


def _kind_and_horizon(ctx: PlanContext, raw: YMap, got: dict[str, Any]) -> bool | None:
    """None for an unknown kind (nothing more can be checked), else whether the horizon is known."""
    if got["kind"] not in KINDS:
        ctx.check.at("E116", raw.value_pos.get("kind"), f"未知的指标类型“{got['kind']}”",
                     "可用的类型：" + "、".join(KINDS))
        return None
    if got["horizon"] not in HORIZONS:
        ctx.check.at("E124", raw.value_pos.get("horizon"), f"未知的目标期限“{got['horizon']}”",
                     "可用的期限：" + "、".join(HORIZONS))
        return False
    return True


def item(ctx: PlanContext, raw: Any, pos: tuple[int, int]) -> Item | None:
    got = ctx.check.fields(raw, ITEM, "事项", pos)
    if got is None or not ctx.new_id(raw, got["id"]):
        return None
    source = ctx.source(raw, f"事项“{got['id']}”")
    ctx.parent(raw, got["id"], got["parent"])
    ctx.link_outcome(raw, got["id"], got["outcome"])
    ok = ctx.area(raw, got["area"]) and source is not None
    known = _kind_and_horizon(ctx, raw, got)
    if known is None:
        return None
    ok = ctx.start_deadline(raw, got["start"], got["deadline"], "deadline") and known and ok
    if got["kind"] in QUANTITATIVE:
        ok = _quantities(ctx, raw, got) and ok
        if ok and source is not None:
            ok = _wording(ctx, raw, got, source)
    else:
        ok = _no_quantities(ctx, raw, got) and ok
    baseline_ok, baseline = _baseline(ctx, raw, got["baseline"])
    inferred = ctx.inferred(raw, got["inferred"], ("start", "deadline"))
    if not ok or not baseline_ok or inferred is None or source is None:
        return None
    target = float(got["target"]) if got["target"] is not None else None
    return Item(got["id"], got["area"], got["kind"], got["title"], got["horizon"], got["start"],
                got["deadline"], source, got["metric"] or "", got["unit"] or "",
                got["comparator"] or "", target, baseline, got["parent"], got["note"] or "",
                wording=got["wording"] or "", outcome=got["outcome"], inferred=inferred)
