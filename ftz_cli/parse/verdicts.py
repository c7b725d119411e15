"""Checking the office's verdict on a goal due (认定): what a verdict record may say.

A qualitative goal not 已完成 at its deadline is 到期待认定 until the office judges it
(domain.md, "Status lights"): 已完成, 未完成, or — for a campaign item — 转入年度任务, carried
into the annual item it belongs to. The verdict is a record of the update files like any
other (``verdict``, ``carried_into``; its reason is the record's ``note``), checked here."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ftz_cli.core.errors import Diagnostic
from ftz_cli.core.model import VERDICTS, Item, Plan
from ftz_cli.parse.dates import cn_date

if TYPE_CHECKING:
    from ftz_cli.parse.records import Raw

CAMPAIGN = "campaign-2"  # the horizon of the second 百日攻坚's items
# what people write for each verdict, as its code
VERDICT_ALIASES = {
    "已完成": "done", "完成": "done", "done": "done",
    "未完成": "not_done", "not_done": "not_done", "not done": "not_done",
    "转入年度任务": "carried", "转入": "carried", "carried": "carried",
}
_HINT = "认定结果写 " + "、".join(VERDICTS.values()) + "（转入年度任务须写明转入的年度事项编号）。"


def text(value: object) -> str:
    return "" if value is None else str(value).strip()


def verdict_of(raw: Raw, item: Item, plan: Plan, day: dt.date | None) -> tuple[str, str, list[Diagnostic]]:
    """The verdict's code and the item it is carried into, and the problems that stop it
    (E260–E267); ``day`` is the record's date, when it has one."""
    fields = raw.fields
    word, into = text(fields.get("verdict")), text(fields.get("carried_into"))
    code = VERDICT_ALIASES.get(word.lower(), "")
    problems: list[Diagnostic] = []
    if item.kind != "qualitative":
        problems.append(raw.at("verdict", "E260", f"“{item.title}”不是定性目标，不需要认定",
                               "节点和数量型指标是否完成按报送的状态或数值计算；请录入进度。"))
    if text(fields.get("value")) or text(fields.get("status")):
        problems.append(raw.at("verdict", "E261", "认定记录不能同时填数值或状态",
                               "认定单独录一条：ftz verdict 编号 --done 或 --not-done --reason 理由。"))
    if not code:
        problems.append(raw.at("verdict", "E262", f"未知的认定结果“{word}”", _HINT))
    elif (code == "carried") != bool(into):
        problems.append(raw.at("carried_into" if into else "verdict", "E263",
                               "转入年度任务须写明转入的年度事项" if code == "carried"
                               else "只有“转入年度任务”才写转入的事项", _HINT))
    elif code == "carried":
        problems.extend(_carried(raw, item, plan, into))
    if not text(fields.get("note")):
        problems.append(raw.at("note", "E266", "认定须写明理由",
                               "用 --reason 写明认定的依据，如“经专班核实，已于12月20日正式运行”。"))
    if day is not None and day < item.deadline:
        problems.append(raw.at("date", "E267", f"“{item.title}”的完成时限是{cn_date(item.deadline)}，"
                               f"{cn_date(day)}还未到期，不能认定", "到期后（含到期当日）再认定；到期前请录入进度。"))
    return code, into, problems


def _carried(raw: Raw, item: Item, plan: Plan, into: str) -> list[Diagnostic]:
    """A campaign item carried into an annual item that exists."""
    target = plan.items_by_id.get(into)
    problems: list[Diagnostic] = []
    if item.horizon != CAMPAIGN:
        problems.append(raw.at("verdict", "E265", f"“{item.title}”不是百日攻坚事项，不能转入年度任务",
                               "年度目标到期未完成，认定为已完成或未完成。"))
    if target is None or target.horizon == CAMPAIGN or target.id == item.id:
        problems.append(raw.at("carried_into", "E264", f"转入的事项“{into}”不是计划中的年度事项",
                               "写年度事项的编号（用 ftz list --area 专班 查看），不能是百日攻坚事项本身。"))
    return problems
