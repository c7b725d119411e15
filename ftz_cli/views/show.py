"""``ftz show``: one item, where the document says it, its history and its status."""

from __future__ import annotations

import datetime as dt

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.model import KIND_LABELS
from ftz_cli.core.status import EMPTY, evaluate, histories
from ftz_cli.parse.dates import cn_date
from ftz_cli.parse.records import suggest_ids
from ftz_cli.parse.values import clean_number
from ftz_cli.store.updates import Loaded, as_json
from ftz_cli.views.rows import percent, row, to_json


def show(loaded: Loaded, item_id: str, as_of: dt.date, fmt: str) -> str:
    plan = loaded.plan
    item = plan.items_by_id.get(item_id)
    if item is None:
        raise FtzError(Diagnostic("E201", f"未知的指标编号“{item_id}”", hint=suggest_ids(plan, item_id)))
    # its history up to the as-of date, by date; a correction follows the record it corrects
    updates = sorted((u for u in loaded.updates if u.id == item_id and u.date <= as_of),
                     key=lambda u: u.date)
    history = histories(updates).get(item_id, EMPTY)
    p = evaluate(item, history, as_of, loaded.workspace.settings)
    if fmt == "json":
        return to_json({**row(plan, p), "section": item.source.section, "note": item.note,
                        "updates": [as_json(u) for u in updates]})
    speaker = plan.speakers[item.source.speaker]
    area = plan.area(item.area)
    lines = [
        f"{item.title}（{item.id}）",
        f"领域：{area.name}    类型：{KIND_LABELS[item.kind]}    期限：{cn_date(item.start)} 至 "
        f"{cn_date(item.deadline)}",
    ]
    if item.quantitative and item.target is not None:
        word = "超过" if item.comparator == ">" else "达到"
        lines.append(f"目标：{item.metric}{word}{clean_number(item.target)}{item.unit}")
    lines += [
        f"出处：{speaker.title} {speaker.name}《{speaker.speech}》·{item.source.section}",
        f"原文：{item.source.text}",
    ]
    if item.note:
        lines.append(f"说明：{item.note}")
    lines.append(f"截至{cn_date(as_of)}：{p.label}，完成率 {percent(p.completion)}，"
                 f"时序进度 {percent(p.time_progress)}")
    lines.append(f"进度记录（{len(updates)} 条）：" if updates else "进度记录：暂无")
    for u in updates:
        shown = f"{clean_number(u.value)}{item.unit}" if u.value is not None else u.status
        extra = "".join(f"  {x}" for x in (u.note, f"填报人：{u.by}" if u.by else "",
                                            "（更正）" if u.replace else "") if x)
        lines.append(f"  {cn_date(u.date)}  {shown}{extra}")
    return "\n".join(lines) + "\n"
