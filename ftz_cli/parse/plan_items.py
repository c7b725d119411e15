"""Items, the trackable entries of the plan: checked field by field, then built."""

from __future__ import annotations

import re
from typing import Any

from ftz_cli.core.model import (
    COMPARATORS,
    HORIZONS,
    INFERABLE,
    KINDS,
    LOWER_IS_BETTER,
    QUANTITATIVE,
    Baseline,
    Item,
    Source,
)
from ftz_cli.parse.plan_context import PlanContext
from ftz_cli.parse.plan_fields import BASELINE, ITEM, QUANT_FIELDS, QUANT_ONLY, squash
from ftz_cli.parse.ytree import YMap

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"20\d\d")  # a plan's own year: 2022


def _quantities(ctx: PlanContext, raw: YMap, got: dict[str, Any]) -> bool:
    """A numeric target's metric, unit, comparator and target: present and valid."""
    ok = True
    for key in QUANT_FIELDS:
        if key == "target" and got["growth"] is not None:
            continue  # 增长10%: the target follows from the baseline
        if got[key] is None and key not in raw:
            ctx.check.at("E112", (raw.line, raw.column),
                         f"数量型指标“{got['id']}”缺少必填字段“{key}”")
            ok = False
    if got["unit"] is not None and not ctx.unit(raw, got["unit"]):
        ok = False
    if got["comparator"] is not None and got["comparator"] not in COMPARATORS:
        ctx.check.at("E118", raw.value_pos.get("comparator"), f"未知的比较方式“{got['comparator']}”",
                     "“超/突破”写 \">\"，“以上/达到”写 \">=\"，“以内/不超过”写 \"<=\"，“低于”写 \"<\"。")
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


def _measured_from(ctx: PlanContext, raw: YMap, got: dict[str, Any], baseline: Baseline | None
                   ) -> float | None:
    """The target of a growth or lower-is-better item, checked against its baseline (None: wrong)."""
    target, growth, comparator = got["target"], got["growth"], got["comparator"]
    if growth is not None:
        if baseline is None:
            ctx.check.at("E140", raw.key_pos.get("growth"), f"增减目标“{got['id']}”缺少基数 baseline",
                         "写明基数，例如 baseline: {value: 3500, date: 2021-12-31}；没有基数时，"
                         "把增速本身作为目标：unit: \"%\"，target: 10，并删去 growth。")
            return None
        if (growth > 0) != (comparator in (">", ">=")) or growth == 0:
            ctx.check.at("E142", raw.value_pos.get("growth"), f"增减幅度 {growth:g}% 与比较方式“{comparator}”方向不一致",
                         "增长（growth 为正）用 \">=\" 或 \">\"，下降（growth 为负）用 \"<=\" 或 \"<\"。")
            return None
        wanted: float = round(baseline.value * (1 + float(growth) / 100), 6)
        if target is not None and abs(float(target) - wanted) > 1e-6 * max(abs(wanted), 1.0):
            ctx.check.at("E143", raw.value_pos.get("target"),
                         f"目标值 {float(target):g} 与基数 {baseline.value:g} 按 {growth:g}% 算出的 {wanted:g} 不符",
                         "删去 target（由基数和 growth 算出），或改正其中之一。")
            return None
        return wanted
    if comparator in LOWER_IS_BETTER and baseline is not None and target is not None \
            and baseline.value <= target:
        ctx.check.at("E141", raw.key_pos.get("baseline"),
                     f"越低越好的目标“{got['id']}”基数 {baseline.value:g} 不高于目标值 {float(target):g}",
                     "基数是压缩、下降之前的数值，应高于目标值；请检查两个数是否写反。")
        return None
    return float(target) if target is not None else None


def _baseline(ctx: PlanContext, raw: YMap, value: Any) -> tuple[bool, Baseline | None]:
    if value is None:
        return True, None
    b = ctx.check.fields(value, BASELINE, "基数", raw.value_pos.get("baseline"))
    if b is None:
        return False, None
    return True, Baseline(float(b["value"]), b["date"], b["note"] or "")


def _wording(ctx: PlanContext, raw: YMap, got: dict[str, Any], source: Source) -> bool:
    """The document's words for the target stand in the source sentence and give the target."""
    wording = got["wording"]
    # 增长10%: the words give the change, not the level it comes to
    target = abs(got["growth"]) if got["growth"] is not None else got["target"]
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
    if got["horizon"] not in HORIZONS and not _YEAR.fullmatch(got["horizon"]):
        ctx.check.at("E124", raw.value_pos.get("horizon"), f"未知的目标期限“{got['horizon']}”",
                     "可用的期限：" + "、".join(HORIZONS) + "，或一个年份（如 2022）")
        return False
    return True


def item(ctx: PlanContext, raw: Any, pos: tuple[int, int]) -> Item | None:
    got = ctx.check.fields(raw, ITEM, "事项", pos)
    if got is None or not ctx.new_id(raw, got["id"]):
        return None
    source = ctx.source(raw, f"事项“{got['id']}”", carried=got["carried_from"] is not None)
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
    target = _measured_from(ctx, raw, got, baseline) if ok and baseline_ok else None
    inferred = ctx.inferred(raw, got["inferred"], tuple(INFERABLE))
    if not ok or not baseline_ok or inferred is None or source is None or (
            got["kind"] in QUANTITATIVE and target is None):
        return None
    return Item(got["id"], got["area"], got["kind"], got["title"], got["horizon"], got["start"],
                got["deadline"], source, got["metric"] or "", got["unit"] or "",
                got["comparator"] or "", target, baseline, got["parent"], got["note"] or "",
                wording=got["wording"] or "", outcome=got["outcome"], inferred=inferred,
                growth=got["growth"], ongoing=bool(got["ongoing"]), carried_from=got["carried_from"])
